// bb::client — OAuth 2.0 access tokens for the endpoint tester: the client credentials grant, the
// resource owner password credentials grant, and the authorization code grant with PKCE (S256),
// whose redirect is caught on a 127.0.0.1 port. Tokens are cached per (token URL, client id,
// scope, username), reused until they are about to expire, then refreshed with their
// refresh_token or fetched again.
#pragma once

#include "client/http_types.h"
#include "common/result.h"

#include <QDateTime>
#include <QMap>
#include <QUrl>

#include <functional>
#include <mutex>
#include <tuple>

namespace bb::client {

struct OAuth2Config {
    enum class Grant {
        ClientCredentials,
        AuthorizationCode,
        /// Resource owner password credentials (RFC 6749 §4.3): the user's own username and
        /// password go to the token endpoint. Legacy, but still what many internal APIs use.
        Password,
    };
    /// How the client proves itself at the token endpoint (RFC 6749 §2.3.1).
    enum class ClientAuth {
        Basic, ///< client_secret_basic: an Authorization: Basic header
        Post,  ///< client_secret_post: client_id and client_secret in the form body
    };
    Grant grant = Grant::ClientCredentials;
    ClientAuth clientAuth = ClientAuth::Basic;
    QString tokenUrl;
    QString authUrl; ///< authorization code only
    QString clientId;
    QString clientSecret; ///< may be empty for a public client using PKCE
    QString scope;        ///< space-separated; empty = none sent
    QString username;     ///< password grant only
    QString password;     ///< password grant only
    bool pkce = true;     ///< authorization code: send an S256 code challenge
    /// Authorization code: the loopback port the redirect comes back to (0 = any free port) and
    /// its path; the redirect URI is http://127.0.0.1:<port><path>.
    quint16 redirectPort = 0;
    QString redirectPath = QStringLiteral("/callback");
    int authorizationTimeoutMs = 120000; ///< how long to wait for the browser's redirect
    /// Transport options (TLS, CA bundle, client certificate, proxy, timeout) for the token
    /// request; its method, URL, headers, body and auth are replaced.
    HttpRequest transport;
};

/// Sets config's redirect port and path from a redirect URI the user configured, e.g.
/// "http://127.0.0.1:8765/callback" (an empty URI keeps port 0 = any, path /callback). Only
/// http on a loopback address can be caught here, so anything else is refused (RFC 8252 §7.3).
Result<void> setLoopbackRedirect(OAuth2Config &config, const QString &redirectUri);

struct OAuth2Token {
    QByteArray accessToken;
    QByteArray tokenType; ///< usually "Bearer"
    QByteArray refreshToken;
    QString scope;        ///< as granted, when the server says
    QDateTime obtainedAt; ///< UTC
    QDateTime expiresAt;  ///< UTC; invalid when the server gave no expires_in
};

class OAuth2TokenSource {
public:
    /// Called with the authorization URL the user's browser must open (from the thread calling
    /// token()); the caller opens it, e.g. with QDesktopServices::openUrl on the GUI thread.
    using OpenBrowser = std::function<void(const QUrl &authorizationUrl)>;
    using Clock = std::function<QDateTime()>;

    OAuth2TokenSource();

    void setOpenBrowser(OpenBrowser open);
    /// For tests: the wall clock deciding expiry.
    void setClock(Clock clock);

    /// A valid token for config: the cached one while it is fresh, else refreshed or fetched.
    /// Blocks (up to authorizationTimeoutMs for the authorization code grant); thread-safe, and
    /// fetches are serialised so two callers never start two browser flows at once.
    Result<OAuth2Token> token(const OAuth2Config &config);
    /// The same, as the text to put after "Bearer ".
    Result<QString> accessToken(const OAuth2Config &config);
    /// Forgets every cached token.
    void clear();
    /// Forgets the token cached for config, so the next token() fetches a new one.
    void forget(const OAuth2Config &config);

    /// PKCE S256: base64url(SHA-256(verifier)) without padding (RFC 7636 §4.2).
    static QByteArray codeChallenge(const QByteArray &verifier);

private:
    /// (token URL, client id, scope, username): two users of one client get their own tokens.
    using Key = std::tuple<QString, QString, QString, QString>;
    static Key keyOf(const OAuth2Config &config);
    bool isFresh(const OAuth2Token &token) const;
    Result<OAuth2Token> fetch(const OAuth2Config &config);

    std::mutex m_mutex;      ///< guards the cache and the hooks
    std::mutex m_fetchMutex; ///< one network fetch at a time
    QMap<Key, OAuth2Token> m_cache;
    OpenBrowser m_openBrowser;
    Clock m_clock;
};

} // namespace bb::client
