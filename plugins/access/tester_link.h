// bb::plugins::access — hands a ready request to the endpoint tester through the shell.
#pragma once

#include <QString>
#include <QUrl>
#include <QVariantMap>

namespace bb::shell {
class ShellContext;
}

namespace bb::plugins::access {

inline const QString kTesterAction = QStringLiteral("openInTester");

/// Why the tester cannot be opened ("not available yet"), or empty when it can.
QString testerUnavailableReason(const shell::ShellContext *context);

/// Invokes "openInTester" with {method, url, headers} (+ `extra`); an empty token sends no
/// Authorization header. Returns false with `*why` set when nobody provides the action.
bool openInTester(shell::ShellContext *context, const QString &method, const QUrl &url,
                  const QString &token, const QVariantMap &extra = {}, QString *why = nullptr);

/// `base` + `path`, keeping any path prefix the base has (a server behind a reverse proxy).
QUrl joinUrl(const QUrl &base, const QString &path);

} // namespace bb::plugins::access
