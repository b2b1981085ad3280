// bb::engine::auth — identity inside one engine: who a request is (tokens, API keys), logins,
// refreshes and logouts, and the first admins. It owns the identity stores; the admin handlers
// use those directly and tell this class what changed so its caches follow.
#pragma once

#include "common/result.h"
#include "engine/auth/api_key_store.h"
#include "engine/auth/audit_log.h"
#include "engine/auth/role_store.h"
#include "engine/auth/session_store.h"
#include "engine/auth/user_store.h"
#include "engine/engine_config.h"
#include "http/message.h"
#include "identity/jwt.h"
#include "identity/password_hasher.h"

#include <QHash>

#include <memory>
#include <mutex>
#include <optional>

namespace bb::telemetry {
class LogRing;
}

namespace bb::engine::auth {

/// The caller as authentication found them.
struct Caller {
    qint64 id = 0;
    QString email;
    QStringList roles;
    /// The role names joined, computed once per cached user: the authorize stage's memo key.
    std::string rolesKey;
    QString sessionId; ///< for bearer tokens
    bool viaApiKey = false;
};

/// What a verified access token says, kept per thread until the token expires.
struct VerifiedToken {
    qint64 userId = 0;
    int tokenVersion = 0;
    qint64 expiresAt = 0;
    QString sessionId;
};

/// Why credentials were refused, for logs and the 401's detail (never echoes them).
struct AuthRefusal {
    QString reason; ///< stable, e.g. "bad_signature", "stale_token", "unknown_api_key"
    QString detail; ///< for people
};

/// The answer to a login or refresh: tokens, or an HTTP status with a message.
struct TokenGrant {
    QByteArray accessToken;
    QByteArray refreshToken;
    User user;
};
struct AuthFailure {
    int status = 401;
    QString detail;
    int retryAfterSeconds = 0; ///< for 429
};
using GrantResult = std::variant<TokenGrant, AuthFailure>;

class IdentityService {
public:
    IdentityService(store::Database &db, const EngineConfig &config, telemetry::LogRing &logs);
    ~IdentityService();

    /// Loads the signing key and roles, and creates the admins this start needs.
    Result<void> start(const QString &dataDir);

    /// No credentials: nullopt caller and no refusal. Bad ones: a refusal.
    std::variant<std::monostate, Caller, AuthRefusal> authenticate(const http::Request &request);

    GrantResult login(const QString &email, const QString &password, const QString &ip,
                      const QString &userAgent);
    GrantResult refresh(const QByteArray &refreshToken);
    /// Ends `sessionId` (from the bearer token) or the session of `refreshToken`. False when
    /// neither names a session.
    Result<bool> logout(const QString &sessionId, const QByteArray &refreshToken);
    /// Self-registration (the caller checks it is enabled).
    Result<User> registerUser(const QString &email, const QString &password,
                              const QString &displayName, const QString &ip);

    /// A fresh access token for `user` in `sessionId` (may be empty).
    QByteArray issueAccessToken(const User &user, const QString &sessionId) const;
    /// Not const: it may read the user's current version into the cache.
    QString issueLocalAdminToken();
    /// The first admin's generated password on this start, else empty.
    QString generatedAdminPassword() const { return m_generatedPassword; }
    QString generatedAdminEmail() const { return m_generatedEmail; }

    /// Hashes a new password with the engine's parameters; Invalid for a weak one.
    Result<QByteArray> hashPassword(const QString &password) const;
    /// A random password people can type: 20 characters from an unambiguous alphabet.
    static QString generatePassword();
    /// A reason `password` is unacceptable (too short or long), or empty.
    static QString passwordProblem(const QString &password);

    /// Forget cached facts about a user after a change (token version, roles, disabled).
    void userChanged(qint64 id);
    /// Every cached user: roles were renamed or removed.
    void allUsersChanged();

    const EngineConfig &config() const { return m_config; }
    std::optional<qint64> localAdminId() const { return m_localAdminId; }

    UserStore users;
    RoleStore roles;
    SessionStore sessions;
    ApiKeyStore apiKeys;
    AuditLog audit;

private:
    struct CachedUser {
        int tokenVersion;
        bool disabled;
        QStringList roles;
        QString email;
        qint64 loadedMs;
        std::string rolesKey; ///< see Caller::rolesKey
    };
    /// Shared, so a request takes one reference rather than copying the roles and email.
    std::shared_ptr<const CachedUser> cachedUser(qint64 id);
    Result<void> provisionLocalAdmin();
    Result<void> provisionFirstAdmin();
    /// The audit entry of an admin the engine made at start (`kind`: localAdmin, firstAdmin).
    Result<void> auditAdminCreated(QSqlDatabase &conn, const User &user, const QString &kind);
    std::optional<AuthFailure> lockedOut(const QString &email, const std::optional<User> &user);
    void countUnknownFailure(const QString &email);
    /// The mutex that serialises login attempts on one address.
    std::shared_ptr<std::mutex> addressLock(const QString &email);
    GrantResult grantFor(const User &user, const IssuedRefresh &session);
    const VerifiedToken *verifiedToken(std::string_view token, qint64 now) const;
    const VerifiedToken *rememberToken(std::string_view token, VerifiedToken verified);

    store::Database &m_db;
    const EngineConfig &m_config;
    /// Unique per service in the process, so a thread's token memo never outlives its engine.
    const std::uint64_t m_generation;
    telemetry::LogRing &m_logs;
    identity::PasswordHasher m_hasher;
    std::unique_ptr<identity::JwtVerifier> m_jwt;
    std::optional<qint64> m_localAdminId;
    QString m_generatedPassword;
    QString m_generatedEmail;

    std::mutex m_cacheMutex;
    QHash<qint64, std::shared_ptr<const CachedUser>> m_cache;

    // Failures for addresses with no account, so they lock exactly like real ones and a 429
    // says nothing about whether an account exists.
    struct UnknownFailures {
        int count = 0;
        qint64 lockedUntilMs = 0;
    };
    std::mutex m_unknownMutex;
    QHash<QString, UnknownFailures> m_unknown;
    QHash<QString, std::shared_ptr<std::mutex>> m_addressLocks;
};

} // namespace bb::engine::auth
