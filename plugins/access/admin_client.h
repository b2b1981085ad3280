// bb::plugins::access — the admin API over HTTP (QNetworkAccessManager), JSON in and out.
#pragma once

#include "admin_api.h"

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

namespace bb::plugins::access {

/// Asynchronous JSON-over-HTTP client. It knows nothing about which target it talks to: the
/// base URL and the bearer token come from providers asked on every request, so it follows
/// the embedded engine's port and token and works the same for a remote `backbench serve`.
class AdminClient final : public AdminApi {
    Q_OBJECT
public:
    /// Called after a 401; `done(true)` means a fresh token is available and the request is
    /// sent once more, `done(false)` that the 401 stands.
    using RenewToken = std::function<void(std::function<void(bool)> done)>;

    static constexpr int kDefaultTimeoutMs = 15'000;

    AdminClient(std::function<QUrl()> baseUrl, std::function<QString()> token,
                QObject *parent = nullptr);

    /// Null (the default) means a 401 is reported as is.
    void setRenewToken(RenewToken renew) { m_renew = std::move(renew); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    /// Forgets whether the target answered, so the next answer reports it again (after a new
    /// target or sign-in, whose listener waits for that report).
    void resetReachability() { m_reachable = -1; }

    void send(const ApiRequest &request, QObject *context, ApiCallback done) override;
    QUrl baseUrl() const override;

    /// The URL a request goes to; '+' and other reserved characters in the query are
    /// percent-encoded so an email like a+b@x survives.
    static QUrl urlFor(const QUrl &base, const ApiRequest &request);

private:
    void dispatch(const ApiRequest &request, QPointer<QObject> context, ApiCallback done,
                  bool retried);
    ApiResponse readReply(QNetworkReply *reply, const ApiRequest &request, bool timedOut);
    void noteReachability(bool reachable, const QString &message);

    std::function<QUrl()> m_baseUrl;
    std::function<QString()> m_token;
    RenewToken m_renew;
    QNetworkAccessManager *m_net;
    int m_timeoutMs = kDefaultTimeoutMs;
    int m_reachable = -1; ///< -1 unknown, 0 no, 1 yes
    QString m_lastMessage;
};

} // namespace bb::plugins::access
