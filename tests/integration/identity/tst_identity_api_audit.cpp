// tst_IdentityApi, part: the audit log, secrets at rest, the auth rate limit and `:own` rows.
#include "tst_identity_api_support.h"

void tst_IdentityApi::everyChangeIsAudited_data()
{
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("route");
    const auto row = [](const char *action, const char *route) {
        QTest::addRow("%s: %s", action, route) << QString(action) << QString(route);
    };
    row("user.create", "POST /users");
    row("user.update", "PATCH /users/{id} displayName");
    row("user.update", "PATCH /users/{id} disabled");
    row("user.roles", "PUT /users/{id}/roles");
    row("user.roles", "PATCH /users/{id} roles");
    row("user.delete", "DELETE /users/{id}");
    row("user.unlock", "POST /users/{id}/unlock");
    row("user.reset_password", "POST /users/{id}/reset-password");
    row("user.sessions_revoke", "DELETE /users/{id}/sessions");
    row("user.sessions_revoke", "DELETE /users/{id}/sessions/{sessionId}");
    row("user.impersonate", "POST /users/{id}/impersonate");
    row("apikey.create", "POST /users/{id}/api-keys");
    row("apikey.revoke", "DELETE /users/{id}/api-keys/{keyId}");
    row("role.create", "POST /roles");
    row("role.update", "PATCH /roles/{id}");
    row("role.delete", "DELETE /roles/{id}");
    row("role.permissions", "PUT /roles/{id}/permissions");
}

void tst_IdentityApi::everyChangeIsAudited()
{
    QFETCH(QString, action);
    QFETCH(QString, route);
    // Targets first, then count.
    const QString address = email("audited");
    const qint64 uid = createUser(address);
    QVERIFY(uid);
    const QByteArray user = "/api/admin/users/" + id(uid);
    const qint64 role = createRole(QStringLiteral("audited-%1").arg(++m_seq), {"posts:read"});
    QVERIFY(role);
    const QByteArray rolePath = "/api/admin/roles/" + id(role);
    QByteArray sessionId, keyId, secret;
    if (route.contains(QLatin1String("{sessionId}")))
        sessionId =
            claimsOf(login(address).json()["accessToken"].toString().toLatin1()).sid.toLatin1();
    if (route.contains(QLatin1String("{keyId}")))
        keyId =
            setup("POST", user + "/api-keys", {{"name", "k"}}).json()["id"].toString().toLatin1();

    const auto [before, newestBefore] = auditHead();
    HttpResult r;
    if (route == QLatin1String("POST /users"))
        r = asAdmin("POST", "/api/admin/users",
                    json({{"email", email("audited-new")}, {"password", kPassword}}));
    else if (route.endsWith(QLatin1String("displayName")))
        r = asAdmin("PATCH", user, json({{"displayName", "New Name"}}));
    else if (route.endsWith(QLatin1String("disabled")))
        r = asAdmin("PATCH", user, json({{"disabled", true}}));
    else if (route == QLatin1String("PUT /users/{id}/roles"))
        r = asAdmin("PUT", user + "/roles", json({{"roles", QJsonArray{"editor"}}}));
    else if (route.endsWith(QLatin1String("} roles")))
        r = asAdmin("PATCH", user, json({{"roles", QJsonArray{"editor"}}}));
    else if (route == QLatin1String("DELETE /users/{id}"))
        r = asAdmin("DELETE", user);
    else if (route.endsWith(QLatin1String("/unlock")))
        r = asAdmin("POST", user + "/unlock");
    else if (route.endsWith(QLatin1String("/reset-password"))) {
        r = asAdmin("POST", user + "/reset-password");
        secret = r.json()["password"].toString().toUtf8();
    } else if (route == QLatin1String("DELETE /users/{id}/sessions"))
        r = asAdmin("DELETE", user + "/sessions");
    else if (route.endsWith(QLatin1String("{sessionId}")))
        r = asAdmin("DELETE", user + "/sessions/" + sessionId);
    else if (route.endsWith(QLatin1String("/impersonate"))) {
        r = asAdmin("POST", user + "/impersonate");
        secret = r.json()["accessToken"].toString().toLatin1();
        QCOMPARE(me(bearer(secret)).json()["user"].toObject()["email"].toString(), address);
    } else if (route == QLatin1String("POST /users/{id}/api-keys")) {
        r = asAdmin("POST", user + "/api-keys", json({{"name", "audited key"}}));
        secret = r.json()["key"].toString().toLatin1();
    } else if (route.endsWith(QLatin1String("{keyId}")))
        r = asAdmin("DELETE", user + "/api-keys/" + keyId);
    else if (route == QLatin1String("POST /roles"))
        r = asAdmin("POST", "/api/admin/roles",
                    json({{"name", QStringLiteral("audited-new-%1").arg(++m_seq)},
                          {"description", "d"},
                          {"permissions", QJsonArray{"tags:read"}}}));
    else if (route == QLatin1String("PATCH /roles/{id}"))
        r = asAdmin("PATCH", rolePath, json({{"description", "changed"}}));
    else if (route == QLatin1String("DELETE /roles/{id}"))
        r = asAdmin("DELETE", rolePath);
    else if (route.endsWith(QLatin1String("/permissions")))
        r = asAdmin("PUT", rolePath + "/permissions",
                    json({{"permissions", QJsonArray{"tags:read"}}}));
    else
        QFAIL("no request for this row");
    QVERIFY2(r.status >= 200 && r.status < 300, qPrintable(text(r)));

    const auto [after, newest] = auditHead();
    QCOMPARE(after, before + 1);
    QCOMPARE(newest["action"].toString(), action);
    QCOMPARE(newest["actor"].toString(), m_adminEmail);
    QCOMPARE(newest["actorId"].toInteger(), m_adminId);
    QCOMPARE(newest["ip"].toString(), QString("127.0.0.1"));
    QVERIFY(newest["id"].toInteger() > newestBefore["id"].toInteger());
    QString target = QStringLiteral("user:%1 ").arg(uid);
    if (route == QLatin1String("POST /users"))
        target = QStringLiteral("user:");
    else if (route == QLatin1String("POST /roles"))
        target = QStringLiteral("role:");
    else if (action.startsWith(QLatin1String("role.")))
        target = QStringLiteral("role:%1 ").arg(role);
    QVERIFY2(newest["target"].toString().startsWith(target),
             qPrintable(newest["target"].toString()));
    const QByteArray entry = QJsonDocument(newest).toJson(QJsonDocument::Compact);
    QVERIFY(!entry.contains(kPassword.toUtf8()));
    if (!secret.isEmpty())
        QVERIFY2(!entry.contains(secret), entry.constData());
    // after= lists only newer entries.
    const auto since =
        asAdmin("GET", "/api/admin/audit?after=" + id(newestBefore["id"].toInteger()));
    QCOMPARE(since.json()["totalItems"].toInt(), 1);
}

void tst_IdentityApi::auditLogIsAppendOnly()
{
    SideEngine side;
    QVERIFY2(side.start(), qPrintable(side.error));
    QCOMPARE(side.call("POST", "/api/admin/users",
                       json({{"email", email("append-only")}, {"password", kPassword}}),
                       bearer(side.adminToken()))
                 .status,
             201);
    side.stop();
    const QString name = QStringLiteral("append-only-check");
    {
        QSqlDatabase db = side.fx->openDirect(name);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        const auto count = [&db] {
            QSqlQuery q(db);
            q.exec(QStringLiteral("SELECT COUNT(*), MAX(action) FROM _audit_log"));
            q.next();
            return q.value(0).toInt();
        };
        const int rows = count();
        QVERIFY(rows >= 2); // the app's admin and the user above
        QStringList statements{QStringLiteral("UPDATE _audit_log SET action = 'forged'"),
                               QStringLiteral("UPDATE _audit_log SET actor = 'x' WHERE id = "
                                              "(SELECT MAX(id) FROM _audit_log)"),
                               QStringLiteral("DELETE FROM _audit_log"),
                               QStringLiteral("DELETE FROM _audit_log WHERE id = (SELECT "
                                              "MIN(id) FROM _audit_log)")};
        if (side.fx->isPostgres())
            statements << QStringLiteral("TRUNCATE _audit_log");
        for (const QString &sql : statements) {
            QSqlQuery q(db);
            QVERIFY2(!q.exec(sql), qPrintable(sql + QStringLiteral(" was allowed")));
            QVERIFY2(q.lastError().text().contains(QLatin1String("append-only")),
                     qPrintable(q.lastError().text()));
        }
        QCOMPARE(count(), rows);
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM _audit_log WHERE action = 'forged'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void tst_IdentityApi::noPlaintextSecretAtRest()
{
    SideEngine side;
    side.config.allowRegister = true;
    side.config.logToFile = true;
    // The signing key as a file in the data folder, as a default install has it.
    qunsetenv("BACKBENCH_JWT_SECRET");
    const bool started = side.start();
    qputenv("BACKBENCH_JWT_SECRET", kJwtSecretHex);
    QVERIFY2(started, qPrintable(side.error));
    const Headers admin = bearer(side.adminToken());
    QList<QByteArray> secrets; // what must never be stored
    const auto keep = [&secrets](const QByteArray &s) {
        QVERIFY(!s.isEmpty());
        secrets << s;
    };

    const QString address = email("secret");
    const QString password = QStringLiteral("Plaintext-Password-One");
    keep(password.toUtf8());
    const auto created = side.call("POST", "/api/admin/users",
                                   json({{"email", address}, {"password", password}}), admin);
    QCOMPARE(created.status, 201);
    const QByteArray user = "/api/admin/users/" + id(created.json()["id"].toInteger());
    const auto s1 = side.login(address, password);
    QCOMPARE(s1.status, 200);
    keep(s1.json()["accessToken"].toString().toLatin1());
    const QByteArray firstRefresh = s1.json()["refreshToken"].toString().toLatin1();
    keep(firstRefresh);
    const auto s2 = side.call("POST", "/api/v1/auth/refresh",
                              json({{"refreshToken", s1.json()["refreshToken"]}}));
    QCOMPARE(s2.status, 200);
    keep(s2.json()["accessToken"].toString().toLatin1());
    keep(s2.json()["refreshToken"].toString().toLatin1());
    const auto key = side.call("POST", user + "/api-keys", json({{"name", "secret"}}), admin);
    QCOMPARE(key.status, 201);
    const QByteArray keyText = key.json()["key"].toString().toLatin1();
    keep(keyText);
    keep(bb::identity::parseApiKey(keyText)->secret);
    QCOMPARE(side.call("GET", "/api/v1/auth/me", {}, {{"X-API-Key", keyText}}).status, 200);
    const auto reset = side.call("POST", user + "/reset-password", {}, admin);
    QCOMPARE(reset.status, 200);
    const QString resetPassword = reset.json()["password"].toString();
    keep(resetPassword.toUtf8());
    const auto s3 = side.login(address, resetPassword);
    QCOMPARE(s3.status, 200);
    keep(s3.json()["accessToken"].toString().toLatin1());
    keep(s3.json()["refreshToken"].toString().toLatin1());
    const QString registered = QStringLiteral("Plaintext-Password-Two");
    keep(registered.toUtf8());
    const QString regAddress = email("secret-reg");
    QCOMPARE(side.call("POST", "/api/v1/auth/register",
                       json({{"email", regAddress}, {"password", registered}}))
                 .status,
             201);
    const auto s4 = side.login(regAddress, registered);
    QCOMPARE(s4.status, 200);
    keep(s4.json()["accessToken"].toString().toLatin1());
    keep(s4.json()["refreshToken"].toString().toLatin1());
    QCOMPARE(side.call("POST", "/api/v1/auth/logout",
                       json({{"refreshToken", s4.json()["refreshToken"]}}))
                 .status,
             204);
    // A failed login with a password-like secret must not be kept either.
    const QByteArray typo = "Plaintext-Password-Typo";
    keep(typo);
    QCOMPARE(side.login(address, QString::fromLatin1(typo)).status, 401);

    // Files while the engine runs (the -wal file before any checkpoint), then after it stops.
    const auto running = readTree(side.fx->dataDir());
    side.stop();
    const auto stopped = readTree(side.fx->dataDir());
    QStringList found;
    for (const auto *tree : {&running, &stopped})
        for (auto it = tree->cbegin(); it != tree->cend(); ++it)
            for (const QByteArray &s : secrets)
                if (it.value().contains(s))
                    found << QStringLiteral("%1 holds %2…")
                                 .arg(it.key(), QString::fromLatin1(s.left(12)));
    QVERIFY2(found.isEmpty(), qPrintable(found.join('\n')));
    if (!side.fx->isPostgres()) {
        QStringList names;
        for (auto it = running.cbegin(); it != running.cend(); ++it)
            names << QFileInfo(it.key()).fileName();
        QVERIFY2(names.contains("backbench.db"), qPrintable(names.join(", ")));
        // The scan saw the stored form, so it would have seen the secret.
        bool hashSeen = false;
        const QByteArray hash = bb::identity::sha256Hex(firstRefresh);
        for (const auto *tree : {&running, &stopped})
            for (const QByteArray &bytes : *tree)
                hashSeen = hashSeen || bytes.contains(hash);
        QVERIFY(hashSeen);
    }
    QVERIFY(stopped.contains(QDir(side.fx->dataDir()).filePath("logs/engine.jsonl")));

    // Every row of the identity tables, as text (for PostgreSQL, the data is not in files).
    const QString name = QStringLiteral("secrets-check");
    {
        QSqlDatabase db = side.fx->openDirect(name);
        QVERIFY2(db.isOpen(), qPrintable(db.lastError().text()));
        QByteArray dump;
        for (const char *table :
             {"_users", "_sessions", "_refresh_tokens", "_api_keys", "_audit_log", "_roles"}) {
            QSqlQuery q(db);
            QVERIFY2(q.exec(QStringLiteral("SELECT * FROM %1").arg(QLatin1String(table))),
                     qPrintable(q.lastError().text()));
            while (q.next())
                for (int i = 0; i < q.record().count(); ++i)
                    dump += q.value(i).toString().toUtf8() + '\n';
        }
        QVERIFY(dump.contains(bb::identity::sha256Hex(firstRefresh)));
        for (const QByteArray &s : secrets)
            QVERIFY2(!dump.contains(s), s.left(12).constData());
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

void tst_IdentityApi::authRoutesAreRateLimited()
{
    SideEngine side;
    side.config.authRatePerSecond = 1;
    side.config.authRateBurst = 2;
    QVERIFY2(side.start(), qPrintable(side.error));
    const QString address = email("rate");
    QCOMPARE(side.login(address, "whatever-password").status, 401);
    QCOMPARE(side.login(address, "whatever-password").status, 401);
    const auto third = side.login(address, "whatever-password");
    QVERIFY2(third.status == 429, qPrintable(text(third)));
    const int retry = third.header("retry-after").toInt();
    QVERIFY2(retry >= 1 && retry <= 2, third.header("retry-after").constData());
    // Other routes are not limited by it.
    QCOMPARE(side.call("GET", "/healthz").status, 200);
}

/// Any signed-in caller's create fills in owner_id with themselves when the body leaves it
/// out; a caller with full rights may name another owner.
void tst_IdentityApi::createFillsInTheOwner()
{
    const QString address = email("filler");
    const qint64 editor = createUser(address, {"editor"});
    const Headers asEditor = bearer(login(address).json()["accessToken"].toString().toLatin1());
    const auto mine = call("POST", "/api/v1/comments",
                           json({{"post_id", 1}, {"author_name", "e"}, {"body", "b"}}), asEditor);
    QCOMPARE(mine.status, 201);
    QCOMPARE(mine.json()["owner_id"].toInteger(), editor);
    const auto named =
        call("POST", "/api/v1/comments",
             json({{"post_id", 1}, {"author_name", "e"}, {"body", "b"}, {"owner_id", m_adminId}}),
             asEditor);
    QCOMPARE(named.status, 201);
    QCOMPARE(named.json()["owner_id"].toInteger(), m_adminId);
    const auto byKey =
        asAdmin("POST", "/api/admin/users/" + id(editor) + "/api-keys", json({{"name", "filler"}}));
    const auto viaKey = call("POST", "/api/v1/comments",
                             json({{"post_id", 1}, {"author_name", "k"}, {"body", "b"}}),
                             {{"X-API-Key", byKey.json()["key"].toString().toLatin1()}});
    QCOMPARE(viaKey.status, 201);
    QCOMPARE(viaKey.json()["owner_id"].toInteger(), editor);
}

void tst_IdentityApi::ownRowsOnly()
{
    QVERIFY(createRole("commenter", {"comments:*:own", "posts:read:own"}));
    const QString uAddress = email("own-u");
    const QString vAddress = email("own-v");
    const qint64 u = createUser(uAddress, {"commenter"});
    const qint64 v = createUser(vAddress, {"commenter"});
    QVERIFY(u && v);
    QList<qint64> vRows;
    for (const qint64 owner : {u, u, u, v, v}) {
        const auto r = setup("POST", "/api/v1/comments",
                             {{"post_id", 1},
                              {"owner_id", owner},
                              {"author_name", "own test"},
                              {"body", QStringLiteral("written for %1").arg(owner)}});
        QCOMPARE(r.status, 201);
        if (owner == v)
            vRows << r.json()["id"].toInteger();
    }
    const Headers asU = bearer(login(uAddress).json()["accessToken"].toString().toLatin1());
    const Headers asV = bearer(login(vAddress).json()["accessToken"].toString().toLatin1());

    const auto ownerIds = [](const HttpResult &r) {
        QSet<qint64> ids;
        for (const QJsonValue &item : r.json()["items"].toArray())
            ids << item.toObject()["owner_id"].toInteger();
        return ids;
    };
    const auto listU = call("GET", "/api/v1/comments?perPage=100", {}, asU);
    QCOMPARE(listU.status, 200);
    QCOMPARE(listU.json()["totalItems"].toInt(), 3);
    QCOMPARE(listU.json()["items"].toArray().size(), 3);
    QCOMPARE(ownerIds(listU), QSet<qint64>{u});
    // The same list for another caller is theirs, not a cached copy of U's.
    const auto listV = call("GET", "/api/v1/comments?perPage=100", {}, asV);
    QCOMPARE(listV.json()["totalItems"].toInt(), 2);
    QCOMPARE(ownerIds(listV), QSet<qint64>{v});
    // Paging and filters stay within the caller's rows.
    const auto paged = call("GET", "/api/v1/comments?perPage=2&page=2", {}, asU);
    QCOMPARE(paged.json()["totalItems"].toInt(), 3);
    QCOMPARE(paged.json()["totalPages"].toInt(), 2);
    QCOMPARE(paged.json()["items"].toArray().size(), 1);
    const auto filtered =
        call("GET", "/api/v1/comments?filter=" + QUrl::toPercentEncoding("id>0"), {}, asU);
    QCOMPARE(filtered.json()["totalItems"].toInt(), 3);
    // posts:read:own without posts:list: the list is refused.
    QCOMPARE(call("GET", "/api/v1/posts", {}, asU).status, 403);

    // A create sets the owner to the caller; naming someone else is refused.
    const auto created = call("POST", "/api/v1/comments",
                              json({{"post_id", 1}, {"author_name", "u"}, {"body", "mine"}}), asU);
    QCOMPARE(created.status, 201);
    QCOMPARE(created.json()["owner_id"].toInteger(), u);
    const qint64 mine = created.json()["id"].toInteger();
    const auto forged =
        call("POST", "/api/v1/comments",
             json({{"post_id", 1}, {"author_name", "u"}, {"body", "as v"}, {"owner_id", v}}), asU);
    QCOMPARE(forged.status, 403);
    QVERIFY(forged.json()["errors"].toObject().contains("owner_id"));
    QCOMPARE(call("GET", "/api/v1/comments", {}, asU).json()["totalItems"].toInt(), 4);

    // Someone else's row: 404 for read, update and delete, and nothing changes.
    const QByteArray theirs = "/api/v1/comments/" + id(vRows[0]);
    const auto original = setup("GET", theirs);
    QCOMPARE(call("GET", theirs, {}, asU).status, 404);
    QCOMPARE(call("PATCH", theirs, json({{"body", "defaced"}}), asU).status, 404);
    QCOMPARE(
        call("PUT", theirs, json({{"post_id", 1}, {"author_name", "x"}, {"body", "defaced"}}), asU)
            .status,
        404);
    QCOMPARE(call("DELETE", theirs, {}, asU).status, 404);
    // Claiming it does not work either.
    QCOMPARE(call("PATCH", theirs, json({{"owner_id", u}}), asU).status, 404);
    QCOMPARE(setup("GET", theirs + "?fresh=1").body, original.body);

    // Giving one's own row away is refused too.
    const QByteArray minePath = "/api/v1/comments/" + id(mine);
    const auto giveAway = call("PATCH", minePath, json({{"owner_id", v}}), asU);
    QCOMPARE(giveAway.status, 403);
    QVERIFY(giveAway.json()["errors"].toObject().contains("owner_id"));
    const auto replaceAway =
        call("PUT", minePath,
             json({{"post_id", 1}, {"author_name", "u"}, {"body", "x"}, {"owner_id", v}}), asU);
    QCOMPARE(replaceAway.status, 403);
    QCOMPARE(setup("GET", minePath + "?fresh=1").json()["owner_id"].toInteger(), u);
    // Their own row: updated and deleted.
    QCOMPARE(call("PATCH", minePath, json({{"body", "edited"}}), asU).status, 200);
    const auto replaced = call(
        "PUT", minePath, json({{"post_id", 1}, {"author_name", "u"}, {"body", "replaced"}}), asU);
    QCOMPARE(replaced.status, 200);
    QCOMPARE(replaced.json()["owner_id"].toInteger(), u); // a PUT keeps the caller as owner
    QCOMPARE(call("DELETE", minePath, {}, asU).status, 204);
    QCOMPARE(call("GET", "/api/v1/comments", {}, asU).json()["totalItems"].toInt(), 3);
}
