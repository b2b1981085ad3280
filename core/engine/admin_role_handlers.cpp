// /api/admin/roles, /permissions (the catalogue), /authorize (the policy tester) and /audit.
#include "engine/auth/admin_support.h"
#include "engine/auth/body_fields.h"
#include "engine/auth/identity_service.h"
#include "engine/handlers.h"
#include "engine/responses.h"

#include <QJsonArray>

namespace bb::engine {

namespace {

using namespace bb::engine::auth;

QString targetOf(const RoleRow &r)
{
    return QStringLiteral("role:%1 (%2)").arg(r.id).arg(r.role.name);
}

std::optional<http::Response> loadRole(Services &s, RequestContext &ctx, RoleRow &out)
{
    qint64 id = 0;
    if (auto bad = idParam(ctx, "id", QStringLiteral("role"), id))
        return bad;
    auto role = s.identity->roles.byId(id);
    if (!role)
        return storeFailure(role.error());
    if (!*role)
        return problemResponse(404, QStringLiteral("No role with id %1.").arg(id));
    out = **role;
    return std::nullopt;
}

/// Parses the permissions of a body, naming the bad entry and the position inside it.
std::optional<QList<identity::Permission>> readPermissions(BodyFields &f, bool required)
{
    const auto texts = f.textList(QStringLiteral("permissions"), required);
    if (!texts)
        return std::nullopt;
    auto parsed = identity::parsePermissions(*texts);
    if (!parsed) {
        f.fail(QStringLiteral("permissions"), parsed.error().message);
        return std::nullopt;
    }
    return *parsed;
}

/// Reloads the policy after a committed role change; every cached user's roles may differ.
void rolesChanged(Services &s)
{
    (void)s.identity->roles.reload();
    s.identity->allUsersChanged();
    s.cache.clear();
}

http::Response listRoles(Services &s, RequestContext &)
{
    return itemsResponse(s.identity->roles.list());
}

http::Response getRole(Services &s, RequestContext &ctx)
{
    RoleRow r;
    if (auto bad = loadRole(s, ctx, r))
        return *bad;
    return jsonResponse(200, r.toJson());
}

http::Response createRole(Services &s, RequestContext &ctx)
{
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    BodyFields f(body);
    f.rejectUnknown(
        {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("permissions")});
    const auto name = f.text(QStringLiteral("name"), true);
    const auto description = f.text(QStringLiteral("description"));
    const auto texts = f.textList(QStringLiteral("permissions"));
    if (name)
        if (auto valid = identity::Role::validateName(*name); !valid)
            f.fail(QStringLiteral("name"), valid.error().message);
    // A built-in name is taken, like any other existing role's: 409, as the store would say.
    if (name && identity::isBuiltInRoleName(*name))
        return validationProblem(409, {{QStringLiteral("name"),
                                        {QStringLiteral("'%1' is a built-in role").arg(*name)}}});
    std::optional<identity::Role> role;
    if (f.ok()) {
        auto created = identity::Role::create(*name, description.value_or(QString()),
                                              texts.value_or(QStringList()));
        if (!created)
            f.fail(QStringLiteral("permissions"), created.error().message);
        else
            role = *created;
    }
    if (!f.ok())
        return validationProblem(400, f.errors());
    const Actor actor = actorOf(ctx);
    auto row = s.db->write<RoleRow>([&](QSqlDatabase &conn) -> Result<RoleRow> {
        auto r = s.identity->roles.create(conn, *role);
        if (!r)
            return r.error();
        if (auto a = s.identity->audit.append(
                conn, actor, QStringLiteral("role.create"), targetOf(*r), {},
                {{"name", r->role.name},
                 {"permissions", QJsonArray::fromStringList(r->role.permissionStrings())}});
            !a)
            return a.error();
        return r;
    });
    if (!row)
        return writeFailure(row.error(), QStringLiteral("name"));
    rolesChanged(s);
    auto r = jsonResponse(201, row->toJson());
    r.headers.add("Location", "/api/admin/roles/" + std::to_string(row->id));
    return r;
}

http::Response updateRole(Services &s, RequestContext &ctx)
{
    RoleRow before;
    if (auto bad = loadRole(s, ctx, before))
        return *bad;
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    BodyFields f(body);
    f.rejectUnknown({QStringLiteral("name"), QStringLiteral("description")});
    const auto name = f.text(QStringLiteral("name"));
    const auto description = f.text(QStringLiteral("description"));
    if (name && *name != before.role.name) {
        if (before.role.builtIn)
            return problemResponse(409, QStringLiteral("'%1' is a built-in role and keeps its "
                                                       "name.")
                                            .arg(before.role.name));
        if (auto valid = identity::Role::validateName(*name); !valid)
            f.fail(QStringLiteral("name"), valid.error().message);
        else if (identity::isBuiltInRoleName(*name))
            return validationProblem(
                409,
                {{QStringLiteral("name"), {QStringLiteral("'%1' is a built-in role").arg(*name)}}});
    }
    if (!f.ok())
        return validationProblem(400, f.errors());
    const Actor actor = actorOf(ctx);
    auto row = s.db->write<RoleRow>([&](QSqlDatabase &conn) -> Result<RoleRow> {
        auto r = s.identity->roles.update(conn, before.id, name, description);
        if (!r)
            return r.error();
        QJsonObject was, now;
        if (r->role.name != before.role.name) {
            was.insert("name", before.role.name);
            now.insert("name", r->role.name);
        }
        if (r->role.description != before.role.description) {
            was.insert("description", before.role.description);
            now.insert("description", r->role.description);
        }
        if (!now.isEmpty())
            if (auto a = s.identity->audit.append(conn, actor, QStringLiteral("role.update"),
                                                  targetOf(*r), was, now);
                !a)
                return a.error();
        return r;
    });
    if (!row)
        return writeFailure(row.error(), QStringLiteral("name"));
    rolesChanged(s);
    return jsonResponse(200, row->toJson());
}

http::Response deleteRole(Services &s, RequestContext &ctx)
{
    RoleRow before;
    if (auto bad = loadRole(s, ctx, before))
        return *bad;
    if (before.role.builtIn)
        return problemResponse(409, QStringLiteral("'%1' is a built-in role and cannot be "
                                                   "deleted.")
                                        .arg(before.role.name));
    const Actor actor = actorOf(ctx);
    auto done = s.db->write<bool>([&](QSqlDatabase &conn) -> Result<bool> {
        if (auto a = s.identity->audit.append(
                conn, actor, QStringLiteral("role.delete"), targetOf(before),
                {{"name", before.role.name},
                 {"permissions", QJsonArray::fromStringList(before.role.permissionStrings())},
                 {"userCount", double(before.userCount)}},
                {});
            !a)
            return a.error();
        if (auto r = s.identity->roles.remove(conn, before.id); !r)
            return r.error();
        return true;
    });
    if (!done)
        return writeFailure(done.error());
    rolesChanged(s);
    return http::Response{.status = 204};
}

http::Response setPermissions(Services &s, RequestContext &ctx)
{
    RoleRow before;
    if (auto bad = loadRole(s, ctx, before))
        return *bad;
    if (!before.role.permissionsEditable())
        return problemResponse(409, QStringLiteral("'%1' is a built-in role; its permissions are "
                                                   "fixed. Create a custom role instead.")
                                        .arg(before.role.name));
    QJsonObject body;
    if (auto bad = parseJsonBody(ctx.request, body))
        return *bad;
    BodyFields f(body);
    f.rejectUnknown({QStringLiteral("permissions")});
    const auto permissions = readPermissions(f, true);
    if (!f.ok())
        return validationProblem(400, f.errors());
    QList<identity::Permission> unique;
    for (const identity::Permission &p : *permissions)
        if (!unique.contains(p))
            unique << p;
    const Actor actor = actorOf(ctx);
    auto row = s.db->write<RoleRow>([&](QSqlDatabase &conn) -> Result<RoleRow> {
        auto r = s.identity->roles.setPermissions(conn, before.id, unique);
        if (!r)
            return r.error();
        if (auto a = s.identity->audit.append(
                conn, actor, QStringLiteral("role.permissions"), targetOf(*r),
                {{"permissions", QJsonArray::fromStringList(before.role.permissionStrings())}},
                {{"permissions", QJsonArray::fromStringList(r->role.permissionStrings())}});
            !a)
            return a.error();
        return r;
    });
    if (!row)
        return writeFailure(row.error(), QStringLiteral("permissions"));
    rolesChanged(s);
    return jsonResponse(200, row->toJson());
}

http::Response catalogue(Services &s, RequestContext &)
{
    QStringList resources;
    for (const store::Table *t : s.schema()->resources())
        resources << t->name;
    resources.sort();
    QJsonArray items;
    for (const identity::Permission &p : identity::PolicyEvaluator::catalogue(resources))
        items.append(p.toString());
    return jsonResponse(
        200, QJsonObject{
                 {"resources", QJsonArray::fromStringList(resources)},
                 {"actions", QJsonArray::fromStringList(identity::Permission::resourceActions())},
                 {"adminAreas", QJsonArray::fromStringList(identity::Permission::adminAreas())},
                 {"items", items}});
}

http::Response authorizeQuery(Services &s, RequestContext &ctx)
{
    const auto q = parseQuery(ctx.request.query());
    const QString userText = queryValue(q, "user").trimmed();
    const QString resource = queryValue(q, "resource").trimmed();
    const QString action = queryValue(q, "action").trimmed();
    QMap<QString, QStringList> errors;
    if (resource.isEmpty())
        errors[QStringLiteral("resource")] << QStringLiteral("is required");
    if (action.isEmpty())
        errors[QStringLiteral("action")] << QStringLiteral("is required");
    else if (resource == identity::Permission::AdminResource
                 ? !identity::Permission::adminAreas().contains(action)
                 : !identity::Permission::resourceActions().contains(action))
        errors[QStringLiteral("action")]
            << QStringLiteral("must be one of: %1")
                   .arg((resource == identity::Permission::AdminResource
                             ? identity::Permission::adminAreas()
                             : identity::Permission::resourceActions())
                            .join(QStringLiteral(", ")));
    if (!errors.isEmpty())
        return validationProblem(400, errors);
    std::optional<User> user;
    if (!userText.isEmpty() && userText != QLatin1String("anonymous")) {
        bool numeric = false;
        const qint64 id = userText.toLongLong(&numeric);
        auto found = numeric ? s.identity->users.byId(id) : s.identity->users.byEmail(userText);
        if (!found)
            return storeFailure(found.error());
        if (!*found)
            return problemResponse(404, QStringLiteral("No user '%1'.").arg(userText));
        user = **found;
    }
    QStringList roles = user ? user->roles : QStringList();
    roles << identity::BuiltInRole::Anonymous;
    identity::Decision d = s.identity->roles.policy()->decide(roles, resource, action);
    QString reason = d.reason;
    if (user && user->disabled && d.allowed) {
        d.allowed = false;
        reason = QStringLiteral("denied: the account is disabled (its roles would grant it: %1)")
                     .arg(d.reason);
    }
    if (!user && d.ownOnly && d.allowed) {
        d.allowed = false;
        reason = QStringLiteral("denied: only own rows are granted, and an anonymous caller owns "
                                "none");
    }
    return jsonResponse(
        200, QJsonObject{{"allowed", d.allowed},
                         {"ownOnly", d.ownOnly},
                         {"reason", reason},
                         {"matchedRoles", QJsonArray::fromStringList(d.matchedRoles)},
                         {"matchedPermissions", QJsonArray::fromStringList(d.matchedPermissions)},
                         {"user", user ? QJsonValue(QJsonObject{
                                             {"id", double(user->id)},
                                             {"email", user->email},
                                             {"roles", QJsonArray::fromStringList(user->roles)}})
                                       : QJsonValue()}});
}

http::Response auditQuery(Services &s, RequestContext &ctx)
{
    const auto q = parseQuery(ctx.request.query());
    AuditQuery aq;
    if (auto bad = paging(q, 50, aq.page, aq.perPage))
        return *bad;
    aq.actor = queryValue(q, "actor");
    aq.action = queryValue(q, "action");
    for (const auto &[name, target] :
         {std::pair{"since", &aq.since}, std::pair{"until", &aq.until}}) {
        const QString text = queryValue(q, name);
        if (text.isEmpty())
            continue;
        *target = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (!target->isValid())
            *target = QDateTime::fromString(text, Qt::ISODate);
        if (!target->isValid())
            return problemResponse(400,
                                   QStringLiteral("'%1' must be an ISO 8601 time such as "
                                                  "2026-11-21T09:30:00Z (got '%2').")
                                       .arg(QLatin1String(name), text),
                                   QJsonObject{{"parameter", QLatin1String(name)}});
    }
    const QString after = queryValue(q, "after");
    if (!after.isEmpty()) {
        bool ok = false;
        aq.after = after.toLongLong(&ok);
        if (!ok || aq.after < 0)
            return problemResponse(400, QStringLiteral("'after' must be an entry id."),
                                   QJsonObject{{"parameter", "after"}});
    }
    auto page = s.identity->audit.query(aq);
    if (!page)
        return storeFailure(page.error());
    QJsonArray items;
    for (const AuditEntry &e : page->items)
        items.append(e.toJson());
    return pageResponse(items, page->total, aq.page, aq.perPage);
}

} // namespace

void registerAdminRoleRoutes(Router &router, Services &s)
{
    const auto add = [&router, &s](const char *method, const char *pattern, const char *summary,
                                   const char *area,
                                   http::Response (*fn)(Services &, RequestContext &)) {
        router.add(
            method, pattern, summary, "admin", [&s, fn](RequestContext &ctx) { return fn(s, ctx); },
            Access::Admin, area);
    };
    add("GET", "/api/admin/roles", "Every role with its permissions", "roles", listRoles);
    add("POST", "/api/admin/roles", "Create a role", "roles", createRole);
    add("GET", "/api/admin/roles/{id}", "One role", "roles", getRole);
    add("PATCH", "/api/admin/roles/{id}", "Rename or describe a role", "roles", updateRole);
    add("DELETE", "/api/admin/roles/{id}", "Delete a custom role", "roles", deleteRole);
    add("PUT", "/api/admin/roles/{id}/permissions", "Replace a role's permissions", "roles",
        setPermissions);
    add("GET", "/api/admin/permissions", "The permission catalogue: resources, actions, areas",
        "roles", catalogue);
    add("GET", "/api/admin/authorize", "Policy test: user, resource, action", "roles",
        authorizeQuery);
    add("GET", "/api/admin/audit", "The audit log: actor, action, since, until, after", "logs",
        auditQuery);
}

} // namespace bb::engine
