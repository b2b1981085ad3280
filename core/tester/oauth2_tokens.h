// bb::tester — OAuth 2.0 for the endpoint tester: maps a request's OAuth 2.0 auth settings onto
// the client's token source, for buildRequest's BuildOptions::oauth2Token seam (sending, the
// collection runner) and for the auth editor's "Get token" button. One object per app or run,
// so every request of a collection shares the cached tokens.
#pragma once

#include "client/oauth2.h"
#include "common/result.h"
#include "tester/variables.h"
#include "workspace/request.h"

#include <functional>
#include <mutex>

namespace bb::tester {

/// The client's OAuth2Config for auth (kind OAuth2), whose fields are already resolved.
/// grantType accepts the names Postman and OpenAPI write, case- and separator-insensitively:
/// client_credentials / clientCredentials, authorization_code / authorizationCode,
/// authorization_code_with_pkce (forces PKCE), password / password_credentials. The password
/// grant takes auth.username and auth.password. transport carries the TLS/proxy options of the
/// token request. Errors name the field, e.g. "auth.grantType: ...".
Result<client::OAuth2Config> oauth2Config(const workspace::Auth &auth,
                                          const client::HttpRequest &transport = {});

/// auth with its OAuth 2.0 fields (URLs, client, scope, username/password, redirect URI)
/// resolved against variables, for callers that do not go through buildRequest.
workspace::Auth resolveOAuth2Fields(const workspace::Auth &auth, const VariableScopes &variables);

class OAuth2Tokens {
public:
    using TokenFunction = std::function<Result<QString>(const workspace::Auth &)>;

    /// Opens the authorization URL of the authorization code grant (e.g. QDesktopServices on
    /// the GUI thread; it is called from the thread asking for the token).
    void setOpenBrowser(client::OAuth2TokenSource::OpenBrowser open);
    /// TLS, CA bundle, proxy and timeout for token requests.
    void setTransport(const client::HttpRequest &transport);

    /// For BuildOptions::oauth2Token. buildRequest resolves every auth field before it calls
    /// the seam, so the function takes them as they come. Returns the cached token while it is
    /// fresh. The function refers to this object, which must outlive it. Thread-safe.
    TokenFunction tokenFunction();

    /// A new token for auth (fields already resolved), whatever is cached; it replaces the
    /// cached one, so the next send uses it. Blocks (the authorization code grant waits for the
    /// browser): call it off the GUI thread.
    Result<client::OAuth2Token> fetchNow(const workspace::Auth &auth);
    /// The same for auth as the user wrote it, resolved against variables first.
    Result<client::OAuth2Token> fetchNow(const workspace::Auth &auth,
                                         const VariableScopes &variables);

    /// Forgets every cached token (e.g. when the workspace closes).
    void clear() { m_source.clear(); }
    client::OAuth2TokenSource &source() { return m_source; }

private:
    Result<client::OAuth2Config> configFor(const workspace::Auth &auth);

    client::OAuth2TokenSource m_source;
    std::mutex m_mutex; ///< guards m_transport
    client::HttpRequest m_transport;
};

} // namespace bb::tester
