// bb::plugins::access — turns an HTTP failure into one readable message.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

namespace bb::plugins::access {

/// The message for a failed answer: an RFC 9457 problem's `detail` (or its `title`, or the
/// status) followed by its field errors as "field: message". Fills `fieldErrors` when given.
QString describeProblem(int status, const QByteArray &body,
                        QHash<QString, QStringList> *fieldErrors = nullptr);

/// "email: must be unique; password: too short" — field errors in a stable (sorted) order.
QString joinFieldErrors(const QHash<QString, QStringList> &fieldErrors);

} // namespace bb::plugins::access
