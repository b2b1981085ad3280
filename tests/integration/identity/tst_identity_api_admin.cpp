// tst_IdentityApi, part: the first admin, registration and admin validation (roles, users).
#include "tst_identity_api_support.h"

void tst_IdentityApi::firstAdminFromEnvironment()
{
    SideEngine side;
    side.config.localAdmin = false;
    side.config.generateFirstAdmin = true;
    const QString address = email("env-admin");
    const QString password = QStringLiteral("env-admin-password-1");
    qputenv("BACKBENCH_ADMIN_EMAIL", address.toUtf8());
    qputenv("BACKBENCH_ADMIN_PASSWORD", password.toUtf8());
    const bool started = side.start();
    qunsetenv("BACKBENCH_ADMIN_EMAIL");
    qunsetenv("BACKBENCH_ADMIN_PASSWORD");
    QVERIFY2(started, qPrintable(side.error));
    QVERIFY(side.engine->generatedAdminNotice().isEmpty());
    const auto r = side.login(address, password);
    QVERIFY2(r.status == 200, qPrintable(text(r)));
    QCOMPARE(r.json()["user"].toObject()["roles"].toArray(), QJsonArray({"admin"}));
    const Headers token = bearer(r.json()["accessToken"].toString().toLatin1());
    const auto users = side.call("GET", "/api/admin/users", {}, token);
    QCOMPARE(users.status, 200);
    QCOMPARE(users.json()["totalItems"].toInt(), 1); // no admin@localhost besides
}

/// A first admin from the environment with a bad address or a weak password stops the
/// start with a message naming the variable, rather than making an admin nobody can use.
void tst_IdentityApi::firstAdminEnvironmentIsValidated_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("password");
    QTest::addColumn<QString>("named");
    QTest::newRow("bad address") << "not-an-address"
                                 << "long-enough-password"
                                 << "BACKBENCH_ADMIN_EMAIL";
    QTest::newRow("short password") << "ok@example.com"
                                    << "short"
                                    << "BACKBENCH_ADMIN_PASSWORD";
}

void tst_IdentityApi::firstAdminEnvironmentIsValidated()
{
    QFETCH(QString, address);
    QFETCH(QString, password);
    QFETCH(QString, named);
    SideEngine side;
    side.config.localAdmin = false;
    qputenv("BACKBENCH_ADMIN_EMAIL", address.toUtf8());
    qputenv("BACKBENCH_ADMIN_PASSWORD", password.toUtf8());
    const bool started = side.start();
    qunsetenv("BACKBENCH_ADMIN_EMAIL");
    qunsetenv("BACKBENCH_ADMIN_PASSWORD");
    QVERIFY(!started);
    QVERIFY2(side.error.contains(named), qPrintable(side.error));
    QVERIFY(!side.error.contains(password) || password.size() < 8);
}

void tst_IdentityApi::firstAdminGenerated()
{
    SideEngine side;
    side.config.localAdmin = false;
    side.config.generateFirstAdmin = true;
    QVERIFY2(side.start(), qPrintable(side.error));
    const QString notice = side.engine->generatedAdminNotice();
    QVERIFY(notice.contains(QLatin1String("admin@localhost")));
    const auto match = QRegularExpression(QStringLiteral("password: (\\S+)")).match(notice);
    QVERIFY2(match.hasMatch(), qPrintable(notice));
    const QString password = match.captured(1);
    QVERIFY(password.size() >= 16);
    const auto r = side.login(QStringLiteral("admin@localhost"), password);
    QVERIFY2(r.status == 200, qPrintable(text(r)));
    QCOMPARE(r.json()["user"].toObject()["roles"].toArray(), QJsonArray({"admin"}));
    const Headers token = bearer(r.json()["accessToken"].toString().toLatin1());
    // Never logged.
    const auto logs = side.call("GET", "/api/admin/logs?limit=5000", {}, token);
    QCOMPARE(logs.status, 200);
    QVERIFY(!logs.body.contains(password.toUtf8()));

    // A second start finds the admin and generates nothing.
    side.stop();
    QVERIFY2(side.start(), qPrintable(side.error));
    QVERIFY(side.engine->generatedAdminNotice().isEmpty());
    QCOMPARE(side.login(QStringLiteral("admin@localhost"), password).status, 200);
    const auto users = side.call("GET", "/api/admin/users", {}, token);
    QCOMPARE(users.json()["totalItems"].toInt(), 1);
}

void tst_IdentityApi::registrationIsOffByDefault()
{
    const auto r = call("POST", "/api/v1/auth/register",
                        json({{"email", email("reg-off")}, {"password", kPassword}}));
    QCOMPARE(r.status, 403);
}

void tst_IdentityApi::registration()
{
    SideEngine side;
    side.config.allowRegister = true;
    QVERIFY2(side.start(), qPrintable(side.error));
    const Headers admin = bearer(side.adminToken());
    const auto auditCount = [&] {
        return side.call("GET", "/api/admin/audit?action=auth.register", {}, admin)
            .json()["totalItems"]
            .toInt();
    };
    const QString address = email("reg");
    const auto r =
        side.call("POST", "/api/v1/auth/register",
                  json({{"email", address}, {"password", kPassword}, {"displayName", "Reggie"}}));
    QVERIFY2(r.status == 201, qPrintable(text(r)));
    const QJsonObject user = r.json()["user"].toObject();
    QCOMPARE(user["roles"].toArray(), QJsonArray({"viewer"}));
    QCOMPARE(user["email"].toString(), address);
    QCOMPARE(user["displayName"].toString(), QString("Reggie"));
    QCOMPARE(auditCount(), 1);
    const auto in = side.login(address, kPassword);
    QCOMPARE(in.status, 200);
    const Headers token = bearer(in.json()["accessToken"].toString().toLatin1());
    QCOMPARE(side.call("GET", "/api/admin/users", {}, token).status, 403);

    const auto dup = side.call("POST", "/api/v1/auth/register",
                               json({{"email", address.toUpper()}, {"password", kPassword}}));
    QCOMPARE(dup.status, 409);
    QVERIFY2(dup.json()["errors"].toObject().contains("email"), dup.body.constData());
    const auto badEmail = side.call("POST", "/api/v1/auth/register",
                                    json({{"email", "nope"}, {"password", kPassword}}));
    QCOMPARE(badEmail.status, 400);
    QVERIFY(badEmail.json()["errors"].toObject().contains("email"));
    const auto badPassword = side.call("POST", "/api/v1/auth/register",
                                       json({{"email", email("reg2")}, {"password", "short"}}));
    QCOMPARE(badPassword.status, 400);
    QVERIFY(badPassword.json()["errors"].toObject().contains("password"));
    const auto roles = side.call(
        "POST", "/api/v1/auth/register",
        json({{"email", email("reg3")}, {"password", kPassword}, {"roles", QJsonArray{"admin"}}}));
    QCOMPARE(roles.status, 400); // nobody registers as an admin
    QVERIFY(roles.json()["errors"].toObject().contains("roles"));
    QCOMPARE(auditCount(), 1);
}

void tst_IdentityApi::adminValidation_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path"); // {user}, {role}: targets made for this test
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("field"); // in errors, or the problem's "parameter"

    const auto row = [](const char *name, const char *method, const char *path,
                        const QJsonObject &body, int status, const char *field) {
        QTest::newRow(name) << QByteArray(method) << QByteArray(path)
                            << (body.isEmpty() ? QByteArray("{}") : json(body)) << status
                            << QString::fromLatin1(field);
    };
    const QJsonObject ok{{"email", "valid-new@example.com"}, {"password", "long-enough-1"}};
    const auto with = [&ok](const char *k, const QJsonValue &v) {
        QJsonObject o = ok;
        o.insert(k, v);
        return o;
    };
    row("user: empty body", "POST", "/api/admin/users", {}, 400, "email");
    row("user: bad email", "POST", "/api/admin/users", with("email", "not-an-address"), 400,
        "email");
    row("user: email not text", "POST", "/api/admin/users", with("email", 42), 400, "email");
    row("user: short password", "POST", "/api/admin/users", with("password", "short"), 400,
        "password");
    row("user: unknown role", "POST", "/api/admin/users", with("roles", QJsonArray{"wizard"}), 400,
        "roles");
    row("user: roles not a list", "POST", "/api/admin/users", with("roles", "admin"), 400, "roles");
    row("user: unknown field", "POST", "/api/admin/users", with("isAdmin", true), 400, "isAdmin");
    row("user: duplicate email", "POST", "/api/admin/users",
        with("email", "TAKEN-ADDRESS@example.com"), 409, "email");
    row("patch: disabled not a bool", "PATCH", "/api/admin/users/{user}", {{"disabled", "yes"}},
        400, "disabled");
    row("patch: unknown role", "PATCH", "/api/admin/users/{user}",
        {{"roles", QJsonArray{"wizard"}}}, 400, "roles");
    row("patch: email cannot change", "PATCH", "/api/admin/users/{user}",
        {{"email", "other@example.com"}}, 400, "email");
    row("roles: missing", "PUT", "/api/admin/users/{user}/roles", {}, 400, "roles");
    row("roles: unknown role", "PUT", "/api/admin/users/{user}/roles",
        {{"roles", QJsonArray{"viewer", "wizard"}}}, 400, "roles");
    row("api key: no name", "POST", "/api/admin/users/{user}/api-keys", {}, 400, "name");
    row("api key: blank name", "POST", "/api/admin/users/{user}/api-keys", {{"name", "  "}}, 400,
        "name");
    row("role: bad name", "POST", "/api/admin/roles", {{"name", "9lives"}, {"description", "d"}},
        400, "name");
    row("role: unknown action", "POST", "/api/admin/roles",
        {{"name", "fine-a"}, {"description", "d"}, {"permissions", QJsonArray{"posts:fly"}}}, 400,
        "permissions");
    row("role: own on an admin area", "POST", "/api/admin/roles",
        {{"name", "fine-b"}, {"description", "d"}, {"permissions", QJsonArray{"admin:users:own"}}},
        400, "permissions");
    row("role: duplicate name", "POST", "/api/admin/roles",
        {{"name", "taken-role"}, {"description", "d"}}, 409, "name");
    row("role rename: taken", "PATCH", "/api/admin/roles/{role}", {{"name", "taken-role"}}, 409,
        "name");
    row("permissions: not a list", "PUT", "/api/admin/roles/{role}/permissions",
        {{"permissions", "posts:read"}}, 400, "permissions");
    row("permissions: missing", "PUT", "/api/admin/roles/{role}/permissions", {}, 400,
        "permissions");
    row("permissions: system table", "PUT", "/api/admin/roles/{role}/permissions",
        {{"permissions", QJsonArray{"_users:read"}}}, 400, "permissions");
    row("unknown user", "GET", "/api/admin/users/999999999", {}, 404, "");
    row("unknown user, patch", "PATCH", "/api/admin/users/999999999", {{"displayName", "x"}}, 404,
        "");
    row("unknown role", "GET", "/api/admin/roles/999999999", {}, 404, "");
    row("unknown role, delete", "DELETE", "/api/admin/roles/999999999", {}, 404, "");
    row("authorize: no resource", "GET", "/api/admin/authorize?action=read", {}, 400, "resource");
    row("authorize: bad action", "GET", "/api/admin/authorize?resource=posts&action=fly", {}, 400,
        "action");
    row("audit: bad since", "GET", "/api/admin/audit?since=yesterday", {}, 400, "since");
    row("users: page 0", "GET", "/api/admin/users?page=0", {}, 400, "page");
}

void tst_IdentityApi::adminValidation()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(int, status);
    QFETCH(QString, field);
    static qint64 user = 0, role = 0;
    if (!user) {
        user = createUser(QStringLiteral("taken-address@example.com"));
        QVERIFY(createRole("taken-role", {"posts:read"}));
        role = createRole("renamable", {"posts:read"});
        QVERIFY(user && role);
    }
    path.replace("{user}", id(user));
    path.replace("{role}", id(role));
    const auto r =
        asAdmin(method, path, method == "GET" || method == "DELETE" ? QByteArray() : body);
    QVERIFY2(r.status == status, qPrintable(text(r)));
    QVERIFY(r.header("content-type").startsWith("application/problem+json"));
    if (!field.isEmpty()) {
        const QJsonObject o = r.json();
        QVERIFY2(o["errors"].toObject().contains(field) || o["parameter"].toString() == field,
                 qPrintable(text(r)));
    }
}

/// A role's description is optional (POST /api/admin/roles).
void tst_IdentityApi::roleCreatedWithoutDescription()
{
    const auto created =
        asAdmin("POST", "/api/admin/roles",
                json({{"name", "no-description"}, {"permissions", QJsonArray{"posts:read"}}}));
    QVERIFY2(created.status == 201, qPrintable(text(created)));
    QCOMPARE(created.json()["description"].toString(), QString());
}

void tst_IdentityApi::roleDescriptionCanBeEmptied()
{
    const qint64 role = createRole("emptied-description", {"posts:read"});
    QVERIFY(role);
    const auto emptied =
        asAdmin("PATCH", "/api/admin/roles/" + id(role), json({{"description", ""}}));
    QVERIFY2(emptied.status == 200, qPrintable(text(emptied)));
    QCOMPARE(emptied.json()["description"].toString(), QString());
}

void tst_IdentityApi::builtInRolesAreProtected_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("status");
    for (const char *role : {"admin", "editor", "viewer", "anonymous"}) {
        QTest::addRow("%s: delete", role) << role << "delete" << 409;
        QTest::addRow("%s: rename", role) << role << "rename" << 409;
        // Only anonymous has editable permissions.
        QTest::addRow("%s: permissions", role)
            << role << "permissions"
            << (QLatin1String(role) == QLatin1String("anonymous") ? 200 : 409);
    }
}

void tst_IdentityApi::builtInRolesAreProtected()
{
    QFETCH(QString, role);
    QFETCH(QString, operation);
    QFETCH(int, status);
    qint64 roleId = 0;
    QJsonObject before;
    for (const QJsonValue &v : asAdmin("GET", "/api/admin/roles").json()["items"].toArray())
        if (v.toObject()["name"].toString() == role) {
            roleId = v.toObject()["id"].toInteger();
            before = v.toObject();
        }
    QVERIFY(roleId);
    QVERIFY(before["builtIn"].toBool());
    const QByteArray path = "/api/admin/roles/" + id(roleId);
    HttpResult r;
    if (operation == QLatin1String("delete"))
        r = asAdmin("DELETE", path);
    else if (operation == QLatin1String("rename"))
        r = asAdmin("PATCH", path, json({{"name", "renamed-" + role}}));
    else
        r = asAdmin("PUT", path + "/permissions", json({{"permissions", QJsonArray{"tags:list"}}}));
    QVERIFY2(r.status == status, qPrintable(text(r)));
    if (status == 409) {
        QCOMPARE(asAdmin("GET", path).json(), before);
    } else {
        QCOMPARE(r.json()["permissions"].toArray(), QJsonArray({"tags:list"}));
        // Anonymous callers now list tags; put it back.
        QCOMPARE(call("GET", "/api/v1/tags?perPage=1").status, 200);
        QCOMPARE(
            asAdmin("PUT", path + "/permissions", json({{"permissions", QJsonArray{}}})).status,
            200);
        QCOMPARE(call("GET", "/api/v1/tags?perPage=1").status, 401);
    }
}

/// An engine always keeps an admin: nobody disables, demotes or deletes themselves.
void tst_IdentityApi::adminCannotLockThemselvesOut_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("suffix");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("disable") << QByteArray("PATCH") << QByteArray() << json({{"disabled", true}});
    QTest::newRow("demote with PUT roles")
        << QByteArray("PUT") << QByteArray("/roles") << json({{"roles", QJsonArray{"viewer"}}});
    QTest::newRow("demote with PATCH")
        << QByteArray("PATCH") << QByteArray() << json({{"roles", QJsonArray{"editor"}}});
    QTest::newRow("demote to no roles")
        << QByteArray("PUT") << QByteArray("/roles") << json({{"roles", QJsonArray{}}});
    QTest::newRow("delete") << QByteArray("DELETE") << QByteArray() << QByteArray();
}

void tst_IdentityApi::adminCannotLockThemselvesOut()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, suffix);
    QFETCH(QByteArray, body);
    const QByteArray self = "/api/admin/users/" + id(m_adminId);
    const auto before = asAdmin("GET", self).json();
    const auto r = asAdmin(method, self + suffix, body);
    QVERIFY2(r.status == 409, qPrintable(text(r)));
    QCOMPARE(asAdmin("GET", self).json(), before);
    QCOMPARE(me(bearer(m_admin)).status, 200);
}

void tst_IdentityApi::localAdminCannotBeChanged_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("suffix");
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("rename") << QByteArray("PATCH") << QByteArray() << json({{"displayName", "x"}});
    QTest::newRow("disable") << QByteArray("PATCH") << QByteArray() << json({{"disabled", true}});
    QTest::newRow("roles") << QByteArray("PUT") << QByteArray("/roles")
                           << json({{"roles", QJsonArray{"viewer"}}});
    QTest::newRow("delete") << QByteArray("DELETE") << QByteArray() << QByteArray();
    QTest::newRow("reset password")
        << QByteArray("POST") << QByteArray("/reset-password") << QByteArray();
}

void tst_IdentityApi::localAdminCannotBeChanged()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, suffix);
    QFETCH(QByteArray, body);
    const QByteArray path = "/api/admin/users/" + id(m_localAdminId);
    const auto before = asAdmin("GET", path).json();
    QVERIFY(before["localAdmin"].toBool());
    const auto r = asAdmin(method, path + suffix, body);
    QVERIFY2(r.status == 409, qPrintable(text(r)));
    QCOMPARE(asAdmin("GET", path).json(), before);
    QVERIFY(!m_engine->issueLocalAdminToken().isEmpty());
    QCOMPARE(me(bearer(m_setup)).status, 200);
}
