#include "oauth2_fetcher.h"

#include <QCoreApplication>
#include <QDesktopServices>
#include <QThread>

namespace bb::plugins::endpoints {

Result<client::OAuth2Config> oauth2Config(const workspace::Auth &auth)
{
    client::OAuth2Config c;
    c.grant = auth.grantType == QLatin1String("authorization_code")
                  ? client::OAuth2Config::Grant::AuthorizationCode
                  : client::OAuth2Config::Grant::ClientCredentials;
    c.tokenUrl = auth.tokenUrl;
    c.authUrl = auth.authUrl;
    c.clientId = auth.clientId;
    c.clientSecret = auth.clientSecret;
    c.scope = auth.scope;
    c.pkce = auth.pkce;
    if (c.tokenUrl.isEmpty())
        return Error::invalid(QObject::tr("OAuth 2.0: the token URL is empty"));
    if (c.grant == client::OAuth2Config::Grant::AuthorizationCode && c.authUrl.isEmpty())
        return Error::invalid(QObject::tr("OAuth 2.0: the authorization URL is empty"));
    if (auto r = client::setLoopbackRedirect(c, auth.redirectUri); !r)
        return r.error();
    return c;
}

OAuth2Fetcher::OAuth2Fetcher(QObject *parent)
    : QObject(parent)
    , m_source(std::make_shared<client::OAuth2TokenSource>())
{
    // Called from the worker: the browser must be opened from the GUI thread.
    m_source->setOpenBrowser([](const QUrl &url) {
        QMetaObject::invokeMethod(
            qApp, [url] { QDesktopServices::openUrl(url); }, Qt::QueuedConnection);
    });
}

OAuth2Fetcher::~OAuth2Fetcher() = default;

void OAuth2Fetcher::fetch(const workspace::Auth &resolvedAuth,
                          std::function<void(Result<QString>)> done)
{
    auto config = oauth2Config(resolvedAuth);
    if (!config) {
        done(config.error());
        return;
    }
    auto result = std::make_shared<Result<QString>>(Error::internal(QString()));
    auto source = m_source; // shared: the worker may outlive this object
    QThread *worker =
        QThread::create([source, result, c = *config] { *result = source->accessToken(c); });
    connect(worker, &QThread::finished, this, [result, done] { done(*result); });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

} // namespace bb::plugins::endpoints
