// /api/admin/users and what hangs off a user: roles, unlock, password reset, sessions, API keys,
// impersonation. Every change and its audit entry commit in one transaction.
#include "engine/auth/admin_support.h"
#include "engine/auth/body_fields.h"
#include "engine/auth/identity_service.h"
#include "engine/handlers.h"
#include "engine/responses.h"

#include <QJsonArray>

namespace bb::engine {

namespace {

using namespace bb::engine::auth;

QString targetOf(const User &u)
{
    return QStringLiteral("user:%1 (%2)").arg(u.id).arg(u.email);
}

/// Loads the user a route names, or the 404 to answer.
std::optional<http::Response> loadUser(Services &s, RequestContext &ctx, User &out)
{
    qint64 id = 0;
    if (auto bad = idParam(ctx, "id", QStringLiteral("user"), id))
        return bad;
    auto user = s.identity->users.byId(id);
    if (!user)
        return storeFailure(user.error());
    if (!*user)
        return problemResponse(404, QStringLiteral("No user with id %1.").arg(id));
    out = **user;
    return std::nullopt;
}

/// The app's own admin keeps the GUI working; nobody edits it through the API.
std::optional<http::Response> refuseLocalAdmin(const User &u)
{
    if (!u.localAdmin)
        return std::nullopt;
    return problemResponse(409, QStringLiteral("%1 is the Backbench app's own admin for its "
                                               "embedded engine; it cannot be changed.")
                                    .arg(u.email));
}

/// Unknown role names, as field errors.
void checkRoles(Services &s, BodyFields &f, const QStringList &roles)
{
    const auto policy = s.identity->roles.policy();
    for (const QString &r : roles)
        if (!policy->role(r))
            f.fail(QStringLiteral("roles"), QStringLiteral("there is no role called '%1'").arg(r));
}

http::Response listUsers(Services &s, RequestContext &ctx)
{
    const auto q = parseQuery(ctx.request.query());
    UserQuery uq;
    if (auto bad = paging(q, 50, uq.page, uq.perPage))
        return *bad;
    uq.text = queryValue(q, "q");
    uq.role = queryValue(q, "role");
    const QString disabled = queryValue(q, "disabled");
    if (!disabled.isEmpty())
        uq.disabled = disabled == QLatin1String("true") || disabled == QLatin1String("1");
    auto page = s.identity->users.search(uq);
    if (!page)
        return storeFailure(page.error());
    QJsonArray items;
    for (const User &u : page->items) {
        QJsonObject o = u.toJson();
        if (u.localAdmin)
            o.insert("localAdmin", true);
        items.append(o);
    }
    return pageResponse(items, page->total, uq.page, uq.perPage);
}

http::Response getUser(Services &s, RequestContext &ctx)
{
    User u;
    if (auto bad = loadUser(s, ctx, u))
        return *bad;
    QJsonObject o = u.toJson();
    o.insert("localAdmin", u.localAdmin);
    return jsonResponse(200, o);
}

http::Response createUser(Services &s, RequestContext &ctx)
{
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    BodyFields f(body);
    f.rejectUnknown({QStringLiteral("email"), QStringLiteral("password"),
                     QStringLiteral("displayName"), QStringLiteral("roles")});
    const auto email = f.text(QStringLiteral("email"), true);
    const auto password = f.text(QStringLiteral("password"), true);
    const auto name = f.text(QStringLiteral("displayName"));
    const QStringList roles =
        f.textList(QStringLiteral("roles")).value_or(QStringList{QStringLiteral("viewer")});
    if (email)
        if (const QString p = emailProblem(*email); !p.isEmpty())
            f.fail(QStringLiteral("email"), p);
    if (password)
        if (const QString p = IdentityService::passwordProblem(*password); !p.isEmpty())
            f.fail(QStringLiteral("password"), p);
    checkRoles(s, f, roles);
    if (!f.ok())
        return validationProblem(400, f.errors());
    auto hash = s.identity->hashPassword(*password);
    if (!hash)
        return writeFailure(hash.error(), QStringLiteral("password"));
    const Actor actor = actorOf(ctx);
    auto user = s.db->write<User>([&](QSqlDatabase &conn) -> Result<User> {
        auto u = s.identity->users.create(conn, *email, *hash, name.value_or(QString()), roles);
        if (!u)
            return u.error();
        if (auto a = s.identity->audit.append(conn, actor, QStringLiteral("user.create"),
                                              targetOf(*u), {},
                                              {{"email", u->email},
                                               {"displayName", u->displayName},
                                               {"roles", QJsonArray::fromStringList(u->roles)}});
            !a)
            return a.error();
        return u;
    });
    if (!user)
        return writeFailure(user.error(), QStringLiteral("email"));
    auto r = jsonResponse(201, user->toJson());
    r.headers.add("Location", "/api/admin/users/" + std::to_string(user->id));
    return r;
}

/// PATCH /users/{id} and PUT /users/{id}/roles: both are a UserChange.
http::Response changeUser(Services &s, RequestContext &ctx, bool rolesOnly)
{
    User before;
    if (auto bad = loadUser(s, ctx, before))
        return *bad;
    if (auto bad = refuseLocalAdmin(before))
        return *bad;
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    BodyFields f(body);
    UserChange change;
    if (rolesOnly) {
        f.rejectUnknown({QStringLiteral("roles")});
        change.roles = f.textList(QStringLiteral("roles"), true);
    } else {
        f.rejectUnknown(
            {QStringLiteral("displayName"), QStringLiteral("disabled"), QStringLiteral("roles")});
        change.displayName = f.text(QStringLiteral("displayName"));
        change.disabled = f.boolean(QStringLiteral("disabled"));
        change.roles = f.textList(QStringLiteral("roles"));
    }
    if (change.roles)
        checkRoles(s, f, *change.roles);
    if (!f.ok())
        return validationProblem(400, f.errors());
    // An engine must keep an admin who can log in: nobody locks themselves out.
    const bool self = ctx.principal.authenticated && ctx.principal.id == before.id;
    if (self && change.disabled.value_or(false))
        return problemResponse(409, QStringLiteral("You cannot disable your own account."));
    if (self && change.roles && before.roles.contains(QStringLiteral("admin")) &&
        !change.roles->contains(QStringLiteral("admin")))
        return problemResponse(409, QStringLiteral("You cannot remove the admin role from "
                                                   "yourself; ask another admin."));
    const Actor actor = actorOf(ctx);
    auto after = s.db->write<User>([&](QSqlDatabase &conn) -> Result<User> {
        auto u = s.identity->users.update(conn, before.id, change);
        if (!u)
            return u.error();
        QJsonObject was, now;
        if (u->displayName != before.displayName) {
            was.insert("displayName", before.displayName);
            now.insert("displayName", u->displayName);
        }
        if (u->disabled != before.disabled) {
            was.insert("disabled", before.disabled);
            now.insert("disabled", u->disabled);
            // A disabled account's sessions end with it.
            if (u->disabled)
                if (auto r =
                        s.identity->sessions.revokeAll(conn, u->id, QStringLiteral("disabled"));
                    !r)
                    return r.error();
        }
        if (u->roles != before.roles) {
            was.insert("roles", QJsonArray::fromStringList(before.roles));
            now.insert("roles", QJsonArray::fromStringList(u->roles));
        }
        if (!now.isEmpty())
            if (auto a =
                    s.identity->audit.append(conn, actor,
                                             rolesOnly || (now.size() == 1 && now.contains("roles"))
                                                 ? QStringLiteral("user.roles")
                                                 : QStringLiteral("user.update"),
                                             targetOf(*u), was, now);
                !a)
                return a.error();
        return u;
    });
    if (!after)
        return writeFailure(after.error(), QStringLiteral("roles"));
    s.identity->userChanged(before.id);
    return jsonResponse(200, after->toJson());
}

http::Response deleteUser(Services &s, RequestContext &ctx)
{
    User before;
    if (auto bad = loadUser(s, ctx, before))
        return *bad;
    if (auto bad = refuseLocalAdmin(before))
        return *bad;
    if (ctx.principal.authenticated && ctx.principal.id == before.id)
        return problemResponse(409, QStringLiteral("You cannot delete your own account."));
    const Actor actor = actorOf(ctx);
    auto done = s.db->write<bool>([&](QSqlDatabase &conn) -> Result<bool> {
        if (auto a = s.identity->audit.append(
                conn, actor, QStringLiteral("user.delete"), targetOf(before),
                {{"email", before.email}, {"roles", QJsonArray::fromStringList(before.roles)}}, {});
            !a)
            return a.error();
        if (auto r = s.identity->users.remove(conn, before.id); !r)
            return r.error();
        return true;
    });
    if (!done)
        return writeFailure(done.error());
    s.identity->userChanged(before.id);
    s.cache.clear(); // rows it owned may now have owner_id NULL
    return http::Response{.status = 204};
}

http::Response unlockUser(Services &s, RequestContext &ctx)
{
    User before;
    if (auto bad = loadUser(s, ctx, before))
        return *bad;
    const Actor actor = actorOf(ctx);
    auto done = s.db->write<bool>([&](QSqlDatabase &conn) -> Result<bool> {
        if (auto r = s.identity->users.unlock(conn, before.id); !r)
            return r.error();
        if (auto a = s.identity->audit.append(
                conn, actor, QStringLiteral("user.unlock"), targetOf(before),
                {{"lockedUntil", before.toJson().value("lockedUntil")},
                 {"failedLogins", before.failedLogins}},
                {{"lockedUntil", QJsonValue()}, {"failedLogins", 0}});
            !a)
            return a.error();
        return true;
    });
    if (!done)
        return writeFailure(done.error());
    s.identity->userChanged(before.id);
    return http::Response{.status = 204};
}

http::Response resetPassword(Services &s, RequestContext &ctx)
{
    User before;
    if (auto bad = loadUser(s, ctx, before))
        return *bad;
    if (auto bad = refuseLocalAdmin(before))
        return *bad;
    const QString password = IdentityService::generatePassword();
    auto hash = s.identity->hashPassword(password);
    if (!hash)
        return writeFailure(hash.error());
    const Actor actor = actorOf(ctx);
    auto done = s.db->write<bool>([&](QSqlDatabase &conn) -> Result<bool> {
        UserChange change;
        change.passwordHash = *hash;
        if (auto u = s.identity->users.update(conn, before.id, change); !u)
            return u.error();
        if (auto r =
                s.identity->sessions.revokeAll(conn, before.id, QStringLiteral("password reset"));
            !r)
            return r.error();
        // Never the password itself: only that it changed.
        if (auto a = s.identity->audit.append(conn, actor, QStringLiteral("user.reset_password"),
                                              targetOf(before), {},
                                              {{"password", "generated"}, {"sessions", "revoked"}});
            !a)
            return a.error();
        return true;
    });
    if (!done)
        return writeFailure(done.error());
    s.identity->userChanged(before.id);
    auto r = jsonResponse(200, QJsonObject{{"password", password}});
    r.headers.add("Cache-Control", "no-store");
    return r;
}

http::Response listSessions(Services &s, RequestContext &ctx)
{
    User u;
    if (auto bad = loadUser(s, ctx, u))
        return *bad;
    return itemsResponse(s.identity->sessions.live(u.id));
}

http::Response revokeSessions(Services &s, RequestContext &ctx)
{
    User u;
    if (auto bad = loadUser(s, ctx, u))
        return *bad;
    const Actor actor = actorOf(ctx);
    auto count = s.db->write<int>([&](QSqlDatabase &conn) -> Result<int> {
        auto n = s.identity->sessions.revokeAll(conn, u.id, QStringLiteral("revoked by admin"));
        if (!n)
            return n.error();
        // Access tokens are stateless: bumping the version is what stops the ones out there.
        if (auto r = s.identity->users.bumpTokenVersion(conn, u.id); !r)
            return r.error();
        if (auto a = s.identity->audit.append(conn, actor, QStringLiteral("user.sessions_revoke"),
                                              targetOf(u), {{"sessions", *n}}, {{"sessions", 0}});
            !a)
            return a.error();
        return n;
    });
    if (!count)
        return writeFailure(count.error());
    s.identity->userChanged(u.id);
    return http::Response{.status = 204};
}

http::Response revokeSession(Services &s, RequestContext &ctx)
{
    User u;
    if (auto bad = loadUser(s, ctx, u))
        return *bad;
    const QString sessionId = QString::fromStdString(ctx.param("sessionId"));
    const Actor actor = actorOf(ctx);
    auto found = s.db->write<bool>([&](QSqlDatabase &conn) -> Result<bool> {
        auto ses = s.identity->sessions.byId(conn, sessionId);
        if (!ses)
            return ses.error();
        if (!*ses || (*ses)->userId != u.id)
            return false;
        if (auto r =
                s.identity->sessions.revoke(conn, sessionId, QStringLiteral("revoked by admin"));
            !r)
            return r.error();
        if (auto a = s.identity->audit.append(conn, actor, QStringLiteral("user.sessions_revoke"),
                                              targetOf(u), {{"session", sessionId}},
                                              {{"session", "revoked"}});
            !a)
            return a.error();
        return true;
    });
    if (!found)
        return writeFailure(found.error());
    if (!*found)
        return problemResponse(
            404, QStringLiteral("User %1 has no session '%2'.").arg(u.id).arg(sessionId));
    s.identity->sessions.markRevoked({sessionId});
    return http::Response{.status = 204};
}

http::Response listApiKeys(Services &s, RequestContext &ctx)
{
    User u;
    if (auto bad = loadUser(s, ctx, u))
        return *bad;
    return itemsResponse(s.identity->apiKeys.list(u.id));
}

http::Response createApiKey(Services &s, RequestContext &ctx)
{
    User u;
    if (auto bad = loadUser(s, ctx, u))
        return *bad;
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    BodyFields f(body);
    f.rejectUnknown({QStringLiteral("name")});
    const auto name = f.text(QStringLiteral("name"), true);
    if (name && (name->trimmed().isEmpty() || name->size() > 100))
        f.fail(QStringLiteral("name"), QStringLiteral("must be 1 to 100 characters"));
    if (!f.ok())
        return validationProblem(400, f.errors());
    const Actor actor = actorOf(ctx);
    auto created = s.db->write<std::pair<ApiKeyRow, QByteArray>>(
        [&](QSqlDatabase &conn) -> Result<std::pair<ApiKeyRow, QByteArray>> {
            auto k = s.identity->apiKeys.create(conn, u.id, name->trimmed());
            if (!k)
                return k.error();
            if (auto a = s.identity->audit.append(conn, actor, QStringLiteral("apikey.create"),
                                                  targetOf(u), {},
                                                  {{"key", k->first.id}, {"name", k->first.name}});
                !a)
                return a.error();
            return k;
        });
    if (!created)
        return writeFailure(created.error());
    QJsonObject o = created->first.toJson();
    o.insert("key", QString::fromLatin1(created->second));
    auto r = jsonResponse(201, o);
    r.headers.add("Cache-Control", "no-store");
    return r;
}

http::Response revokeApiKey(Services &s, RequestContext &ctx)
{
    User u;
    if (auto bad = loadUser(s, ctx, u))
        return *bad;
    const QString keyId = QString::fromStdString(ctx.param("keyId"));
    const Actor actor = actorOf(ctx);
    auto before = s.db->write<std::optional<ApiKeyRow>>(
        [&](QSqlDatabase &conn) -> Result<std::optional<ApiKeyRow>> {
            auto k = s.identity->apiKeys.revoke(conn, u.id, keyId);
            if (!k || !*k)
                return k;
            if (auto a = s.identity->audit.append(
                    conn, actor, QStringLiteral("apikey.revoke"), targetOf(u),
                    {{"key", keyId}, {"name", (*k)->name}}, {{"key", keyId}, {"revoked", true}});
                !a)
                return a.error();
            return k;
        });
    if (!before)
        return writeFailure(before.error());
    if (!*before)
        return problemResponse(404,
                               QStringLiteral("User %1 has no API key '%2'.").arg(u.id).arg(keyId));
    s.identity->apiKeys.forget(keyId);
    return http::Response{.status = 204};
}

http::Response impersonate(Services &s, RequestContext &ctx)
{
    User u;
    if (auto bad = loadUser(s, ctx, u))
        return *bad;
    if (u.disabled)
        return problemResponse(409, QStringLiteral("%1 is disabled; enable the account to act as "
                                                   "it.")
                                        .arg(u.email));
    const Actor actor = actorOf(ctx);
    auto logged = s.db->write<bool>([&](QSqlDatabase &conn) -> Result<bool> {
        if (auto a = s.identity->audit.append(conn, actor, QStringLiteral("user.impersonate"),
                                              targetOf(u), {}, {{"token", "access only"}});
            !a)
            return a.error();
        return true;
    });
    if (!logged)
        return writeFailure(logged.error());
    auto r = jsonResponse(
        200, QJsonObject{{"accessToken", QString::fromLatin1(s.identity->issueAccessToken(u, {}))},
                         {"tokenType", "Bearer"},
                         {"expiresIn", s.config.accessTokenSeconds},
                         {"user", u.toJson()}});
    r.headers.add("Cache-Control", "no-store");
    return r;
}

} // namespace

void registerAdminUserRoutes(Router &router, Services &s)
{
    const auto add = [&router, &s](const char *method, const char *pattern, const char *summary,
                                   http::Response (*fn)(Services &, RequestContext &)) {
        router.add(
            method, pattern, summary, "admin", [&s, fn](RequestContext &ctx) { return fn(s, ctx); },
            Access::Admin, "users");
    };
    add("GET", "/api/admin/users",
        "Users: q (email or name contains), role, disabled, page, perPage", listUsers);
    add("POST", "/api/admin/users", "Create a user", createUser);
    add("GET", "/api/admin/users/{id}", "One user", getUser);
    add("PATCH", "/api/admin/users/{id}", "Change displayName, disabled or roles",
        [](Services &svc, RequestContext &c) { return changeUser(svc, c, false); });
    add("DELETE", "/api/admin/users/{id}", "Delete a user", deleteUser);
    add("PUT", "/api/admin/users/{id}/roles", "Replace a user's roles",
        [](Services &svc, RequestContext &c) { return changeUser(svc, c, true); });
    add("POST", "/api/admin/users/{id}/unlock", "Clear a login lockout", unlockUser);
    add("POST", "/api/admin/users/{id}/reset-password",
        "Generate a new password (shown once); ends every session", resetPassword);
    add("GET", "/api/admin/users/{id}/sessions", "The user's live sessions", listSessions);
    add("DELETE", "/api/admin/users/{id}/sessions", "Revoke every session and access token",
        revokeSessions);
    add("DELETE", "/api/admin/users/{id}/sessions/{sessionId}", "Revoke one session",
        revokeSession);
    add("GET", "/api/admin/users/{id}/api-keys", "The user's API keys", listApiKeys);
    add("POST", "/api/admin/users/{id}/api-keys", "Create an API key (shown once)", createApiKey);
    add("DELETE", "/api/admin/users/{id}/api-keys/{keyId}", "Revoke an API key", revokeApiKey);
    add("POST", "/api/admin/users/{id}/impersonate", "An access token to act as the user",
        impersonate);
}

} // namespace bb::engine
