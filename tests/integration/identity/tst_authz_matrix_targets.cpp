// tst_AuthzMatrix, part: the request targets, resource rows and the admin, auth and meta
// routes' throwaway users and roles.
#include "tst_authz_matrix_support.h"

/// A marker column per demo table: its value identifies a row (for filters and refusals).
QString tst_AuthzMatrix::markerColumn(const QString &table)
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
QJsonObject tst_AuthzMatrix::rowBody(const QString &table, const QString &marker, QString &error)
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
QByteArray tst_AuthzMatrix::markerText(const QString &table, const QJsonObject &body)
{
    const QJsonValue v = body.value(markerColumn(table));
    if (v.isDouble())
        return "\"" + markerColumn(table).toLatin1() + "\":" + QByteArray::number(v.toInteger());
    return v.toString().toUtf8();
}

QByteArray tst_AuthzMatrix::markerFilterPath(const QString &table, const QJsonObject &body)
{
    const QJsonValue v = body.value(markerColumn(table));
    const QString literal = v.isDouble() ? QString::number(v.toInteger())
                                         : QLatin1Char('\'') + v.toString() + QLatin1Char('\'');
    return "/api/v1/" + table.toLatin1() +
           "?filter=" + QUrl::toPercentEncoding(markerColumn(table) + QLatin1Char('=') + literal);
}

/// A fresh row of `table`, owned by `ownerId` when the table has owner_id and it is not 0.
Prepared tst_AuthzMatrix::freshRow(const QString &table, qint64 ownerId)
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

Prepared tst_AuthzMatrix::prepareResource(const QString &table, const ResourceRow &row)
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

qint64 tst_AuthzMatrix::freshUser(Prepared &p)
{
    const qint64 id = createUser(unique("mx-target") + QStringLiteral("@example.com"),
                                 {QStringLiteral("viewer")}, &p.error);
    p.idText = QString::number(id);
    p.snapshotPath = "/api/admin/users/" + p.idText.toLatin1();
    return id;
}

qint64 tst_AuthzMatrix::freshRole(Prepared &p)
{
    const auto r = setup("POST", "/api/admin/roles",
                         {{"name", unique("mxrole").replace(QLatin1Char('-'), QLatin1Char('_'))},
                          {"description", "throwaway"},
                          {"permissions", QJsonArray{"posts:read"}}});
    if (r.status != 201)
        p.error = QStringLiteral("create role: %1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
    p.idText = QString::number(r.json()["id"].toInteger());
    p.snapshotPath = "/api/admin/roles/" + p.idText.toLatin1();
    return r.json()["id"].toInteger();
}

/// The request for one (non-resource) route, with throwaway targets for anything that
/// changes state. `missing` aims {id} at a user or role that does not exist.
std::optional<Prepared> tst_AuthzMatrix::prepareRoute(const QString &method, const QString &pattern,
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
        else if (pattern.endsWith(QLatin1String("/api-keys")) && method == QLatin1String("POST"))
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
        p.body = json({{"email", email}, {"password", kPassword}, {"roles", QJsonArray{"viewer"}}});
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
        const QString email =
            setup("GET", "/api/admin/users/" + QByteArray::number(user)).json()["email"].toString();
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
        const auto k = setup("POST", "/api/admin/users/" + QByteArray::number(user) + "/api-keys",
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
