#include "engine/auth/identity_service.h"

#include "common/clock.h"
#include "common/ids.h"
#include "engine/auth/sql_values.h"
#include "identity/opaque_token.h"
#include "identity/signing_key.h"
#include "telemetry/log_ring.h"

#include <sodium.h>

#include <unordered_map>

namespace bb::engine::auth {

namespace {

// Facts about a user (token version, roles, disabled) are trusted this long before they are
// read again, so that engines sharing one PostgreSQL database see each other's changes
// quickly, while this engine's own changes apply at once (userChanged()).
constexpr qint64 kUserCacheMs = 5'000;
constexpr qsizetype kMaxCachedUsers = 50'000;
constexpr qsizetype kMaxUnknownAddresses = 10'000;
constexpr qsizetype kMinPasswordLength = 8;
constexpr qsizetype kMaxPasswordLength = 1024;

const QString kLocalAdminEmail = QStringLiteral("backbench-app@localhost.invalid");
const QString kFirstAdminEmail = QStringLiteral("admin@localhost");

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

std::string_view bearerToken(std::string_view header, bool *isBearer)
{
    constexpr std::string_view scheme = "bearer ";
    *isBearer = header.size() > scheme.size() &&
                std::equal(scheme.begin(), scheme.end(), header.begin(), [](char a, char b) {
                    return a == (b >= 'A' && b <= 'Z' ? char(b - 'A' + 'a') : b);
                });
    if (!*isBearer)
        return {};
    std::string_view rest = header.substr(scheme.size());
    while (!rest.empty() && rest.front() == ' ')
        rest.remove_prefix(1);
    return rest;
}

// Tokens this thread verified, by their exact text: a client sends the same token on every
// request until it expires, and the signature and claims of identical bytes cannot change.
// What can change (the user's version, disabled, a logout) is still checked on every request.
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
struct TokenMemo {
    const IdentityService *owner = nullptr;
    std::uint64_t generation = 0;
    std::unordered_map<std::string, VerifiedToken, TextHash, std::equal_to<>> tokens;
};
thread_local TokenMemo t_tokens;
std::atomic<std::uint64_t> g_services{0};
constexpr std::size_t kMaxMemoTokens = 4096;

bool hasPassword(const User &u)
{
    return !u.localAdmin && !u.passwordHash.isEmpty();
}

} // namespace

IdentityService::IdentityService(store::Database &db, const EngineConfig &config,
                                 telemetry::LogRing &logs)
    : users(db)
    , roles(db)
    , sessions(db)
    , apiKeys(db)
    , audit(db)
    , m_db(db)
    , m_config(config)
    , m_generation(++g_services)
    , m_logs(logs)
{}

IdentityService::~IdentityService() = default;

Result<void> IdentityService::start(const QString &dataDir)
{
    auto key = identity::SigningKey::load(dataDir);
    if (!key)
        return Error{key.error().code,
                     QStringLiteral("The token signing key: %1").arg(key.error().message)};
    m_jwt = std::make_unique<identity::JwtVerifier>(key->bytes());
    auto hasher = identity::PasswordHasher::create(
        {m_config.passwordMemoryBytes, m_config.passwordIterations});
    if (!hasher)
        return Error::invalid(QStringLiteral("Password hashing: %1").arg(hasher.error().message));
    m_hasher = *hasher;
    if (auto r = roles.reload(); !r)
        return r;
    if (m_config.localAdmin)
        if (auto r = provisionLocalAdmin(); !r)
            return r;
    return provisionFirstAdmin();
}

Result<void> IdentityService::provisionLocalAdmin()
{
    auto existing = users.localAdmin();
    if (!existing)
        return existing.error();
    if (*existing) {
        m_localAdminId = (*existing)->id;
        return {};
    }
    auto created = m_db.write<User>([this](QSqlDatabase &conn) -> Result<User> {
        auto u = users.create(conn, kLocalAdminEmail, {}, QStringLiteral("Backbench (this app)"),
                              {QStringLiteral("admin")}, true);
        if (!u)
            return u.error();
        if (auto a = auditAdminCreated(conn, *u, QStringLiteral("localAdmin")); !a)
            return a.error();
        return u;
    });
    if (!created)
        return Error{
            created.error().code,
            QStringLiteral("Creating the app's admin failed: %1").arg(created.error().message)};
    m_localAdminId = created->id;
    return {};
}

Result<void> IdentityService::auditAdminCreated(QSqlDatabase &conn, const User &user,
                                                const QString &kind)
{
    // The engine itself is the actor: nobody was signed in to make these admins.
    return audit.append(conn, Actor{}, QStringLiteral("user.create"),
                        QStringLiteral("user:%1 (%2)").arg(user.id).arg(user.email), {},
                        {{"email", user.email}, {"roles", "admin"}, {kind, true}});
}

Result<void> IdentityService::provisionFirstAdmin()
{
    auto admins = users.countWithRole(QStringLiteral("admin"), true);
    if (!admins)
        return admins.error();
    if (*admins > 0)
        return {};
    QString email = qEnvironmentVariable("BACKBENCH_ADMIN_EMAIL").trimmed();
    QString password = qEnvironmentVariable("BACKBENCH_ADMIN_PASSWORD");
    bool generated = false;
    if (email.isEmpty() || password.isEmpty()) {
        if (!m_config.generateFirstAdmin)
            return {};
        email = kFirstAdminEmail;
        password = generatePassword();
        generated = true;
    }
    if (const QString problem = emailProblem(email); !problem.isEmpty())
        return Error::invalid(QStringLiteral("BACKBENCH_ADMIN_EMAIL %1.").arg(problem));
    if (const QString problem = passwordProblem(password); !problem.isEmpty())
        return Error::invalid(QStringLiteral("BACKBENCH_ADMIN_PASSWORD %1.").arg(problem));
    auto hash = m_hasher.hash(password);
    if (!hash)
        return hash.error();
    auto created = m_db.write<User>([&](QSqlDatabase &conn) -> Result<User> {
        // An account with that address that is not an admin (demoted or disabled) is made one
        // again: the point of this start-up step is that an admin can log in.
        auto found = m_db.scalar(conn, QStringLiteral("SELECT id FROM _users WHERE email = ?"),
                                 {normalizeEmail(email)});
        if (!found)
            return found.error();
        Result<User> u = Error::internal(QString());
        if (found->isNull()) {
            u = users.create(conn, email, *hash, QStringLiteral("Administrator"),
                             {QStringLiteral("admin")});
        } else {
            UserChange change;
            change.passwordHash = *hash;
            change.disabled = false;
            change.roles = QStringList{QStringLiteral("admin")};
            u = users.update(conn, found->toLongLong(), change);
        }
        if (!u)
            return u.error();
        if (auto a = auditAdminCreated(conn, *u, QStringLiteral("firstAdmin")); !a)
            return a.error();
        return u;
    });
    if (!created)
        return Error{
            created.error().code,
            QStringLiteral("Creating the first admin failed: %1").arg(created.error().message)};
    if (generated) {
        m_generatedEmail = email;
        m_generatedPassword = password;
    }
    telemetry::LogRecord rec;
    rec.level = telemetry::Level::Info;
    rec.msg = "first admin created";
    rec.fields = {
        {"email", email.toStdString()},
        {"password", generated ? "generated, printed once" : "from BACKBENCH_ADMIN_PASSWORD"}};
    m_logs.append(std::move(rec));
    return {};
}

QString IdentityService::passwordProblem(const QString &password)
{
    if (password.size() < kMinPasswordLength)
        return QStringLiteral("must be at least %1 characters").arg(kMinPasswordLength);
    if (password.size() > kMaxPasswordLength)
        return QStringLiteral("must be at most %1 characters").arg(kMaxPasswordLength);
    return {};
}

QString IdentityService::generatePassword()
{
    // No 0/O, 1/l/I: it is read off a screen and typed.
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    QString out;
    for (int i = 0; i < 20; ++i)
        out += QLatin1Char(alphabet[randombytes_uniform(sizeof alphabet - 1)]);
    return out;
}

Result<QByteArray> IdentityService::hashPassword(const QString &password) const
{
    if (const QString problem = passwordProblem(password); !problem.isEmpty())
        return Error::invalid(QStringLiteral("password %1").arg(problem));
    return m_hasher.hash(password);
}

QByteArray IdentityService::issueAccessToken(const User &user, const QString &sessionId) const
{
    identity::Claims c;
    c.sub = QString::number(user.id);
    c.roles = user.roles;
    c.tv = user.tokenVersion;
    c.iat = wallClockUs() / 1'000'000;
    c.exp = c.iat + m_config.accessTokenSeconds;
    c.jti = QString::fromStdString(randomHexId(12));
    c.sid = sessionId;
    return m_jwt->sign(c);
}

QString IdentityService::issueLocalAdminToken()
{
    if (!m_localAdminId || !m_jwt)
        return {};
    User u;
    u.id = *m_localAdminId;
    // The app's admin cannot be edited through the API, so its version and roles are fixed;
    // read them through the cache anyway so a change made directly in the database is seen.
    auto self = cachedUser(u.id);
    if (!self || self->disabled)
        return {};
    u.roles = self->roles;
    u.tokenVersion = self->tokenVersion;
    return QString::fromLatin1(issueAccessToken(u, {}));
}

std::shared_ptr<const IdentityService::CachedUser> IdentityService::cachedUser(qint64 id)
{
    const qint64 now = nowMs();
    {
        std::lock_guard lock(m_cacheMutex);
        auto it = m_cache.constFind(id);
        if (it != m_cache.cend() && now - (*it)->loadedMs < kUserCacheMs)
            return *it;
    }
    auto user = users.byId(id);
    if (!user || !*user)
        return nullptr;
    auto c = std::make_shared<const CachedUser>(
        CachedUser{(*user)->tokenVersion, (*user)->disabled, (*user)->roles, (*user)->email, now,
                   (*user)->roles.join(QLatin1Char(',')).toStdString()});
    std::lock_guard lock(m_cacheMutex);
    if (m_cache.size() >= kMaxCachedUsers)
        m_cache.clear();
    m_cache.insert(id, c);
    return c;
}

void IdentityService::userChanged(qint64 id)
{
    std::lock_guard lock(m_cacheMutex);
    m_cache.remove(id);
}

void IdentityService::allUsersChanged()
{
    std::lock_guard lock(m_cacheMutex);
    m_cache.clear();
}

const VerifiedToken *IdentityService::verifiedToken(std::string_view token, qint64 now) const
{
    TokenMemo &memo = t_tokens;
    if (memo.owner != this || memo.generation != m_generation) {
        memo.tokens.clear();
        memo.owner = this;
        memo.generation = m_generation;
    }
    const auto it = memo.tokens.find(token);
    if (it == memo.tokens.end())
        return nullptr;
    if (now >= it->second.expiresAt) {
        memo.tokens.erase(it);
        return nullptr;
    }
    return &it->second;
}

const VerifiedToken *IdentityService::rememberToken(std::string_view token, VerifiedToken verified)
{
    TokenMemo &memo = t_tokens;
    if (memo.tokens.size() >= kMaxMemoTokens)
        memo.tokens.clear();
    return &memo.tokens.insert_or_assign(std::string(token), std::move(verified)).first->second;
}

std::variant<std::monostate, Caller, AuthRefusal>
IdentityService::authenticate(const http::Request &request)
{
    const std::string_view authorization = request.headers.get("Authorization");
    const std::string_view apiKey = request.headers.get("X-API-Key");
    if (authorization.empty() && apiKey.empty())
        return std::monostate{};

    Caller caller;
    if (!authorization.empty()) {
        bool isBearer = false;
        const std::string_view token = bearerToken(authorization, &isBearer);
        if (!isBearer)
            return AuthRefusal{QStringLiteral("unsupported_scheme"),
                               QStringLiteral("Send 'Authorization: Bearer <token>' or an "
                                              "X-API-Key header.")};
        const qint64 now = wallClockUs() / 1'000'000;
        const VerifiedToken *verified = verifiedToken(token, now);
        if (!verified) {
            auto claims = m_jwt->verify(QByteArrayView(token.data(), qsizetype(token.size())), now);
            if (!claims)
                return AuthRefusal{identity::failureName(claims.error().reason),
                                   QStringLiteral("The access token was refused: %1.")
                                       .arg(claims.error().message)};
            bool ok = false;
            const qint64 id = claims->sub.toLongLong(&ok);
            if (!ok)
                return AuthRefusal{QStringLiteral("unknown_user"),
                                   QStringLiteral("The access token names no user.")};
            verified =
                rememberToken(token, VerifiedToken{id, claims->tv, claims->exp, claims->sid});
        }
        caller.id = verified->userId;
        const auto user = cachedUser(caller.id);
        if (!user)
            return AuthRefusal{QStringLiteral("unknown_user"),
                               QStringLiteral("The access token's user no longer exists.")};
        if (user->disabled)
            return AuthRefusal{QStringLiteral("disabled"),
                               QStringLiteral("This account is disabled.")};
        if (verified->tokenVersion != user->tokenVersion)
            return AuthRefusal{QStringLiteral("stale_token"),
                               QStringLiteral("The access token was revoked (password, roles or "
                                              "sessions changed); log in again.")};
        if (sessions.isRevoked(verified->sessionId))
            return AuthRefusal{QStringLiteral("session_revoked"),
                               QStringLiteral("This session was logged out; log in again.")};
        caller.email = user->email;
        caller.roles = user->roles;
        caller.rolesKey = user->rolesKey;
        caller.sessionId = verified->sessionId;
        return caller;
    }
    auto owner = apiKeys.verify(QByteArrayView(apiKey.data(), qsizetype(apiKey.size())));
    if (!owner || !*owner)
        return AuthRefusal{QStringLiteral("unknown_api_key"),
                           QStringLiteral("The API key is unknown or revoked.")};
    caller.id = **owner;
    const auto user = cachedUser(caller.id);
    if (!user)
        return AuthRefusal{QStringLiteral("unknown_user"),
                           QStringLiteral("The API key's user no longer exists.")};
    if (user->disabled)
        return AuthRefusal{QStringLiteral("disabled"), QStringLiteral("This account is disabled.")};
    caller.email = user->email;
    caller.roles = user->roles;
    caller.rolesKey = user->rolesKey;
    caller.viaApiKey = true;
    return caller;
}

std::optional<AuthFailure> IdentityService::lockedOut(const QString &email,
                                                      const std::optional<User> &user)
{
    qint64 untilMs = 0;
    if (user && hasPassword(*user)) {
        if (user->lockedAt(nowUtc()))
            untilMs = user->lockedUntil.toMSecsSinceEpoch();
    } else {
        std::lock_guard lock(m_unknownMutex);
        untilMs = m_unknown.value(email).lockedUntilMs;
    }
    const qint64 waitMs = untilMs - nowMs();
    if (waitMs <= 0)
        return std::nullopt;
    const int seconds = int((waitMs + 999) / 1000);
    return AuthFailure{429,
                       QStringLiteral("Too many failed logins for this address; try again in %1 "
                                      "minute(s).")
                           .arg((seconds + 59) / 60),
                       seconds};
}

void IdentityService::countUnknownFailure(const QString &email)
{
    std::lock_guard lock(m_unknownMutex);
    if (m_unknown.size() >= kMaxUnknownAddresses && !m_unknown.contains(email))
        m_unknown.clear();
    UnknownFailures &f = m_unknown[email];
    if (++f.count >= m_config.lockoutAttempts) {
        f.count = 0;
        f.lockedUntilMs = nowMs() + qint64(m_config.lockoutMinutes) * 60'000;
    }
}

GrantResult IdentityService::grantFor(const User &user, const IssuedRefresh &session)
{
    TokenGrant g;
    g.user = user;
    g.accessToken = issueAccessToken(user, session.sessionId);
    g.refreshToken = session.refreshToken;
    return g;
}

std::shared_ptr<std::mutex> IdentityService::addressLock(const QString &email)
{
    std::lock_guard lock(m_unknownMutex);
    if (m_addressLocks.size() >= kMaxUnknownAddresses) {
        // Drop the locks nobody holds; one in use stays, so its holders still exclude others.
        for (auto it = m_addressLocks.begin(); it != m_addressLocks.end();)
            it = it->use_count() == 1 ? m_addressLocks.erase(it) : std::next(it);
    }
    auto &slot = m_addressLocks[email];
    if (!slot)
        slot = std::make_shared<std::mutex>();
    return slot;
}

GrantResult IdentityService::login(const QString &emailText, const QString &password,
                                   const QString &ip, const QString &userAgent)
{
    const AuthFailure bad{401, QStringLiteral("Invalid email or password.")};
    const QString email = normalizeEmail(emailText);
    // Attempts on one address run one at a time, each seeing the failures before it: otherwise
    // a burst of parallel guesses is verified before the first failure is counted, and gets
    // well past the lockout.
    const auto serial = addressLock(email);
    std::lock_guard attempt(*serial);
    auto found = users.byEmail(email);
    if (!found)
        return AuthFailure{503,
                           QStringLiteral("The database failed: %1").arg(found.error().message)};
    const std::optional<User> user = *found;
    if (auto locked = lockedOut(email, user))
        return *locked;
    // An account without a password (the app's own admin, the demo users) is treated exactly
    // like an unknown address, lockout included, so nothing tells them apart.
    if (!user || !hasPassword(*user)) {
        m_hasher.dummyVerify();
        countUnknownFailure(email);
        return bad;
    }
    if (!m_hasher.verify(password, user->passwordHash)) {
        auto locked = m_db.write<QDateTime>([&](QSqlDatabase &conn) {
            return users.recordLoginFailure(conn, user->id, m_config.lockoutAttempts,
                                            m_config.lockoutMinutes);
        });
        if (locked && locked->isValid()) {
            telemetry::LogRecord rec;
            rec.level = telemetry::Level::Warn;
            rec.msg = "account locked after failed logins";
            rec.userId = std::to_string(user->id);
            rec.ip = ip.toStdString();
            m_logs.append(std::move(rec));
        }
        return bad;
    }
    if (user->disabled)
        return AuthFailure{403, QStringLiteral("This account is disabled.")};
    QByteArray rehash;
    if (m_hasher.needsRehash(user->passwordHash))
        if (auto h = m_hasher.hash(password))
            rehash = *h;
    auto session = m_db.write<IssuedRefresh>([&](QSqlDatabase &conn) -> Result<IssuedRefresh> {
        if (auto r = users.recordLoginSuccess(conn, user->id, rehash); !r)
            return r.error();
        return sessions.open(conn, user->id, m_config.refreshTokenDays, ip, userAgent);
    });
    if (!session)
        return AuthFailure{503,
                           QStringLiteral("The database failed: %1").arg(session.error().message)};
    User fresh = *user;
    fresh.lastLoginAt = nowUtc();
    fresh.failedLogins = 0;
    fresh.lockedUntil = {};
    return grantFor(fresh, *session);
}

GrantResult IdentityService::refresh(const QByteArray &refreshToken)
{
    auto rotation = m_db.write<SessionStore::Rotation>(
        [&](QSqlDatabase &conn) { return sessions.rotate(conn, refreshToken); });
    if (!rotation)
        return AuthFailure{503,
                           QStringLiteral("The database failed: %1").arg(rotation.error().message)};
    if (rotation->failure) {
        switch (*rotation->failure) {
        case RefreshFailure::Reused: {
            sessions.markRevoked({rotation->issued.sessionId});
            telemetry::LogRecord rec;
            rec.level = telemetry::Level::Warn;
            rec.msg = "refresh token reused; session revoked";
            rec.userId = std::to_string(rotation->issued.userId);
            m_logs.append(std::move(rec));
            return AuthFailure{401, QStringLiteral("This refresh token was already used, so its "
                                                   "session has been revoked; log in again.")};
        }
        case RefreshFailure::Revoked:
            return AuthFailure{401, QStringLiteral("This session has ended; log in again.")};
        case RefreshFailure::Expired:
            return AuthFailure{401, QStringLiteral("This session has expired; log in again.")};
        case RefreshFailure::Unknown:
            break;
        }
        return AuthFailure{401, QStringLiteral("The refresh token is not valid.")};
    }
    auto user = users.byId(rotation->issued.userId);
    if (!user || !*user)
        return AuthFailure{401, QStringLiteral("The session's user no longer exists.")};
    if ((*user)->disabled)
        return AuthFailure{403, QStringLiteral("This account is disabled.")};
    return grantFor(**user, rotation->issued);
}

Result<bool> IdentityService::logout(const QString &sessionId, const QByteArray &refreshToken)
{
    auto ended = m_db.write<QString>([&](QSqlDatabase &conn) -> Result<QString> {
        QString id = sessionId;
        if (id.isEmpty() && !refreshToken.isEmpty()) {
            auto of = sessions.sessionOf(conn, refreshToken);
            if (!of)
                return of.error();
            id = of->value_or(QString());
        }
        if (id.isEmpty())
            return QString();
        if (auto r = sessions.revoke(conn, id, QStringLiteral("logout")); !r)
            return r.error();
        return id;
    });
    if (!ended)
        return ended.error();
    if (ended->isEmpty())
        return false;
    sessions.markRevoked({*ended});
    return true;
}

Result<User> IdentityService::registerUser(const QString &email, const QString &password,
                                           const QString &displayName, const QString &ip)
{
    auto hash = hashPassword(password);
    if (!hash)
        return hash.error();
    return m_db.write<User>([&](QSqlDatabase &conn) -> Result<User> {
        auto u = users.create(conn, email, *hash, displayName, {QStringLiteral("viewer")});
        if (!u)
            return u.error();
        if (auto a = audit.append(conn, Actor{u->id, u->email, ip}, QStringLiteral("auth.register"),
                                  QStringLiteral("user:%1 (%2)").arg(u->id).arg(u->email), {},
                                  {{"email", u->email}, {"roles", "viewer"}});
            !a)
            return a.error();
        return u;
    });
}

} // namespace bb::engine::auth
