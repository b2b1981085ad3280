// bb::plugins::endpoints — fetches the engine's own trace of a request the tester sent
// (GET /api/admin/traces/{traceId}), retrying briefly because the engine stores a trace only
// after the response has gone out.
#pragma once

#include "client/http_client.h"

#include <QObject>
#include <QUrl>

#include <functional>

namespace bb::plugins::endpoints {

/// True when url points at the same scheme, host and port as engineBase (the tester then asks
/// the engine for its side of the request).
bool isSameOrigin(const QUrl &url, const QUrl &engineBase);
/// The trace id (32 hex digits) of a W3C traceparent value, or empty.
QString traceIdOf(const QByteArray &traceParent);

class TraceFetcher : public QObject {
    Q_OBJECT
public:
    using TokenProvider = std::function<QString()>;

    TraceFetcher(client::HttpClient *client, TokenProvider token, QObject *parent = nullptr);

    /// Asks `engineBase` for the trace; emits fetched or unavailable once for it. Fetches of
    /// other traces still running go on (each tab follows its own send's trace).
    void fetch(const QUrl &engineBase, const QString &traceId);
    /// Attempts and the pause between them while the engine answers 404.
    void setRetry(int attempts, int delayMs);

signals:
    void fetched(const QString &traceId, const QByteArray &traceJson);
    void unavailable(const QString &traceId, const QString &why);

private:
    void attempt(const QUrl &base, const QString &traceId, int left);

    client::HttpClient *m_client;
    TokenProvider m_token;
    int m_attempts = 6;
    int m_delayMs = 150;
};

} // namespace bb::plugins::endpoints
