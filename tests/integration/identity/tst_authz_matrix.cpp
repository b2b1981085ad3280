// The authorization matrix: every route engine.routes() lists (resource routes once per demo
// table) × every kind of caller, each cell checked against the status the contract gives it
// (docs/engine-api.md "Identity" and "Permissions"). The expectations are the tables below,
// written from the contract; they are not derived from the engine's policy code.
#include "identity_support.h"

#include <QJsonArray>
#include <QTest>
#include <QUrl>

#include <functional>

using namespace bbtest;

namespace {

/// Which column of the expectation tables a caller reads.
enum Column { NoCreds, Viewer, Editor, Own, Admin };

/// Resource routes, applied to every table engine.routes() lists. The `:own` caller's status
/// depends on the table: this suite's `owner` role grants posts, comments and tags only with
/// `:own`; posts and comments have owner_id, tags has none, authors and post_tags are not
/// granted at all. 0 = the target does not exist for that kind of table.
struct ResourceRow {
    const char *method;
    bool one;           ///< /{table}/{id}
    const char *target; ///< "" (collection), "other" (someone else's row), "own", "missing"
    int noCreds, viewer, editor, admin;
    int ownOwned;   ///< :own granted, table has owner_id
    int ownNoOwner; ///< :own granted, no owner_id: "cannot be granted through :own" → 403
    int ownNone;    ///< nothing granted
};

// clang-format off
const ResourceRow kResourceRows[] = {
    // method   one    target     noCreds viewer editor admin   own: owned noOwnerCol none
    {"GET",    false, "",        401,    200,   200,   200,        200,  403,       403},
    {"POST",   false, "",        401,    403,   201,   201,        201,  403,       403},
    {"GET",    true,  "other",   401,    200,   200,   200,        404,  403,       403},
    {"GET",    true,  "own",     401,    200,   200,   200,        200,  0,         0},
    {"GET",    true,  "missing", 401,    404,   404,   404,        404,  403,       403},
    {"PUT",    true,  "other",   401,    403,   200,   200,        404,  403,       403},
    {"PUT",    true,  "own",     401,    403,   200,   200,        200,  0,         0},
    {"PUT",    true,  "missing", 401,    403,   404,   404,        404,  403,       403},
    {"PATCH",  true,  "other",   401,    403,   200,   200,        404,  403,       403},
    {"PATCH",  true,  "own",     401,    403,   200,   200,        200,  0,         0},
    {"PATCH",  true,  "missing", 401,    403,   404,   404,        404,  403,       403},
    {"DELETE", true,  "other",   401,    403,   403,   204,        404,  403,       403},
    {"DELETE", true,  "own",     401,    403,   403,   204,        204,  0,         0},
    {"DELETE", true,  "missing", 401,    403,   403,   404,        404,  403,       403},
};

/// Every other route, by its pattern.
struct RouteRow {
    const char *method;
    const char *pattern;
    int noCreds, viewer, editor, own, admin;
};

const RouteRow kRouteRows[] = {
    // Public: anyone, and a refused token in a client's default headers does not break them.
    {"GET",    "/healthz",                                     200, 200, 200, 200, 200},
    {"GET",    "/readyz",                                      200, 200, 200, 200, 200},
    {"GET",    "/metrics",                                     200, 200, 200, 200, 200},
    {"GET",    "/api/openapi.json",                            200, 200, 200, 200, 200},
    {"GET",    "/api/v1",                                      200, 200, 200, 200, 200},
    {"POST",   "/api/v1/auth/register",                        403, 403, 403, 403, 403}, // off
    {"POST",   "/api/v1/auth/login",                           200, 200, 200, 200, 200},
    {"POST",   "/api/v1/auth/refresh",                         200, 200, 200, 200, 200},
    {"POST",   "/api/v1/auth/logout",                          204, 204, 204, 204, 204},
    // Any valid credentials.
    {"GET",    "/api/v1/auth/me",                              401, 200, 200, 200, 200},
    // admin:schema
    {"GET",    "/api/admin/schema",                            401, 403, 403, 403, 200},
    {"POST",   "/api/admin/schema/reload",                     401, 403, 403, 403, 200},
    // admin:logs
    {"GET",    "/api/admin/traces",                            401, 403, 403, 403, 200},
    {"GET",    "/api/admin/traces/{traceId}",                  401, 403, 403, 403, 200},
    {"GET",    "/api/admin/logs",                              401, 403, 403, 403, 200},
    {"GET",    "/api/admin/logs/stream",                       401, 403, 403, 403, 200},
    {"GET",    "/api/admin/audit",                             401, 403, 403, 403, 200},
    // admin:users
    {"GET",    "/api/admin/users",                             401, 403, 403, 403, 200},
    {"POST",   "/api/admin/users",                             401, 403, 403, 403, 201},
    {"GET",    "/api/admin/users/{id}",                        401, 403, 403, 403, 200},
    {"PATCH",  "/api/admin/users/{id}",                        401, 403, 403, 403, 200},
    {"DELETE", "/api/admin/users/{id}",                        401, 403, 403, 403, 204},
    {"PUT",    "/api/admin/users/{id}/roles",                  401, 403, 403, 403, 200},
    {"POST",   "/api/admin/users/{id}/unlock",                 401, 403, 403, 403, 204},
    {"POST",   "/api/admin/users/{id}/reset-password",         401, 403, 403, 403, 200},
    {"GET",    "/api/admin/users/{id}/sessions",               401, 403, 403, 403, 200},
    {"DELETE", "/api/admin/users/{id}/sessions",               401, 403, 403, 403, 204},
    {"DELETE", "/api/admin/users/{id}/sessions/{sessionId}",   401, 403, 403, 403, 204},
    {"GET",    "/api/admin/users/{id}/api-keys",               401, 403, 403, 403, 200},
    {"POST",   "/api/admin/users/{id}/api-keys",               401, 403, 403, 403, 201},
    {"DELETE", "/api/admin/users/{id}/api-keys/{keyId}",       401, 403, 403, 403, 204},
    {"POST",   "/api/admin/users/{id}/impersonate",            401, 403, 403, 403, 200},
    // admin:roles
    {"GET",    "/api/admin/roles",                             401, 403, 403, 403, 200},
    {"POST",   "/api/admin/roles",                             401, 403, 403, 403, 201},
    {"GET",    "/api/admin/roles/{id}",                        401, 403, 403, 403, 200},
    {"PATCH",  "/api/admin/roles/{id}",                        401, 403, 403, 403, 200},
    {"DELETE", "/api/admin/roles/{id}",                        401, 403, 403, 403, 204},
    {"PUT",    "/api/admin/roles/{id}/permissions",            401, 403, 403, 403, 200},
    {"GET",    "/api/admin/permissions",                       401, 403, 403, 403, 200},
    {"GET",    "/api/admin/authorize",                         401, 403, 403, 403, 200},
};

/// Every admin route with {id}, aimed at a user or role that does not exist: a denial says
/// nothing about existence, and an admin gets the 404.
const RouteRow kAdminMissingId = {"", "", 401, 403, 403, 403, 404};
// clang-format on

int expectedFor(const RouteRow &r, Column c)
{
    switch (c) {
    case NoCreds:
        return r.noCreds;
    case Viewer:
        return r.viewer;
    case Editor:
        return r.editor;
    case Own:
        return r.own;
    case Admin:
        return r.admin;
    }
    return 0;
}

const char *const kPassword = "matrix-password-1";
const char *const kMissingId = "999999999";

struct Account {
    qint64 id = 0;
    QString email;
    QByteArray accessToken;
};

struct Caller {
    QString name;
    Column column;
    Headers headers;
    const Account *account = nullptr; ///< whose fresh session a logout cell ends
};

/// One request of the matrix, ready to send.
struct Prepared {
    QByteArray path;
    QByteArray body;
    bool freshSession = false; ///< send a fresh session of the caller's account instead
    QByteArray marker;         ///< row text a refusal must not show
    QByteArray snapshotPath;   ///< read as the setup admin before and after the cell
    QString idText;            ///< the id in the path (to compare someone else's row with none)
    QString error;             ///< setting up the target failed
};

struct Cell {
    QString route; ///< "GET /api/v1/posts/{id}"
    QString table;
    QString target;
    QString caller;
    Column column = NoCreds;
    int expected = 0;
    int actual = 0;
    QByteArray body;
    QByteArray contentType;
    QByteArray wwwAuthenticate;
    QByteArray marker;
    QString idText;
    bool snapshotTaken = false;
    bool snapshotChanged = false;
    QString error;

    QString describe() const
    {
        return QStringLiteral("%1%2 as %3: expected %4, got %5%6")
            .arg(route, target.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(target), caller)
            .arg(expected)
            .arg(actual)
            .arg(error.isEmpty() ? QStringLiteral(" — ") + QString::fromUtf8(body.left(160))
                                 : QStringLiteral(" — setup failed: ") + error);
    }
};

QString report(const QString &title, const QStringList &lines)
{
    return QStringLiteral("%1 (%2):\n  ").arg(title).arg(lines.size()) +
           lines.join(QStringLiteral("\n  "));
}

} // namespace

class tst_AuthzMatrix : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<IdentityFixture> m_fx;
    std::unique_ptr<bb::engine::Engine> m_engine;
    quint16 m_port = 0;
    QByteArray m_setupToken; ///< the app's own admin, for preparing targets
    int m_seq = 0;
    QStringList m_setupErrors;

    Account m_viewer, m_editor, m_owner, m_admin, m_disabled, m_loginUser, m_sharedUser;
    QByteArray m_editorKey;
    qint64 m_demoUserId = 0; ///< owns the "other" rows
    qint64 m_sharedRoleId = 0;
    QHash<QString, bool> m_hasOwnerId;                           ///< per table
    const QStringList m_ownGranted{"posts", "comments", "tags"}; ///< the owner role's tables
    QList<Caller> m_callers;

    QList<Cell> m_cells;
    bool m_ran = false;
    QStringList m_uncovered;

    // ---- plumbing ----

    HttpResult call(const QByteArray &method, const QByteArray &path, const QByteArray &body,
                    const Headers &headers)
    {
        return request(m_port, method, path, body, headers);
    }

    HttpResult setup(const QByteArray &method, const QByteArray &path, const QJsonObject &body = {})
    {
        return call(method, path, body.isEmpty() ? QByteArray() : json(body), bearer(m_setupToken));
    }

    QString unique(const char *prefix)
    {
        return QStringLiteral("%1-%2").arg(prefix).arg(++m_seq, 6, 10, QLatin1Char('0'));
    }

    /// Creates a user through the admin API; 0 (and an error) on failure.
    qint64 createUser(const QString &email, const QStringList &roles, QString *error = nullptr)
    {
        const auto r = setup("POST", "/api/admin/users",
                             {{"email", email},
                              {"password", kPassword},
                              {"roles", QJsonArray::fromStringList(roles)}});
        if (r.status != 201) {
            if (error)
                *error = QStringLiteral("create user %1: %2 %3")
                             .arg(email)
                             .arg(r.status)
                             .arg(QString::fromUtf8(r.body));
            return 0;
        }
        return qint64(r.json()["id"].toDouble());
    }

    QJsonObject login(const QString &email, QString *error = nullptr)
    {
        const auto r = call("POST", "/api/v1/auth/login",
                            json({{"email", email}, {"password", kPassword}}), {});
        if (r.status != 200 && error)
            *error = QStringLiteral("login %1: %2 %3")
                         .arg(email)
                         .arg(r.status)
                         .arg(QString::fromUtf8(r.body));
        return r.json();
    }

    Account account(const QStringList &roles)
    {
        Account a;
        a.email = unique("matrix-user") + QStringLiteral("@example.com");
        QString error;
        a.id = createUser(a.email, roles, &error);
        if (a.id)
            a.accessToken = login(a.email, &error)["accessToken"].toString().toLatin1();
        if (!error.isEmpty())
            m_setupErrors << error;
        return a;
    }

    // ---- resource targets ----

    /// A marker column per demo table: its value identifies a row (for filters and refusals).
    static QString markerColumn(const QString &table)
    {
        if (table == QLatin1String("posts"))
            return QStringLiteral("slug");
        if (table == QLatin1String("comments"))
            return QStringLiteral("author_name");
        if (table == QLatin1String("tags"))
            return QStringLiteral("name");
        if (table == QLatin1String("authors"))
            return QStringLiteral("name");
        if (table == QLatin1String("post_tags"))
            return QStringLiteral("tag_id");
        return {};
    }

    /// A complete, valid body for `table` whose marker column (and text) is `marker`. post_tags
    /// rows get a fresh tag so every body is unique. Empty on an unknown table.
    QJsonObject rowBody(const QString &table, const QString &marker, QString &error)
    {
        if (table == QLatin1String("posts"))
            return {{"author_id", 1}, {"title", marker}, {"slug", marker}, {"body", marker}};
        if (table == QLatin1String("comments"))
            return {{"post_id", 1}, {"author_name", marker}, {"body", marker}};
        if (table == QLatin1String("tags"))
            return {{"name", marker}};
        if (table == QLatin1String("authors"))
            return {{"name", marker}, {"email", marker + QStringLiteral("@example.com")}};
        if (table == QLatin1String("post_tags")) {
            const auto tag = setup("POST", "/api/v1/tags", {{"name", marker}});
            if (tag.status != 201) {
                error = QStringLiteral("tag for post_tags: %1").arg(tag.status);
                return {};
            }
            return {{"post_id", 1}, {"tag_id", tag.json()["id"]}};
        }
        error = QStringLiteral("no request body known for table '%1'").arg(table);
        return {};
    }

    /// What a body's marker looks like in the row JSON.
    static QByteArray markerText(const QString &table, const QJsonObject &body)
    {
        const QJsonValue v = body.value(markerColumn(table));
        if (v.isDouble())
            return "\"" + markerColumn(table).toLatin1() +
                   "\":" + QByteArray::number(v.toInteger());
        return v.toString().toUtf8();
    }

    QByteArray markerFilterPath(const QString &table, const QJsonObject &body)
    {
        const QJsonValue v = body.value(markerColumn(table));
        const QString literal = v.isDouble() ? QString::number(v.toInteger())
                                             : QLatin1Char('\'') + v.toString() + QLatin1Char('\'');
        return "/api/v1/" + table.toLatin1() + "?filter=" +
               QUrl::toPercentEncoding(markerColumn(table) + QLatin1Char('=') + literal);
    }

    /// A fresh row of `table`, owned by `ownerId` when the table has owner_id and it is not 0.
    Prepared freshRow(const QString &table, qint64 ownerId)
    {
        Prepared p;
        QJsonObject body = rowBody(table, unique("mx-row"), p.error);
        if (!p.error.isEmpty())
            return p;
        if (m_hasOwnerId.value(table))
            body.insert("owner_id", ownerId ? QJsonValue(double(ownerId)) : QJsonValue());
        const auto r = setup("POST", "/api/v1/" + table.toLatin1(), body);
        if (r.status != 201) {
            p.error = QStringLiteral("create %1 row: %2 %3")
                          .arg(table)
                          .arg(r.status)
                          .arg(QString::fromUtf8(r.body));
            return p;
        }
        p.idText = QString::number(r.json()["id"].toInteger());
        p.marker = markerText(table, body);
        if (!r.body.contains(p.marker))
            p.error = QStringLiteral("marker %1 not in the created row %2")
                          .arg(QString::fromUtf8(p.marker), QString::fromUtf8(r.body));
        p.snapshotPath = "/api/v1/" + table.toLatin1() + "/" + p.idText.toLatin1();
        return p;
    }

    Prepared prepareResource(const QString &table, const ResourceRow &row)
    {
        const QByteArray base = "/api/v1/" + table.toLatin1();
        Prepared p;
        const QString target = QLatin1String(row.target);
        if (!row.one) {
            if (QLatin1String(row.method) == QLatin1String("POST")) {
                const QJsonObject body = rowBody(table, unique("mx-new"), p.error);
                p.body = json(body);
                // A refused create must not have created anything.
                p.snapshotPath = markerFilterPath(table, body);
            }
            p.path = base;
            return p;
        }
        if (target == QLatin1String("missing")) {
            p.idText = QLatin1String(kMissingId);
        } else {
            p = freshRow(table, target == QLatin1String("own") ? m_owner.id : m_demoUserId);
            if (!p.error.isEmpty())
                return p;
        }
        p.path = base + "/" + p.idText.toLatin1();
        const QString method = QLatin1String(row.method);
        if (method == QLatin1String("PUT") || method == QLatin1String("PATCH")) {
            QJsonObject body = rowBody(table, unique("mx-put"), p.error);
            if (method == QLatin1String("PATCH")) {
                const QString column = markerColumn(table);
                body = QJsonObject{{column, body.value(column)}};
            }
            p.body = json(body);
        }
        return p;
    }

    // ---- admin, auth and meta targets ----

    qint64 freshUser(Prepared &p)
    {
        const qint64 id = createUser(unique("mx-target") + QStringLiteral("@example.com"),
                                     {QStringLiteral("viewer")}, &p.error);
        p.idText = QString::number(id);
        p.snapshotPath = "/api/admin/users/" + p.idText.toLatin1();
        return id;
    }

    qint64 freshRole(Prepared &p)
    {
        const auto r =
            setup("POST", "/api/admin/roles",
                  {{"name", unique("mxrole").replace(QLatin1Char('-'), QLatin1Char('_'))},
                   {"description", "throwaway"},
                   {"permissions", QJsonArray{"posts:read"}}});
        if (r.status != 201)
            p.error =
                QStringLiteral("create role: %1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
        p.idText = QString::number(r.json()["id"].toInteger());
        p.snapshotPath = "/api/admin/roles/" + p.idText.toLatin1();
        return r.json()["id"].toInteger();
    }

    /// The request for one (non-resource) route, with throwaway targets for anything that
    /// changes state. `missing` aims {id} at a user or role that does not exist.
    std::optional<Prepared> prepareRoute(const QString &method, const QString &pattern,
                                         bool missing)
    {
        const QString key = method + QLatin1Char(' ') + pattern;
        Prepared p;
        QString path = pattern;
        const auto id = [&](const QString &value) { path.replace(QLatin1String("{id}"), value); };
        if (missing) {
            id(QLatin1String(kMissingId));
            path.replace(QLatin1String("{sessionId}"),
                         QStringLiteral("0123456789abcdef0123456789abcdef"));
            path.replace(QLatin1String("{keyId}"), QStringLiteral("abcdefgh"));
            p.idText = QLatin1String(kMissingId);
            if (method == QLatin1String("PATCH") &&
                pattern.startsWith(QLatin1String("/api/admin/users")))
                p.body = json({{"displayName", "x"}});
            else if (method == QLatin1String("PATCH"))
                p.body = json({{"description", "x"}});
            else if (pattern.endsWith(QLatin1String("/roles")))
                p.body = json({{"roles", QJsonArray{"editor"}}});
            else if (pattern.endsWith(QLatin1String("/permissions")))
                p.body = json({{"permissions", QJsonArray{"tags:read"}}});
            else if (pattern.endsWith(QLatin1String("/api-keys")) &&
                     method == QLatin1String("POST"))
                p.body = json({{"name", "k"}});
            p.path = path.toLatin1();
            return p;
        }
        if (key == QLatin1String("GET /healthz") || key == QLatin1String("GET /readyz") ||
            key == QLatin1String("GET /metrics") || key == QLatin1String("GET /api/openapi.json") ||
            key == QLatin1String("GET /api/v1") || key == QLatin1String("GET /api/v1/auth/me") ||
            key == QLatin1String("GET /api/admin/schema") ||
            key == QLatin1String("POST /api/admin/schema/reload") ||
            key == QLatin1String("GET /api/admin/traces") ||
            key == QLatin1String("GET /api/admin/logs") ||
            key == QLatin1String("GET /api/admin/audit") ||
            key == QLatin1String("GET /api/admin/users") ||
            key == QLatin1String("GET /api/admin/roles") ||
            key == QLatin1String("GET /api/admin/permissions")) {
            // Nothing to substitute.
        } else if (key == QLatin1String("POST /api/v1/auth/register")) {
            const QString email = unique("mx-register") + QStringLiteral("@example.com");
            p.body = json({{"email", email}, {"password", kPassword}});
            p.snapshotPath = "/api/admin/users?q=" + QUrl::toPercentEncoding(email);
        } else if (key == QLatin1String("POST /api/v1/auth/login")) {
            p.body = json({{"email", m_loginUser.email}, {"password", kPassword}});
        } else if (key == QLatin1String("POST /api/v1/auth/refresh")) {
            p.body = json({{"refreshToken", login(m_loginUser.email, &p.error)["refreshToken"]}});
        } else if (key == QLatin1String("POST /api/v1/auth/logout")) {
            // A bearer caller ends its own session (not the one in the body), so it uses a
            // fresh session of its account and the caller's other cells keep theirs.
            p.body = json({{"refreshToken", login(m_loginUser.email, &p.error)["refreshToken"]}});
            p.freshSession = true;
        } else if (key == QLatin1String("GET /api/admin/logs/stream")) {
            // The replay from the newest record is empty; follow=false then ends the body.
            path += QStringLiteral("?follow=false&lastEventId=18446744073709551615");
        } else if (key == QLatin1String("GET /api/admin/traces/{traceId}")) {
            path.replace(QLatin1String("{traceId}"),
                         QString::fromLatin1(traceIdOf(call("GET", "/healthz", {}, {}))));
        } else if (key == QLatin1String("POST /api/admin/users")) {
            const QString email = unique("mx-created") + QStringLiteral("@example.com");
            p.body =
                json({{"email", email}, {"password", kPassword}, {"roles", QJsonArray{"viewer"}}});
            p.snapshotPath = "/api/admin/users?q=" + QUrl::toPercentEncoding(email);
        } else if (key == QLatin1String("GET /api/admin/users/{id}") ||
                   key == QLatin1String("GET /api/admin/users/{id}/sessions") ||
                   key == QLatin1String("GET /api/admin/users/{id}/api-keys")) {
            id(QString::number(m_sharedUser.id));
            p.idText = QString::number(m_sharedUser.id);
        } else if (key == QLatin1String("PATCH /api/admin/users/{id}")) {
            id(QString::number(freshUser(p)));
            p.body = json({{"displayName", "patched by the matrix"}});
        } else if (key == QLatin1String("DELETE /api/admin/users/{id}") ||
                   key == QLatin1String("POST /api/admin/users/{id}/unlock") ||
                   key == QLatin1String("POST /api/admin/users/{id}/reset-password") ||
                   key == QLatin1String("POST /api/admin/users/{id}/impersonate")) {
            id(QString::number(freshUser(p)));
        } else if (key == QLatin1String("PUT /api/admin/users/{id}/roles")) {
            id(QString::number(freshUser(p)));
            p.body = json({{"roles", QJsonArray{"editor"}}});
        } else if (key == QLatin1String("DELETE /api/admin/users/{id}/sessions") ||
                   key == QLatin1String("DELETE /api/admin/users/{id}/sessions/{sessionId}")) {
            const qint64 user = freshUser(p);
            id(QString::number(user));
            // The session to revoke: a real login of the throwaway user.
            const QString email = setup("GET", "/api/admin/users/" + QByteArray::number(user))
                                      .json()["email"]
                                      .toString();
            const QByteArray access = login(email, &p.error)["accessToken"].toString().toLatin1();
            path.replace(QLatin1String("{sessionId}"), claimsOf(access).sid);
            p.snapshotPath = "/api/admin/users/" + QByteArray::number(user) + "/sessions";
        } else if (key == QLatin1String("POST /api/admin/users/{id}/api-keys")) {
            const qint64 user = freshUser(p);
            id(QString::number(user));
            p.body = json({{"name", "matrix key"}});
            p.snapshotPath = "/api/admin/users/" + QByteArray::number(user) + "/api-keys";
        } else if (key == QLatin1String("DELETE /api/admin/users/{id}/api-keys/{keyId}")) {
            const qint64 user = freshUser(p);
            id(QString::number(user));
            const auto k =
                setup("POST", "/api/admin/users/" + QByteArray::number(user) + "/api-keys",
                      {{"name", "to revoke"}});
            if (k.status != 201)
                p.error = QStringLiteral("create key: %1").arg(k.status);
            path.replace(QLatin1String("{keyId}"), k.json()["id"].toString());
            p.snapshotPath = "/api/admin/users/" + QByteArray::number(user) + "/api-keys";
        } else if (key == QLatin1String("POST /api/admin/roles")) {
            const QString name = unique("mxnew").replace(QLatin1Char('-'), QLatin1Char('_'));
            p.body = json({{"name", name},
                           {"description", "created by the matrix"},
                           {"permissions", QJsonArray{"posts:read"}}});
            p.snapshotPath = "/api/admin/roles";
        } else if (key == QLatin1String("GET /api/admin/roles/{id}")) {
            id(QString::number(m_sharedRoleId));
            p.idText = QString::number(m_sharedRoleId);
        } else if (key == QLatin1String("PATCH /api/admin/roles/{id}")) {
            id(QString::number(freshRole(p)));
            p.body = json({{"description", "changed by the matrix"}});
        } else if (key == QLatin1String("DELETE /api/admin/roles/{id}")) {
            id(QString::number(freshRole(p)));
        } else if (key == QLatin1String("PUT /api/admin/roles/{id}/permissions")) {
            id(QString::number(freshRole(p)));
            p.body = json({{"permissions", QJsonArray{"tags:read"}}});
        } else if (key == QLatin1String("GET /api/admin/authorize")) {
            path += QStringLiteral("?user=%1&resource=posts&action=read")
                        .arg(QString::fromLatin1(QUrl::toPercentEncoding(m_viewer.email)));
        } else {
            return std::nullopt;
        }
        p.path = path.toLatin1();
        return p;
    }

    // ---- running ----

    QByteArray snapshot(const QByteArray &path)
    {
        // A query the handler ignores keeps the response cache from answering.
        const QByteArray sep = path.contains('?') ? "&" : "?";
        const auto r = setup("GET", path + sep + "matrixRead=" + QByteArray::number(++m_seq));
        return QByteArray::number(r.status) + ' ' + r.body;
    }

    void runCell(Cell cell, const QString &method, const Caller &caller, const Prepared &p)
    {
        cell.caller = caller.name;
        cell.column = caller.column;
        cell.marker = p.marker;
        cell.idText = p.idText;
        cell.error = p.error;
        if (!p.error.isEmpty()) {
            m_cells << cell;
            return;
        }
        Headers headers = caller.headers;
        if (p.freshSession && caller.account) {
            QString error;
            const QByteArray token =
                login(caller.account->email, &error)["accessToken"].toString().toLatin1();
            headers = bearer(token);
            cell.error = error;
        }
        QByteArray before;
        if (!p.snapshotPath.isEmpty())
            before = snapshot(p.snapshotPath);
        const auto r = call(method.toLatin1(), p.path, p.body, headers);
        cell.actual = r.status;
        cell.body = r.body;
        cell.contentType = r.header("content-type");
        cell.wwwAuthenticate = r.header("www-authenticate");
        if (!p.snapshotPath.isEmpty()) {
            cell.snapshotTaken = true;
            cell.snapshotChanged = snapshot(p.snapshotPath) != before;
        }
        m_cells << cell;
    }

    void runMatrix()
    {
        if (m_ran)
            return;
        m_ran = true;
        const auto routes = m_engine->routes();
        for (const bb::engine::RouteInfo &route : routes) {
            const QString name = route.method + QLatin1Char(' ') + route.pattern;
            if (!route.resource.isEmpty()) {
                const QString table = route.resource;
                const bool one = route.pattern.endsWith(QLatin1String("/{id}"));
                const int ownIndex = !m_ownGranted.contains(table) ? 2
                                     : m_hasOwnerId.value(table)   ? 0
                                                                   : 1;
                bool covered = false;
                for (const ResourceRow &row : kResourceRows) {
                    if (QLatin1String(row.method) != route.method || row.one != one)
                        continue;
                    covered = true;
                    const int own = ownIndex == 0   ? row.ownOwned
                                    : ownIndex == 1 ? row.ownNoOwner
                                                    : row.ownNone;
                    if (QLatin1String(row.target) == QLatin1String("own") &&
                        !m_hasOwnerId.value(table))
                        continue; // no owners in this table
                    const RouteRow expect{row.method, "",  row.noCreds, row.viewer,
                                          row.editor, own, row.admin};
                    for (const Caller &caller : m_callers) {
                        Cell cell;
                        cell.route = name;
                        cell.table = table;
                        cell.target = QLatin1String(row.target);
                        cell.expected = expectedFor(expect, caller.column);
                        runCell(cell, route.method, caller, prepareResource(table, row));
                    }
                }
                if (!covered)
                    m_uncovered << name;
                continue;
            }
            const RouteRow *expect = nullptr;
            for (const RouteRow &row : kRouteRows)
                if (QLatin1String(row.method) == route.method &&
                    QLatin1String(row.pattern) == route.pattern)
                    expect = &row;
            if (!expect) {
                m_uncovered << name;
                continue;
            }
            for (const bool missing : {false, true}) {
                if (missing && !(route.pattern.startsWith(QLatin1String("/api/admin/")) &&
                                 route.pattern.contains(QLatin1String("{id}"))))
                    continue;
                const RouteRow &row = missing ? kAdminMissingId : *expect;
                for (const Caller &caller : m_callers) {
                    const auto prepared = prepareRoute(route.method, route.pattern, missing);
                    if (!prepared) {
                        m_uncovered << name + QStringLiteral(" (no request known)");
                        break;
                    }
                    Cell cell;
                    cell.route = name;
                    cell.target = missing ? QStringLiteral("missing") : QString();
                    cell.expected = expectedFor(row, caller.column);
                    runCell(cell, route.method, caller, *prepared);
                }
            }
        }
        qInfo("authorization matrix: %d routes, %d callers, %d cells", int(routes.size()),
              int(m_callers.size()), int(m_cells.size()));
        // BB_MATRIX_DUMP=1 prints every cell, for reading the matrix rather than its failures.
        if (qEnvironmentVariableIntValue("BB_MATRIX_DUMP"))
            for (const Cell &c : m_cells)
                qInfo("%s", qPrintable(c.describe().left(200)));
    }

    const Cell *find(const QString &route, const QString &target, const QString &caller) const
    {
        for (const Cell &c : m_cells)
            if (c.route == route && c.target == target && c.caller == caller)
                return &c;
        return nullptr;
    }

private slots:
    void initTestCase()
    {
        qputenv("BACKBENCH_JWT_SECRET", kJwtSecretHex);
        qunsetenv("BACKBENCH_ADMIN_EMAIL");
        qunsetenv("BACKBENCH_ADMIN_PASSWORD");
        m_fx = std::make_unique<IdentityFixture>();
        if (!m_fx->unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fx->unavailableReason()));
        m_engine = std::make_unique<bb::engine::Engine>(m_fx->config());
        auto port = m_engine->start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_port = *port;
        m_setupToken = m_engine->issueLocalAdminToken().toLatin1();
        QVERIFY(!m_setupToken.isEmpty());

        // Which tables have owner_id, from the schema.
        const auto schema = setup("GET", "/api/admin/schema");
        QCOMPARE(schema.status, 200);
        for (const QJsonValue &v : schema.json()["tables"].toArray()) {
            const QJsonObject t = v.toObject();
            bool owner = false;
            for (const QJsonValue &c : t["columns"].toArray())
                owner = owner || c.toObject()["name"].toString() == QLatin1String("owner_id");
            m_hasOwnerId.insert(t["name"].toString(), owner);
        }
        QVERIFY2(m_hasOwnerId.value("posts") && m_hasOwnerId.value("comments"),
                 "the demo posts and comments tables have owner_id");
        QVERIFY2(m_hasOwnerId.contains("tags") && !m_hasOwnerId.value("tags"),
                 "the demo tags table has no owner_id");

        const auto role =
            setup("POST", "/api/admin/roles",
                  {{"name", "owner"},
                   {"description", "own rows only"},
                   {"permissions", QJsonArray{"posts:*:own", "comments:*:own", "tags:*:own"}}});
        QVERIFY2(role.status == 201, role.body.constData());
        const auto shared = setup("POST", "/api/admin/roles",
                                  {{"name", "shared"},
                                   {"description", "read by the matrix"},
                                   {"permissions", QJsonArray{"tags:list"}}});
        QCOMPARE(shared.status, 201);
        m_sharedRoleId = shared.json()["id"].toInteger();

        m_viewer = account({"viewer"});
        m_editor = account({"editor"});
        m_owner = account({"owner"});
        m_admin = account({"admin"});
        m_disabled = account({"editor"});
        m_loginUser = account({"viewer"});
        m_sharedUser = account({"viewer"});
        QVERIFY2(m_setupErrors.isEmpty(), qPrintable(m_setupErrors.join('\n')));
        // Disabled after its token was issued.
        QCOMPARE(setup("PATCH", "/api/admin/users/" + QByteArray::number(m_disabled.id),
                       {{"disabled", true}})
                     .status,
                 200);
        const auto key =
            setup("POST", "/api/admin/users/" + QByteArray::number(m_editor.id) + "/api-keys",
                  {{"name", "matrix"}});
        QCOMPARE(key.status, 201);
        m_editorKey = key.json()["key"].toString().toLatin1();
        const auto demo = setup("GET", "/api/admin/users?q=demo.alice");
        QCOMPARE(demo.json()["totalItems"].toInt(), 1);
        m_demoUserId = demo.json()["items"].toArray()[0].toObject()["id"].toInteger();

        // Refused tokens, all built from the real admin's token or claims.
        const bb::identity::Claims adminClaims = claimsOf(m_admin.accessToken);
        QVERIFY(!adminClaims.sub.isEmpty());
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        bb::identity::Claims expired = adminClaims;
        expired.iat = now - 7200;
        expired.exp = now - 3600;
        const QByteArray expiredToken = bb::identity::sign(expired, jwtKey());
        bb::identity::Claims fresh = adminClaims;
        fresh.iat = now;
        fresh.exp = now + 600;
        const QByteArray foreignToken = bb::identity::sign(
            fresh, QByteArray::fromHex(
                       "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"));
        QList<QByteArray> parts = m_admin.accessToken.split('.');
        QCOMPARE(parts.size(), 3);
        QByteArray payload = parts[1];
        const int at = payload.size() / 2;
        payload[at] = payload[at] == 'A' ? 'B' : 'A';
        const QByteArray tampered = parts[0] + '.' + payload + '.' + parts[2];
        const QByteArray noneHeader = b64url(R"({"alg":"none","typ":"JWT"})");
        const QByteArray algNone = noneHeader + '.' + parts[1] + '.' + parts[2];
        const QByteArray algNoneUnsigned = noneHeader + '.' + parts[1] + '.';

        m_callers = {
            {"anonymous", NoCreds, {}, nullptr},
            {"viewer", Viewer, bearer(m_viewer.accessToken), &m_viewer},
            {"editor", Editor, bearer(m_editor.accessToken), &m_editor},
            {"editor (API key)", Editor, {{"X-API-Key", m_editorKey}}, nullptr},
            {"owner (:own)", Own, bearer(m_owner.accessToken), &m_owner},
            {"admin", Admin, bearer(m_admin.accessToken), &m_admin},
            {"disabled", NoCreds, bearer(m_disabled.accessToken), nullptr},
            {"expired", NoCreds, bearer(expiredToken), nullptr},
            {"tampered", NoCreds, bearer(tampered), nullptr},
            {"alg none", NoCreds, bearer(algNone), nullptr},
            {"alg none, unsigned", NoCreds, bearer(algNoneUnsigned), nullptr},
            {"foreign key", NoCreds, bearer(foreignToken), nullptr},
            {"Basic scheme",
             NoCreds,
             {{"Authorization", "Basic " + m_admin.email.toUtf8().toBase64()}},
             nullptr},
        };
    }

    void cleanupTestCase()
    {
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        m_fx.reset();
        qunsetenv("BACKBENCH_JWT_SECRET");
    }

    /// The callers are what they claim to be before the matrix relies on them.
    void callersAreWhatTheyClaim()
    {
        for (const Caller &c : m_callers) {
            const auto r = call("GET", "/api/v1/auth/me", {}, c.headers);
            const int expected = c.column == NoCreds ? 401 : 200;
            QVERIFY2(r.status == expected, qPrintable(QStringLiteral("%1: /auth/me gave %2 %3")
                                                          .arg(c.name)
                                                          .arg(r.status)
                                                          .arg(QString::fromUtf8(r.body))));
            if (expected == 401)
                QVERIFY2(r.header("www-authenticate").startsWith("Bearer"), qPrintable(c.name));
        }
    }

    void everyRouteHasAnExpectation()
    {
        runMatrix();
        QVERIFY2(m_uncovered.isEmpty(),
                 qPrintable(report("routes without an expectation or a request", m_uncovered)));
        // Every demo table was enumerated with all six resource routes.
        for (const char *table : {"posts", "comments", "tags", "authors", "post_tags"}) {
            int routes = 0;
            for (const auto &r : m_engine->routes())
                routes += r.resource == QLatin1String(table);
            QVERIFY2(routes == 6, table);
        }
    }

    void statusMatrix()
    {
        runMatrix();
        QVERIFY(m_cells.size() > 1000);
        QStringList bad;
        for (const Cell &c : m_cells)
            if (!c.error.isEmpty() || c.actual != c.expected)
                bad << c.describe();
        QVERIFY2(bad.isEmpty(),
                 qPrintable(report(
                     QStringLiteral("cells off the contract, of %1").arg(m_cells.size()), bad)));
    }

    void refusalsCarryWwwAuthenticate()
    {
        runMatrix();
        QStringList bad;
        for (const Cell &c : m_cells)
            if (c.actual == 401 && c.expected == 401 && !c.wwwAuthenticate.startsWith("Bearer"))
                bad << c.describe();
        QVERIFY2(bad.isEmpty(), qPrintable(report("401s without WWW-Authenticate: Bearer", bad)));
    }

    void deniedResponsesShowNoRowData()
    {
        runMatrix();
        QStringList bad;
        for (const Cell &c : m_cells)
            if (c.actual >= 400 && !c.marker.isEmpty() && c.body.contains(c.marker))
                bad << c.describe();
        QVERIFY2(bad.isEmpty(), qPrintable(report("refusals that show the row", bad)));
    }

    /// A denial never says whether the row exists: the refusal for an existing row is the
    /// refusal for a missing one, byte for byte.
    void denialForExistingRowEqualsDenialForMissingRow()
    {
        runMatrix();
        QStringList bad;
        int compared = 0;
        for (const Cell &c : m_cells) {
            if (c.target != QLatin1String("other") || c.actual != c.expected ||
                (c.expected != 401 && c.expected != 403))
                continue;
            const Cell *missing = find(c.route, QStringLiteral("missing"), c.caller);
            if (!missing || missing->actual != missing->expected)
                continue;
            ++compared;
            if (missing->actual != c.actual || missing->body != c.body ||
                missing->contentType != c.contentType)
                bad << QStringLiteral("%1 as %2: existing row gave %3 %4, missing row %5 %6")
                           .arg(c.route, c.caller)
                           .arg(c.actual)
                           .arg(QString::fromUtf8(c.body))
                           .arg(missing->actual)
                           .arg(QString::fromUtf8(missing->body));
        }
        QVERIFY(compared > 100);
        QVERIFY2(bad.isEmpty(), qPrintable(report("denials that differ for a missing row", bad)));
        // The same for the admin routes with {id}: existing and missing targets, refused alike.
        QStringList adminBad;
        for (const Cell &c : m_cells) {
            if (!c.route.contains(QLatin1String(" /api/admin/")) || !c.target.isEmpty() ||
                !c.route.contains(QLatin1String("{id}")) || (c.actual != 401 && c.actual != 403))
                continue;
            const Cell *missing = find(c.route, QStringLiteral("missing"), c.caller);
            if (missing && (missing->actual != c.actual || missing->body != c.body))
                adminBad << QStringLiteral("%1 as %2: %3 vs %4")
                                .arg(c.route, c.caller, QString::fromUtf8(c.body),
                                     QString::fromUtf8(missing->body));
        }
        QVERIFY2(adminBad.isEmpty(),
                 qPrintable(report("admin denials that differ for a missing id", adminBad)));
    }

    /// For an `:own` caller someone else's row is indistinguishable from no row: the same
    /// status and the same bytes, but for the id itself.
    void ownCallerSeesOthersRowsAsMissing()
    {
        runMatrix();
        QStringList bad;
        int compared = 0;
        for (const Cell &c : m_cells) {
            if (c.column != Own || c.target != QLatin1String("other") ||
                !m_hasOwnerId.value(c.table))
                continue;
            const Cell *missing = find(c.route, QStringLiteral("missing"), c.caller);
            if (!missing)
                continue;
            ++compared;
            QByteArray mine = c.body;
            QByteArray none = missing->body;
            mine.replace(c.idText.toLatin1(), "{id}");
            none.replace(QByteArray(kMissingId), "{id}");
            if (c.actual != missing->actual || mine != none ||
                c.contentType != missing->contentType)
                bad << QStringLiteral("%1: someone else's row %2 %3 / missing row %4 %5")
                           .arg(c.route)
                           .arg(c.actual)
                           .arg(QString::fromUtf8(c.body))
                           .arg(missing->actual)
                           .arg(QString::fromUtf8(missing->body));
        }
        QCOMPARE(compared, 8); // GET, PUT, PATCH, DELETE × posts, comments
        QVERIFY2(bad.isEmpty(), qPrintable(report(":own answers that tell rows apart", bad)));
    }

    /// A refused request changes nothing: the target reads the same before and after.
    void refusedRequestsChangeNothing()
    {
        runMatrix();
        QStringList bad;
        int checked = 0;
        for (const Cell &c : m_cells) {
            if (!c.snapshotTaken || c.actual < 400)
                continue;
            ++checked;
            if (c.snapshotChanged)
                bad << c.describe();
        }
        QVERIFY(checked > 300);
        QVERIFY2(bad.isEmpty(),
                 qPrintable(report("refused requests that changed their target", bad)));
    }
};

QTEST_GUILESS_MAIN(tst_AuthzMatrix)
#include "tst_authz_matrix.moc"
