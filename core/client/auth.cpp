#include "client/auth.h"

#include <QUrl>

namespace bb::client {

namespace {
Auth make(Auth::Kind kind)
{
    Auth a;
    a.kind = kind;
    return a;
}
} // namespace

Auth basicAuth(const QString &user, const QString &password)
{
    Auth a = make(Auth::Kind::Basic);
    a.user = user;
    a.password = password;
    return a;
}

Auth bearerAuth(const QByteArray &token)
{
    Auth a = make(Auth::Kind::Bearer);
    a.token = token;
    return a;
}

Auth apiKeyHeader(const QByteArray &headerName, const QByteArray &key)
{
    Auth a = make(Auth::Kind::ApiKeyHeader);
    a.keyName = headerName;
    a.token = key;
    return a;
}

Auth apiKeyQuery(const QByteArray &paramName, const QByteArray &key)
{
    Auth a = make(Auth::Kind::ApiKeyQuery);
    a.keyName = paramName;
    a.token = key;
    return a;
}

Auth digestAuth(const QString &user, const QString &password)
{
    Auth a = basicAuth(user, password);
    a.kind = Auth::Kind::Digest;
    return a;
}

Auth awsSigV4(const QString &accessKeyId, const QString &secretKey, const QByteArray &provider)
{
    Auth a = basicAuth(accessKeyId, secretKey);
    a.kind = Auth::Kind::AwsSigV4;
    a.awsSigV4 = provider;
    return a;
}

HttpRequest withTextAuth(HttpRequest request)
{
    const Auth &a = request.auth;
    switch (a.kind) {
    case Auth::Kind::Bearer:
        request.headers.append({"Authorization", "Bearer " + a.token});
        break;
    case Auth::Kind::ApiKeyHeader:
        request.headers.append({a.keyName, a.token});
        break;
    case Auth::Kind::ApiKeyQuery: {
        QUrl url(request.url);
        // Encoded by hand: QUrlQuery leaves '+' and '&' in values ambiguous.
        const QString pair =
            QString::fromLatin1(QUrl::toPercentEncoding(QString::fromUtf8(a.keyName)) + '=' +
                                QUrl::toPercentEncoding(QString::fromUtf8(a.token)));
        const QString existing = url.query(QUrl::FullyEncoded);
        url.setQuery(existing.isEmpty() ? pair : existing + QLatin1Char('&') + pair,
                     QUrl::StrictMode);
        request.url = url.toString(QUrl::FullyEncoded);
        break;
    }
    default:
        break;
    }
    return request;
}

} // namespace bb::client
