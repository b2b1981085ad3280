// tst_IdentityApi, part: sessions (refresh rotation, logout, revocation, lifetimes) and API keys.
#include "tst_identity_api_support.h"

void tst_IdentityApi::refreshRotatesAndReuseRevokesTheFamily()
{
    const QString address = email("rotate");
    QVERIFY(createUser(address));
    const auto first = login(address);
    QCOMPARE(first.status, 200);
    const QJsonValue r1 = first.json()["refreshToken"];
    const QByteArray a1 = first.json()["accessToken"].toString().toLatin1();
    const auto bystander = login(address); // another session of the same user

    const auto rotated = refresh(r1);
    QVERIFY2(rotated.status == 200, qPrintable(text(rotated)));
    QCOMPARE(rotated.header("cache-control"), QByteArray("no-store"));
    const QJsonObject o = rotated.json();
    QCOMPARE(o.keys(), first.json().keys());
    QCOMPARE(o["tokenType"].toString(), QString("Bearer"));
    const QJsonValue r2 = o["refreshToken"];
    const QByteArray a2 = o["accessToken"].toString().toLatin1();
    QVERIFY(r2 != r1);
    QVERIFY(a2 != a1);
    QCOMPARE(claimsOf(a2).sid, claimsOf(a1).sid); // the same session, rotated
    QCOMPARE(me(bearer(a2)).status, 200);

    // The spent token again: refused, and the whole session ends with it.
    const auto replay = refresh(r1);
    QCOMPARE(replay.status, 401);
    const auto next = refresh(r2);
    QVERIFY2(next.status == 401,
             qPrintable("the rotated refresh token after a replay: " + text(next)));
    QCOMPARE(me(bearer(a2)).status, 401);
    QCOMPARE(me(bearer(a1)).status, 401);
    // Another login of the same user is untouched.
    QCOMPARE(me(bearer(bystander.json()["accessToken"].toString().toLatin1())).status, 200);
    QCOMPARE(refresh(bystander.json()["refreshToken"]).status, 200);
    QCOMPARE(refresh(QJsonValue("not-a-refresh-token")).status, 401);
}

void tst_IdentityApi::logoutEndsTheSession_data()
{
    QTest::addColumn<bool>("withBearer");
    QTest::newRow("bearer token") << true;
    QTest::newRow("refresh token in the body") << false;
}

void tst_IdentityApi::logoutEndsTheSession()
{
    QFETCH(bool, withBearer);
    const QString address = email("logout");
    QVERIFY(createUser(address));
    const auto s = login(address);
    const auto other = login(address);
    const QByteArray access = s.json()["accessToken"].toString().toLatin1();
    const QJsonValue refreshToken = s.json()["refreshToken"];
    QCOMPARE(me(bearer(access)).status, 200);
    const auto out =
        withBearer ? call("POST", "/api/v1/auth/logout", {}, bearer(access))
                   : call("POST", "/api/v1/auth/logout", json({{"refreshToken", refreshToken}}));
    QVERIFY2(out.status == 204, qPrintable(text(out)));
    const auto after = me(bearer(access));
    QCOMPARE(after.status, 401);
    QVERIFY(after.header("www-authenticate").startsWith("Bearer"));
    QCOMPARE(refresh(refreshToken).status, 401);
    QCOMPARE(me(bearer(other.json()["accessToken"].toString().toLatin1())).status, 200);
    // Nothing to end: 401.
    QCOMPARE(call("POST", "/api/v1/auth/logout").status, 401);
}

/// A session that ended stays ended when the engine restarts: the access tokens of a
/// logged-out, replayed or admin-revoked session are refused by the next run too.
void tst_IdentityApi::endedSessionStaysEndedAfterRestart_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("logout") << "logout";
    QTest::newRow("refresh token replayed") << "replay";
    QTest::newRow("admin revoked the session") << "admin";
}

void tst_IdentityApi::endedSessionStaysEndedAfterRestart()
{
    QFETCH(QString, how);
    SideEngine side;
    QVERIFY2(side.start(), qPrintable(side.error));
    const QString address = email("restart");
    const auto created =
        side.call("POST", "/api/admin/users", json({{"email", address}, {"password", kPassword}}),
                  bearer(side.adminToken()));
    QCOMPARE(created.status, 201);
    const qint64 uid = created.json()["id"].toInteger();
    const auto s = side.login(address, kPassword);
    QCOMPARE(s.status, 200);
    QByteArray access = s.json()["accessToken"].toString().toLatin1();
    if (how == QLatin1String("logout")) {
        QCOMPARE(side.call("POST", "/api/v1/auth/logout", {}, bearer(access)).status, 204);
    } else if (how == QLatin1String("replay")) {
        const QJsonValue r1 = s.json()["refreshToken"];
        const auto r = side.call("POST", "/api/v1/auth/refresh", json({{"refreshToken", r1}}));
        QCOMPARE(r.status, 200);
        access = r.json()["accessToken"].toString().toLatin1();
        QCOMPARE(side.call("POST", "/api/v1/auth/refresh", json({{"refreshToken", r1}})).status,
                 401);
    } else {
        QCOMPARE(side.call("DELETE",
                           "/api/admin/users/" + id(uid) + "/sessions/" +
                               claimsOf(access).sid.toLatin1(),
                           {}, bearer(side.adminToken()))
                     .status,
                 204);
    }
    QCOMPARE(side.call("GET", "/api/v1/auth/me", {}, bearer(access)).status, 401);
    side.stop();
    QVERIFY2(side.start(), qPrintable(side.error));
    const auto after = side.call("GET", "/api/v1/auth/me", {}, bearer(access));
    QVERIFY2(after.status == 401,
             qPrintable("the access token of an ended session after a restart: " + text(after)));
}

/// Each of these bumps the user's token version, so an access token issued before it fails.
void tst_IdentityApi::changesRevokeEarlierTokens_data()
{
    QTest::addColumn<QString>("change");
    QTest::addColumn<bool>("refreshAlsoEnds");
    QTest::newRow("password reset") << "reset" << true;
    QTest::newRow("roles replaced") << "roles" << false;
    QTest::newRow("roles changed with PATCH") << "patch-roles" << false;
    QTest::newRow("disabled") << "disable" << true;
    QTest::newRow("disabled, then enabled again") << "disable-enable" << true;
    QTest::newRow("every session revoked") << "sessions" << true;
    QTest::newRow("user deleted") << "delete" << true;
}

void tst_IdentityApi::changesRevokeEarlierTokens()
{
    QFETCH(QString, change);
    QFETCH(bool, refreshAlsoEnds);
    const QString address = email("tv");
    const qint64 uid = createUser(address, {"viewer"});
    QVERIFY(uid);
    const auto s = login(address);
    const QByteArray access = s.json()["accessToken"].toString().toLatin1();
    QCOMPARE(me(bearer(access)).status, 200);
    const QByteArray user = "/api/admin/users/" + id(uid);
    QString newPassword = kPassword;
    if (change == QLatin1String("reset")) {
        const auto r = asAdmin("POST", user + "/reset-password");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("cache-control"), QByteArray("no-store"));
        newPassword = r.json()["password"].toString();
        QVERIFY(newPassword.size() >= 12);
    } else if (change == QLatin1String("roles")) {
        QCOMPARE(asAdmin("PUT", user + "/roles", json({{"roles", QJsonArray{"editor"}}})).status,
                 200);
    } else if (change == QLatin1String("patch-roles")) {
        QCOMPARE(asAdmin("PATCH", user, json({{"roles", QJsonArray{"editor"}}})).status, 200);
    } else if (change == QLatin1String("disable")) {
        QCOMPARE(asAdmin("PATCH", user, json({{"disabled", true}})).status, 200);
    } else if (change == QLatin1String("disable-enable")) {
        QCOMPARE(asAdmin("PATCH", user, json({{"disabled", true}})).status, 200);
        QCOMPARE(asAdmin("PATCH", user, json({{"disabled", false}})).status, 200);
    } else if (change == QLatin1String("sessions")) {
        QCOMPARE(asAdmin("DELETE", user + "/sessions").status, 204);
    } else if (change == QLatin1String("delete")) {
        QCOMPARE(asAdmin("DELETE", user).status, 204);
    }
    const auto after = me(bearer(access));
    QVERIFY2(after.status == 401, qPrintable(text(after)));
    QVERIFY(after.header("www-authenticate").startsWith("Bearer"));
    if (refreshAlsoEnds)
        QCOMPARE(refresh(s.json()["refreshToken"]).status, 401);
    if (change == QLatin1String("disable") || change == QLatin1String("delete")) {
        QVERIFY(login(address).status / 100 == 4);
        return;
    }
    // A new login works and carries the change.
    if (change == QLatin1String("reset"))
        QCOMPARE(login(address, kPassword).status, 401);
    const auto again = login(address, newPassword);
    QVERIFY2(again.status == 200, qPrintable(text(again)));
    const auto m = me(bearer(again.json()["accessToken"].toString().toLatin1()));
    QCOMPARE(m.status, 200);
    if (change.contains(QLatin1String("roles")))
        QCOMPARE(m.json()["user"].toObject()["roles"].toArray(), QJsonArray({"editor"}));
}

void tst_IdentityApi::revokeOneSession()
{
    const QString address = email("one-session");
    const qint64 uid = createUser(address);
    const auto s1 = login(address);
    const auto s2 = login(address);
    const QByteArray a1 = s1.json()["accessToken"].toString().toLatin1();
    const QByteArray a2 = s2.json()["accessToken"].toString().toLatin1();
    const QByteArray sessions = "/api/admin/users/" + id(uid) + "/sessions";
    const auto live = asAdmin("GET", sessions);
    QCOMPARE(live.status, 200);
    QCOMPARE(live.json()["items"].toArray().size(), 2);
    const QByteArray sid = claimsOf(a1).sid.toLatin1();
    QCOMPARE(asAdmin("DELETE", sessions + "/" + sid).status, 204);
    QCOMPARE(me(bearer(a1)).status, 401);
    QCOMPARE(refresh(s1.json()["refreshToken"]).status, 401);
    QCOMPARE(me(bearer(a2)).status, 200);
    const auto left = asAdmin("GET", sessions).json()["items"].toArray();
    QCOMPARE(left.size(), 1);
    QCOMPARE(left[0].toObject()["id"].toString(), claimsOf(a2).sid);
    // A session of someone else is not this user's to revoke.
    const qint64 other = createUser(email("one-session-other"));
    QCOMPARE(asAdmin("DELETE",
                     "/api/admin/users/" + id(other) + "/sessions/" + claimsOf(a2).sid.toLatin1())
                 .status,
             404);
    QCOMPARE(me(bearer(a2)).status, 200);
}

void tst_IdentityApi::tokenLifetimesApply()
{
    SideEngine side;
    side.config.accessTokenSeconds = 120;
    side.config.refreshTokenDays = 0; // a session that ends as it starts
    QVERIFY2(side.start(), qPrintable(side.error));
    const QString address = email("lifetimes");
    QCOMPARE(side.call("POST", "/api/admin/users",
                       json({{"email", address}, {"password", kPassword}}),
                       bearer(side.adminToken()))
                 .status,
             201);
    const auto s = side.login(address, kPassword);
    QCOMPARE(s.status, 200);
    QCOMPARE(s.json()["expiresIn"].toInt(), 120);
    const auto claims = claimsOf(s.json()["accessToken"].toString().toLatin1());
    QCOMPARE(claims.exp - claims.iat, 120);
    const auto r = side.call("POST", "/api/v1/auth/refresh",
                             json({{"refreshToken", s.json()["refreshToken"]}}));
    QVERIFY2(r.status == 401, qPrintable(text(r)));
}

void tst_IdentityApi::apiKeys()
{
    const QString address = email("keys");
    const qint64 uid = createUser(address, {"viewer"});
    const QByteArray keys = "/api/admin/users/" + id(uid) + "/api-keys";
    const auto created = asAdmin("POST", keys, json({{"name", "ci"}}));
    QCOMPARE(created.status, 201);
    QCOMPARE(created.header("cache-control"), QByteArray("no-store"));
    const QJsonObject k = created.json();
    for (const char *field : {"id", "name", "prefix", "key", "createdAt"})
        QVERIFY2(k.contains(field), field);
    const QByteArray key = k["key"].toString().toLatin1();
    QVERIFY(key.startsWith("bbk_"));
    QVERIFY(key.startsWith(k["prefix"].toString().toLatin1()));
    const auto parsed = bb::identity::parseApiKey(key);
    QVERIFY(parsed.ok());

    // Listed without the key, ever.
    const auto list = asAdmin("GET", keys);
    QCOMPARE(list.status, 200);
    QCOMPARE(list.json()["items"].toArray().size(), 1);
    const QJsonObject item = list.json()["items"].toArray()[0].toObject();
    QVERIFY(!item.contains("key"));
    QCOMPARE(item["id"], k["id"]);
    QVERIFY(!list.body.contains(key));
    QVERIFY(!list.body.contains(parsed->secret));

    // The key acts as its user.
    const Headers withKey{{"X-API-Key", key}};
    const auto m = me(withKey);
    QCOMPARE(m.status, 200);
    QCOMPARE(m.json()["user"].toObject()["email"].toString(), address);
    QCOMPARE(m.json()["via"].toString(), QString("apiKey"));
    QCOMPARE(call("GET", "/api/v1/posts?perPage=1", {}, withKey).status, 200);
    QCOMPARE(call("DELETE", "/api/v1/posts/1", {}, withKey).status, 403);
    QVERIFY(!asAdmin("GET", keys).json()["items"].toArray()[0].toObject()["lastUsedAt"].isNull());

    // A wrong secret with the right id, or garbage: refused.
    QByteArray wrong = key;
    wrong[wrong.size() - 2] = wrong[wrong.size() - 2] == 'A' ? 'B' : 'A';
    QCOMPARE(me({{"X-API-Key", wrong}}).status, 401);
    QCOMPARE(me({{"X-API-Key", "bbk_nonsense"}}).status, 401);

    // Only through its own user's path.
    const qint64 stranger = createUser(email("keys-stranger"));
    QCOMPARE(asAdmin("DELETE", "/api/admin/users/" + id(stranger) + "/api-keys/" +
                                   k["id"].toString().toLatin1())
                 .status,
             404);
    QCOMPARE(me(withKey).status, 200);

    // Revoked: refused at once.
    const auto revoked = asAdmin("DELETE", keys + "/" + k["id"].toString().toLatin1());
    QCOMPARE(revoked.status, 204);
    const auto after = me(withKey);
    QCOMPARE(after.status, 401);
    QVERIFY(after.header("www-authenticate").startsWith("Bearer"));
    QVERIFY(!asAdmin("GET", keys).json()["items"].toArray()[0].toObject()["revokedAt"].isNull());
}

void tst_IdentityApi::apiKeyOfDisabledUserIsRefused()
{
    const qint64 uid = createUser(email("key-disabled"));
    const auto k =
        asAdmin("POST", "/api/admin/users/" + id(uid) + "/api-keys", json({{"name", "x"}}));
    const Headers withKey{{"X-API-Key", k.json()["key"].toString().toLatin1()}};
    QCOMPARE(me(withKey).status, 200);
    QCOMPARE(asAdmin("PATCH", "/api/admin/users/" + id(uid), json({{"disabled", true}})).status,
             200);
    QCOMPARE(me(withKey).status, 401);
}
