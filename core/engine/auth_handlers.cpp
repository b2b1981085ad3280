// /api/v1/auth: register, login, refresh, logout, me (docs/engine-api.md "Identity").
#include "common/clock.h"
#include "engine/auth/body_fields.h"
#include "engine/auth/identity_service.h"
#include "engine/handlers.h"
#include "engine/responses.h"

#include <QJsonArray>

namespace bb::engine {

namespace {

QString clientIp(const RequestContext &ctx)
{
    return QString::fromStdString(ctx.request.remoteAddress);
}

/// The per-IP limit on the auth routes: guessing passwords from one address is slow even
/// before an account locks.
std::optional<http::Response> limited(Services &s, RequestContext &ctx)
{
    if (!s.authLimiter.enabled())
        return std::nullopt;
    const int wait = s.authLimiter.acquire(ctx.request.remoteAddress, monotonicNs());
    if (wait == 0)
        return std::nullopt;
    auto r = problemResponse(429, QStringLiteral("Too many authentication requests from this "
                                                 "address; retry after %1 s.")
                                      .arg(wait));
    r.headers.add("Retry-After", std::to_string(wait));
    return r;
}

http::Response failure(const auth::AuthFailure &f)
{
    auto r = problemResponse(f.status, f.detail);
    if (f.retryAfterSeconds > 0)
        r.headers.add("Retry-After", std::to_string(f.retryAfterSeconds));
    if (f.status == 401)
        r.headers.add("WWW-Authenticate", "Bearer");
    return r;
}

http::Response grantResponse(Services &s, const auth::TokenGrant &g)
{
    auto r = jsonResponse(200, QJsonObject{{"accessToken", QString::fromLatin1(g.accessToken)},
                                           {"refreshToken", QString::fromLatin1(g.refreshToken)},
                                           {"tokenType", "Bearer"},
                                           {"expiresIn", s.config.accessTokenSeconds},
                                           {"user", g.user.toJson()}});
    // Tokens must not be kept by caches or proxies (RFC 6749 §5.1).
    r.headers.add("Cache-Control", "no-store");
    return r;
}

http::Response login(Services &s, RequestContext &ctx)
{
    if (auto l = limited(s, ctx))
        return *l;
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    auth::BodyFields f(body);
    const auto email = f.text(QStringLiteral("email"), true);
    const auto password = f.text(QStringLiteral("password"), true);
    if (!f.ok())
        return validationProblem(400, f.errors());
    auto result = s.identity->login(
        *email, *password, clientIp(ctx),
        QString::fromStdString(std::string(ctx.request.headers.get("User-Agent"))));
    if (auto *g = std::get_if<auth::TokenGrant>(&result)) {
        s.metrics.authLogins.with({"success"}).inc();
        ctx.principal.userId = QString::number(g->user.id);
        return grantResponse(s, *g);
    }
    const auto &fail = std::get<auth::AuthFailure>(result);
    s.metrics.authLogins
        .with({fail.status == 429   ? "locked"
               : fail.status == 403 ? "disabled"
               : fail.status == 401 ? "failure"
                                    : "error"})
        .inc();
    return failure(fail);
}

http::Response refresh(Services &s, RequestContext &ctx)
{
    if (auto l = limited(s, ctx))
        return *l;
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    auth::BodyFields f(body);
    const auto token = f.text(QStringLiteral("refreshToken"), true);
    if (!f.ok())
        return validationProblem(400, f.errors());
    auto result = s.identity->refresh(token->toLatin1());
    if (auto *g = std::get_if<auth::TokenGrant>(&result))
        return grantResponse(s, *g);
    return failure(std::get<auth::AuthFailure>(result));
}

http::Response logout(Services &s, RequestContext &ctx)
{
    if (auto l = limited(s, ctx))
        return *l;
    QJsonObject body;
    if (!ctx.request.body.empty())
        if (auto bad = parseJsonBody(ctx.request, body))
            return *bad;
    auth::BodyFields f(body);
    const auto token = f.text(QStringLiteral("refreshToken"));
    if (!f.ok())
        return validationProblem(400, f.errors());
    if (!ctx.principal.authenticated && !token)
        return failure({401, QStringLiteral("Send the bearer token of the session to end, or its "
                                            "refreshToken in the body.")});
    auto ended = s.identity->logout(ctx.principal.sessionId, token.value_or(QString()).toLatin1());
    if (!ended)
        return storeFailure(ended.error());
    return http::Response{.status = 204};
}

http::Response registerUser(Services &s, RequestContext &ctx)
{
    if (auto l = limited(s, ctx))
        return *l;
    if (!s.config.allowRegister)
        return problemResponse(403, QStringLiteral("Self-registration is off on this engine; an "
                                                   "admin can create your account."));
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    auth::BodyFields f(body);
    f.rejectUnknown(
        {QStringLiteral("email"), QStringLiteral("password"), QStringLiteral("displayName")});
    const auto email = f.text(QStringLiteral("email"), true);
    const auto password = f.text(QStringLiteral("password"), true);
    const auto name = f.text(QStringLiteral("displayName"));
    if (email)
        if (const QString p = auth::emailProblem(*email); !p.isEmpty())
            f.fail(QStringLiteral("email"), p);
    if (password)
        if (const QString p = auth::IdentityService::passwordProblem(*password); !p.isEmpty())
            f.fail(QStringLiteral("password"), p);
    if (!f.ok())
        return validationProblem(400, f.errors());
    auto user =
        s.identity->registerUser(*email, *password, name.value_or(QString()), clientIp(ctx));
    if (!user) {
        if (user.error().code == ErrorCode::Conflict)
            return validationProblem(409, {{QStringLiteral("email"), {user.error().message}}});
        return storeFailure(user.error());
    }
    auto r = jsonResponse(201, QJsonObject{{"user", user->toJson()}});
    r.headers.add("Location", "/api/admin/users/" + std::to_string(user->id));
    return r;
}

http::Response me(Services &s, RequestContext &ctx)
{
    auto user = s.identity->users.byId(ctx.principal.id);
    if (!user)
        return storeFailure(user.error());
    if (!*user)
        return problemResponse(401, QStringLiteral("Your account no longer exists."));
    QStringList roles = (*user)->roles;
    roles << identity::BuiltInRole::Anonymous;
    const auto perms = s.identity->roles.policy()->effectivePermissions(roles);
    return jsonResponse(
        200, QJsonObject{{"user", (*user)->toJson()},
                         {"permissions", QJsonArray::fromStringList(identity::toStrings(perms))},
                         {"via", ctx.principal.viaApiKey ? "apiKey" : "token"}});
}

} // namespace

void registerAuthRoutes(Router &router, Services &s)
{
    const auto bind = [&s](http::Response (*fn)(Services &, RequestContext &)) {
        return [&s, fn](RequestContext &ctx) { return fn(s, ctx); };
    };
    router.add("POST", "/api/v1/auth/register", "Create an account (when enabled)", "auth",
               bind(registerUser));
    router.add("POST", "/api/v1/auth/login", "Exchange email and password for tokens", "auth",
               bind(login));
    router.add("POST", "/api/v1/auth/refresh", "Rotate the token pair", "auth", bind(refresh));
    router.add("POST", "/api/v1/auth/logout", "End the session", "auth", bind(logout));
    router.add("GET", "/api/v1/auth/me", "The caller, their roles and effective permissions",
               "auth", bind(me), Access::Authenticated);
}

} // namespace bb::engine
