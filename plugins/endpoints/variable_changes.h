// bb::plugins::endpoints — what a send's scripts changed in one variable scope, applied to that
// scope as it is now, so a send does not undo what another tab's send or an edit stored meanwhile.
#pragma once

#include "workspace/request.h"

#include <QList>
#include <QStringList>

namespace bb::plugins::endpoints {

/// `current` with the changes from `before` to `after` applied: variables added or changed are
/// set (in place, or appended), variables removed are removed. Names in `ignored` are left alone.
QList<workspace::KeyValue> withChanges(QList<workspace::KeyValue> current,
                                       const QList<workspace::KeyValue> &before,
                                       const QList<workspace::KeyValue> &after,
                                       const QStringList &ignored = {});

} // namespace bb::plugins::endpoints
