// Private: the loopback end of the authorization code grant (RFC 8252 §7.3). Listens on
// 127.0.0.1, waits for the browser's GET to the redirect path, answers it with a small HTML page
// and hands back the query. Blocking socket calls, so it works on any thread, event loop or not.
#pragma once

#include "common/result.h"

#include <QTcpServer>
#include <QUrlQuery>

namespace bb::client {

class OAuth2Redirect {
public:
    /// Starts listening; port 0 picks a free one.
    Result<void> listen(quint16 port);
    QString redirectUri(const QString &path) const;

    /// Waits up to timeoutMs for a request to path and returns its query. Requests to other
    /// paths (a browser's /favicon.ico) get a 404 and the wait goes on. expectedState is checked
    /// here so the browser is told at once when it does not match.
    Result<QUrlQuery> waitForRedirect(const QString &path, const QString &expectedState,
                                      int timeoutMs);

private:
    QTcpServer m_server;
};

} // namespace bb::client
