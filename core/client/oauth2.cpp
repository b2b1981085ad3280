#include "client/oauth2.h"

#include "client/curl_transfer_p.h"
#include "client/oauth2_redirect_p.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QUrlQuery>

namespace bb::client {

namespace {

// Form encoding as RFC 6749 appendix B wants it: space as '+', everything else unreserved kept.
QByteArray formEncode(const QString &value)
{
    return QUrl::toPercentEncoding(value, " ").replace(' ', '+');
}

QByteArray formBody(const QList<QPair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[name, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += formEncode(name) + '=' + formEncode(value);
    }
    return body;
}

QByteArray randomUrlSafe(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), bytes / 4);
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// The token endpoint's answer: JSON normally, form-encoded from a few older servers.
QVariantMap parseTokenBody(const HttpResponse &r)
{
    const QJsonDocument json = QJsonDocument::fromJson(r.body);
    if (json.isObject())
        return json.object().toVariantMap();
    QVariantMap out;
    if (r.header("Content-Type").contains("x-www-form-urlencoded")) {
        const QUrlQuery q(QString::fromUtf8(r.body));
        for (const auto &[k, v] : q.queryItems(QUrl::FullyDecoded))
            out.insert(k, v);
    }
    return out;
}

Result<OAuth2Token> postToken(const OAuth2Config &c, QList<QPair<QString, QString>> fields,
                              const QDateTime &now)
{
    HttpRequest req = c.transport;
    req.method = "POST";
    req.url = c.tokenUrl;
    req.auth = {};
    req.body = {};
    req.body.kind = RequestBody::Kind::Bytes;
    req.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                   {"Accept", "application/json"}};
    if (c.clientAuth == OAuth2Config::ClientAuth::Basic && !c.clientSecret.isEmpty()) {
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined.
        const QByteArray pair = formEncode(c.clientId) + ':' + formEncode(c.clientSecret);
        req.headers.append({"Authorization", "Basic " + pair.toBase64()});
    } else {
        fields.append({QStringLiteral("client_id"), c.clientId});
        if (!c.clientSecret.isEmpty())
            fields.append({QStringLiteral("client_secret"), c.clientSecret});
    }
    req.body.bytes = formBody(fields);
    if (req.timeoutMs <= 0)
        req.timeoutMs = 30000;

    TransferControl control;
    const HttpResponse r = runTransfer(req, nullptr, control);
    if (!r.ok())
        return Error::io(QStringLiteral("token request to %1 failed: %2").arg(c.tokenUrl, r.error));
    const QVariantMap body = parseTokenBody(r);
    if (r.status < 200 || r.status >= 300 || body.contains(QStringLiteral("error"))) {
        const QString error = body.value(QStringLiteral("error")).toString();
        const QString description = body.value(QStringLiteral("error_description")).toString();
        QString said = error.isEmpty() ? QString::fromUtf8(r.body.left(300)).trimmed() : error;
        if (!description.isEmpty())
            said += ": " + description;
        return Error::invalid(QStringLiteral("the token endpoint answered %1: %2")
                                  .arg(r.status)
                                  .arg(said.isEmpty() ? QStringLiteral("(empty body)") : said));
    }
    OAuth2Token t;
    t.accessToken = body.value(QStringLiteral("access_token")).toString().toUtf8();
    if (t.accessToken.isEmpty())
        return Error::invalid(
            QStringLiteral("the token endpoint answered %1 without an access_token").arg(r.status));
    t.tokenType =
        body.value(QStringLiteral("token_type"), QStringLiteral("Bearer")).toString().toUtf8();
    t.refreshToken = body.value(QStringLiteral("refresh_token")).toString().toUtf8();
    t.scope = body.value(QStringLiteral("scope")).toString();
    t.obtainedAt = now;
    bool ok = false;
    const qint64 expiresIn = body.value(QStringLiteral("expires_in")).toLongLong(&ok);
    if (ok && expiresIn > 0)
        t.expiresAt = now.addSecs(expiresIn);
    return t;
}

Result<OAuth2Token> authorizationCode(const OAuth2Config &c,
                                      const OAuth2TokenSource::OpenBrowser &open,
                                      const QDateTime &now)
{
    if (c.authUrl.isEmpty())
        return Error::invalid(QStringLiteral("the authorization code grant needs an auth URL"));
    if (!open)
        return Error::invalid(
            QStringLiteral("the authorization code grant needs a way to open the browser"));
    OAuth2Redirect redirect;
    if (auto listening = redirect.listen(c.redirectPort); !listening)
        return listening.error();
    const QString redirectUri = redirect.redirectUri(c.redirectPath);
    const QString state = QString::fromLatin1(randomUrlSafe(24));
    const QByteArray verifier = randomUrlSafe(48); // 64 characters, within RFC 7636's 43..128

    QUrl url(c.authUrl);
    QUrlQuery query(url);
    query.addQueryItem(QStringLiteral("response_type"), QStringLiteral("code"));
    query.addQueryItem(QStringLiteral("client_id"), c.clientId);
    query.addQueryItem(QStringLiteral("redirect_uri"), redirectUri);
    if (!c.scope.isEmpty())
        query.addQueryItem(QStringLiteral("scope"), c.scope);
    query.addQueryItem(QStringLiteral("state"), state);
    if (c.pkce) {
        query.addQueryItem(QStringLiteral("code_challenge"),
                           QString::fromLatin1(OAuth2TokenSource::codeChallenge(verifier)));
        query.addQueryItem(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    }
    // Percent-encode the values fully: '+' or ':' in them must reach the server unchanged.
    QUrlQuery encoded;
    for (const auto &[k, v] : query.queryItems(QUrl::FullyDecoded))
        encoded.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(k)),
                             QString::fromLatin1(QUrl::toPercentEncoding(v)));
    url.setQuery(encoded);
    open(url);

    const auto answer = redirect.waitForRedirect(c.redirectPath, state, c.authorizationTimeoutMs);
    if (!answer)
        return answer.error();
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
        {QStringLiteral("code"),
         answer->queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded)},
        {QStringLiteral("redirect_uri"), redirectUri}};
    if (c.pkce)
        fields.append({QStringLiteral("code_verifier"), QString::fromLatin1(verifier)});
    return postToken(c, fields, now);
}

} // namespace

Result<void> setLoopbackRedirect(OAuth2Config &config, const QString &redirectUri)
{
    if (redirectUri.trimmed().isEmpty()) {
        config.redirectPort = 0;
        config.redirectPath = QStringLiteral("/callback");
        return {};
    }
    const QUrl url(redirectUri.trimmed(), QUrl::StrictMode);
    const QString host = url.host().toLower();
    const bool loopback = host == QLatin1String("127.0.0.1") ||
                          host == QLatin1String("localhost") || host == QLatin1String("::1");
    if (!url.isValid() || url.scheme().toLower() != QLatin1String("http") || !loopback)
        return Error::invalid(
            QStringLiteral("the redirect URI must be http on 127.0.0.1 to be caught: %1")
                .arg(redirectUri));
    config.redirectPort = quint16(qMax(0, url.port(0)));
    config.redirectPath = url.path().isEmpty() ? QStringLiteral("/") : url.path();
    return {};
}

OAuth2TokenSource::OAuth2TokenSource()
    : m_clock([] { return QDateTime::currentDateTimeUtc(); })
{}

void OAuth2TokenSource::setOpenBrowser(OpenBrowser open)
{
    std::lock_guard lock(m_mutex);
    m_openBrowser = std::move(open);
}

void OAuth2TokenSource::setClock(Clock clock)
{
    std::lock_guard lock(m_mutex);
    m_clock = std::move(clock);
}

void OAuth2TokenSource::clear()
{
    std::lock_guard lock(m_mutex);
    m_cache.clear();
}

void OAuth2TokenSource::forget(const OAuth2Config &config)
{
    std::lock_guard lock(m_mutex);
    m_cache.remove(keyOf(config));
}

OAuth2TokenSource::Key OAuth2TokenSource::keyOf(const OAuth2Config &config)
{
    const QString user =
        config.grant == OAuth2Config::Grant::Password ? config.username : QString();
    return {config.tokenUrl, config.clientId, config.scope, user};
}

QByteArray OAuth2TokenSource::codeChallenge(const QByteArray &verifier)
{
    return QCryptographicHash::hash(verifier, QCryptographicHash::Sha256)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

bool OAuth2TokenSource::isFresh(const OAuth2Token &t) const
{
    if (!t.expiresAt.isValid())
        return true; // no expires_in: good until the server says otherwise
    // Renew a little early so a token does not expire between here and the server; short-lived
    // tokens get a proportional margin so they are still reused at all.
    const qint64 lifetimeMs = t.obtainedAt.msecsTo(t.expiresAt);
    const qint64 marginMs = qMin<qint64>(30000, lifetimeMs / 4);
    return m_clock().msecsTo(t.expiresAt) > marginMs;
}

Result<OAuth2Token> OAuth2TokenSource::token(const OAuth2Config &config)
{
    if (config.tokenUrl.isEmpty())
        return Error::invalid(QStringLiteral("OAuth 2.0 needs a token URL"));
    if (config.clientId.isEmpty())
        return Error::invalid(QStringLiteral("OAuth 2.0 needs a client id"));
    if (config.grant == OAuth2Config::Grant::Password && config.username.isEmpty())
        return Error::invalid(QStringLiteral("the password grant needs a username"));
    const Key key = keyOf(config);
    // A fresh cached token is returned without waiting for another caller's fetch (which may
    // be a browser flow lasting minutes).
    {
        std::lock_guard lock(m_mutex);
        const OAuth2Token cached = m_cache.value(key);
        if (!cached.accessToken.isEmpty() && isFresh(cached))
            return cached;
    }
    std::lock_guard fetching(m_fetchMutex);
    OAuth2Token cached;
    OpenBrowser open;
    QDateTime now;
    {
        // Again: the fetch this caller waited for may have been for the same key.
        std::lock_guard lock(m_mutex);
        cached = m_cache.value(key);
        if (!cached.accessToken.isEmpty() && isFresh(cached))
            return cached;
        open = m_openBrowser;
        now = m_clock();
    }
    Result<OAuth2Token> fetched = Error::internal(QString());
    if (!cached.refreshToken.isEmpty()) {
        QList<QPair<QString, QString>> fields{
            {QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
            {QStringLiteral("refresh_token"), QString::fromUtf8(cached.refreshToken)}};
        if (!config.scope.isEmpty())
            fields.append({QStringLiteral("scope"), config.scope});
        fetched = postToken(config, fields, now);
        // RFC 6749 §6: the server may keep the old refresh token and not send a new one.
        if (fetched && fetched->refreshToken.isEmpty())
            fetched->refreshToken = cached.refreshToken;
    }
    if (!fetched) { // no refresh token, or the refresh was refused: start over
        if (config.grant == OAuth2Config::Grant::ClientCredentials) {
            QList<QPair<QString, QString>> fields{
                {QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
            if (!config.scope.isEmpty())
                fields.append({QStringLiteral("scope"), config.scope});
            fetched = postToken(config, fields, now);
        } else if (config.grant == OAuth2Config::Grant::Password) {
            QList<QPair<QString, QString>> fields{
                {QStringLiteral("grant_type"), QStringLiteral("password")},
                {QStringLiteral("username"), config.username},
                {QStringLiteral("password"), config.password}};
            if (!config.scope.isEmpty())
                fields.append({QStringLiteral("scope"), config.scope});
            fetched = postToken(config, fields, now);
        } else {
            fetched = authorizationCode(config, open, now);
        }
    }
    std::lock_guard lock(m_mutex);
    if (fetched)
        m_cache.insert(key, *fetched);
    else
        m_cache.remove(key);
    return fetched;
}

Result<QString> OAuth2TokenSource::accessToken(const OAuth2Config &config)
{
    const auto t = token(config);
    if (!t)
        return t.error();
    return QString::fromUtf8(t->accessToken);
}

} // namespace bb::client
