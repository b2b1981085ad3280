#include "tester/oauth2_tokens.h"

namespace bb::tester {

using workspace::Auth;

namespace {

// "client_credentials", "clientCredentials" and "Client-Credentials" are the same grant.
QString normalisedGrant(const QString &grantType)
{
    QString g = grantType.trimmed().toLower();
    g.remove(QLatin1Char('_'));
    g.remove(QLatin1Char('-'));
    g.remove(QLatin1Char(' '));
    return g;
}

} // namespace

Result<client::OAuth2Config> oauth2Config(const Auth &auth, const client::HttpRequest &transport)
{
    using Grant = client::OAuth2Config::Grant;
    if (auth.kind != Auth::Kind::OAuth2)
        return Error::invalid(QStringLiteral("auth.kind: not OAuth 2.0"));
    client::OAuth2Config c;
    c.transport = transport;
    c.tokenUrl = auth.tokenUrl.trimmed();
    c.authUrl = auth.authUrl.trimmed();
    c.clientId = auth.clientId.trimmed();
    c.clientSecret = auth.clientSecret;
    c.scope = auth.scope.simplified();
    c.pkce = auth.pkce;

    const QString grant = normalisedGrant(auth.grantType);
    if (grant == QLatin1String("clientcredentials")) {
        c.grant = Grant::ClientCredentials;
    } else if (grant == QLatin1String("authorizationcode") ||
               grant == QLatin1String("authorizationcodewithpkce")) {
        c.grant = Grant::AuthorizationCode;
        c.pkce = auth.pkce || grant.endsWith(QLatin1String("pkce"));
        if (c.authUrl.isEmpty())
            return Error::invalid(
                QStringLiteral("auth.authUrl: the authorization code grant needs an auth URL"));
        if (auto r = client::setLoopbackRedirect(c, auth.redirectUri); !r)
            return Error::invalid(QStringLiteral("auth.redirectUri: %1").arg(r.error().message));
    } else if (grant == QLatin1String("password") ||
               grant == QLatin1String("passwordcredentials")) {
        c.grant = Grant::Password;
        c.username = auth.username;
        c.password = auth.password;
        if (c.username.isEmpty())
            return Error::invalid(
                QStringLiteral("auth.username: the password grant needs a username"));
    } else if (grant == QLatin1String("implicit")) {
        // The implicit grant hands the token over in a URL fragment, which a loopback listener
        // never sees; OAuth 2.0 Security BCP deprecates it in favour of code + PKCE.
        return Error::invalid(QStringLiteral(
            "auth.grantType: the implicit grant is not supported; use authorization_code with "
            "PKCE"));
    } else {
        return Error::invalid(
            QStringLiteral("auth.grantType: '%1' is not a grant type; use client_credentials, "
                           "authorization_code or password")
                .arg(auth.grantType));
    }
    if (c.tokenUrl.isEmpty())
        return Error::invalid(QStringLiteral("auth.tokenUrl: OAuth 2.0 needs a token URL"));
    if (c.clientId.isEmpty())
        return Error::invalid(QStringLiteral("auth.clientId: OAuth 2.0 needs a client id"));
    return c;
}

Auth resolveOAuth2Fields(const Auth &auth, const VariableScopes &variables)
{
    Auth r = auth;
    for (QString *s : {&r.grantType, &r.authUrl, &r.tokenUrl, &r.clientId, &r.clientSecret,
                       &r.scope, &r.redirectUri, &r.username, &r.password})
        *s = variables.resolve(*s);
    return r;
}

void OAuth2Tokens::setOpenBrowser(client::OAuth2TokenSource::OpenBrowser open)
{
    m_source.setOpenBrowser(std::move(open));
}

void OAuth2Tokens::setTransport(const client::HttpRequest &transport)
{
    std::lock_guard lock(m_mutex);
    m_transport = transport;
}

Result<client::OAuth2Config> OAuth2Tokens::configFor(const Auth &auth)
{
    client::HttpRequest transport;
    {
        std::lock_guard lock(m_mutex);
        transport = m_transport;
    }
    return oauth2Config(auth, transport);
}

OAuth2Tokens::TokenFunction OAuth2Tokens::tokenFunction()
{
    return [this](const Auth &auth) -> Result<QString> {
        const auto config = configFor(auth);
        if (!config)
            return config.error();
        return m_source.accessToken(*config);
    };
}

Result<client::OAuth2Token> OAuth2Tokens::fetchNow(const Auth &auth)
{
    const auto config = configFor(auth);
    if (!config)
        return config.error();
    m_source.forget(*config);
    return m_source.token(*config);
}

Result<client::OAuth2Token> OAuth2Tokens::fetchNow(const Auth &auth,
                                                   const VariableScopes &variables)
{
    return fetchNow(resolveOAuth2Fields(auth, variables));
}

} // namespace bb::tester
