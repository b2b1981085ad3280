// The identity and admin API (docs/engine-api.md "Identity", "Admin", "The first admin"), end
// to end over real sockets: logins, lockouts, refresh rotation, logout, revocation, API keys,
// the first admin, registration, admin validation and its audit log, secrets at rest, the auth
// rate limit and `:own` rows. Behaviours that need another engine configuration start their own.
// This file: logins and tokens, and the lockout; the other parts are tst_identity_api_*.cpp,
// the class and its shared setup tst_identity_api_support.h.
#include "tst_identity_api_support.h"

void tst_IdentityApi::loginReturnsTokensAndUser()
{
    const QString address = email("shape");
    const qint64 uid = createUser(address, {"editor"});
    QVERIFY(uid);
    // The address is matched without regard to case or surrounding spaces.
    const auto r = login(QStringLiteral("  ") + address.toUpper());
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("cache-control"), QByteArray("no-store"));
    const QJsonObject o = r.json();
    QCOMPARE(o.keys(),
             QStringList({"accessToken", "expiresIn", "refreshToken", "tokenType", "user"}));
    QCOMPARE(o["tokenType"].toString(), QString("Bearer"));
    QCOMPARE(o["expiresIn"].toInt(), 900);
    QVERIFY(o["refreshToken"].toString().size() >= 43); // 256 random bits
    const QJsonObject user = o["user"].toObject();
    QCOMPARE(user.keys(), QStringList({"createdAt", "disabled", "displayName", "email", "id",
                                       "lastLoginAt", "lockedUntil", "roles"}));
    QVERIFY(user["id"].isDouble());
    QCOMPARE(user["id"].toInteger(), uid);
    QCOMPARE(user["email"].toString(), address);
    QCOMPARE(user["roles"].toArray(), QJsonArray({"editor"}));
    QCOMPARE(user["disabled"].toBool(), false);
    QVERIFY(user["lockedUntil"].isNull());
    for (const char *time : {"createdAt", "lastLoginAt"}) {
        const QString t = user[time].toString();
        QVERIFY2(t.endsWith('Z') && QDateTime::fromString(t, Qt::ISODateWithMs).isValid(),
                 qPrintable(t));
    }

    // An HS256 JWT with the documented claims, signed with BACKBENCH_JWT_SECRET.
    const QByteArray token = o["accessToken"].toString().toLatin1();
    const QJsonObject header =
        QJsonDocument::fromJson(
            QByteArray::fromBase64(token.split('.')[0], QByteArray::Base64UrlEncoding))
            .object();
    QCOMPARE(header["alg"].toString(), QString("HS256"));
    const QJsonObject payload = jwtPayload(token);
    for (const char *claim : {"sub", "roles", "tv", "sid", "iat", "exp", "jti"})
        QVERIFY2(payload.contains(claim), claim);
    QCOMPARE(payload["sub"].toString(), QString::number(uid));
    QCOMPARE(payload["exp"].toInteger() - payload["iat"].toInteger(), 900);
    const auto claims = bb::identity::verify(token, jwtKey(), QDateTime::currentSecsSinceEpoch());
    QVERIFY2(claims.ok(), "the token verifies with the configured secret");
    QCOMPARE(claims->roles, QStringList({"editor"}));
}

void tst_IdentityApi::meShowsRolesAndEffectivePermissions_data()
{
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<QStringList>("permissions");
    QTest::newRow("viewer") << QStringList{"viewer"} << QStringList{"*:list", "*:read"};
    QTest::newRow("editor") << QStringList{"editor"}
                            << QStringList{"*:create", "*:list", "*:read", "*:update"};
    QTest::newRow("admin") << QStringList{"admin"} << QStringList{"*:*"};
    // Roles add up; a grant another one covers is not listed twice.
    QTest::newRow("viewer + tagger")
        << QStringList{"viewer", "tagger"}
        << QStringList{"*:list", "*:read", "tags:create", "tags:delete"};
    QTest::newRow("own rows") << QStringList{"scribe"}
                              << QStringList{"comments:create:own", "comments:read:own"};
}

void tst_IdentityApi::meShowsRolesAndEffectivePermissions()
{
    QFETCH(QStringList, roles);
    QFETCH(QStringList, permissions);
    static bool rolesMade = false;
    if (!rolesMade) {
        QVERIFY(createRole("tagger", {"tags:create", "tags:delete", "tags:read"}));
        QVERIFY(createRole("scribe", {"comments:create:own", "comments:read:own"}));
        rolesMade = true;
    }
    const QString address = email("me");
    QVERIFY(createUser(address, roles));
    const auto r = login(address);
    QCOMPARE(r.status, 200);
    const auto m = me(bearer(r.json()["accessToken"].toString().toLatin1()));
    QCOMPARE(m.status, 200);
    QStringList sorted = roles;
    sorted.sort();
    QStringList got;
    for (const QJsonValue &v : m.json()["user"].toObject()["roles"].toArray())
        got << v.toString();
    QCOMPARE(got, sorted);
    got.clear();
    for (const QJsonValue &v : m.json()["permissions"].toArray())
        got << v.toString();
    QCOMPARE(got, permissions);
    QCOMPARE(m.json()["user"].toObject()["email"].toString(), address);
}

/// Same status, same bytes. Timing is a benchmark's business; here both paths must run
/// (each counts as a failed login) and answer alike.
void tst_IdentityApi::wrongPasswordAndUnknownEmailAnswerAlike()
{
    const QString known = email("known");
    QVERIFY(createUser(known));
    const double failuresBefore = metric("auth_logins_total{result=\"failure\"}");
    const auto wrong = login(known, "not-the-password");
    const auto unknown = login(email("nobody"), "not-the-password");
    QCOMPARE(wrong.status, 401);
    QCOMPARE(unknown.status, 401);
    QCOMPARE(wrong.body, unknown.body);
    QCOMPARE(wrong.header("content-type"), unknown.header("content-type"));
    QCOMPARE(wrong.header("www-authenticate"), unknown.header("www-authenticate"));
    QCOMPARE(wrong.json()["detail"].toString(), QString("Invalid email or password."));
    QCOMPARE(metric("auth_logins_total{result=\"failure\"}"), failuresBefore + 2);
}

void tst_IdentityApi::lockoutAfterFiveFailures_data()
{
    QTest::addColumn<bool>("knownAddress");
    QTest::newRow("known address") << true;
    QTest::newRow("unknown address") << false;
}

void tst_IdentityApi::lockoutAfterFiveFailures()
{
    QFETCH(bool, knownAddress);
    const QString address = email(knownAddress ? "lock" : "lock-nobody");
    if (knownAddress)
        QVERIFY(createUser(address));
    QByteArray first;
    for (int i = 1; i <= 5; ++i) {
        const auto r = login(address, "wrong-password");
        QVERIFY2(r.status == 401, qPrintable(QStringLiteral("attempt %1: %2").arg(i).arg(text(r))));
        if (i == 1)
            first = r.body;
        QCOMPARE(r.body, first);
    }
    // Locked: even the right password is refused, with a wait of about 15 minutes.
    const auto locked = login(address);
    QVERIFY2(locked.status == 429, qPrintable(text(locked)));
    const int retry = locked.header("retry-after").toInt();
    QVERIFY2(retry > 14 * 60 && retry <= 15 * 60, locked.header("retry-after").constData());
    if (knownAddress) {
        const qint64 uid = setup("GET", "/api/admin/users?q=" + address.toLatin1())
                               .json()["items"]
                               .toArray()[0]
                               .toObject()["id"]
                               .toInteger();
        const auto user = setup("GET", "/api/admin/users/" + id(uid));
        QVERIFY2(!user.json()["lockedUntil"].isNull(), user.body.constData());
    }
}

/// A 429 says nothing about whether the account exists.
void tst_IdentityApi::lockedKnownAndUnknownAddressesAnswerAlike()
{
    const QString known = email("alike");
    const QString unknown = email("alike-nobody");
    QVERIFY(createUser(known));
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(login(known, "wrong-password").status, 401);
        QCOMPARE(login(unknown, "wrong-password").status, 401);
    }
    const auto a = login(known);
    const auto b = login(unknown, "wrong-password");
    QCOMPARE(a.status, 429);
    QCOMPARE(b.status, 429);
    QCOMPARE(a.body, b.body);
    QVERIFY(qAbs(a.header("retry-after").toInt() - b.header("retry-after").toInt()) <= 2);
}

/// Accounts that cannot log in with a password (the demo users, the app's own admin) are
/// answered like unknown addresses, so they must also lock like them: otherwise a lockout
/// that never comes tells an attacker the account exists.
void tst_IdentityApi::passwordlessAccountsLockLikeUnknownAddresses_data()
{
    QTest::addColumn<QString>("address");
    QTest::newRow("demo user") << "demo.erin@example.com";
    QTest::newRow("the app's own admin") << "backbench-app@localhost.invalid";
}

void tst_IdentityApi::passwordlessAccountsLockLikeUnknownAddresses()
{
    QFETCH(QString, address);
    QCOMPARE(setup("GET", "/api/admin/users?q=" + address.toLatin1()).json()["totalItems"].toInt(),
             1);
    const QString unknown = email("passwordless-nobody");
    for (int i = 1; i <= 5; ++i) {
        const auto a = login(address, "wrong-password");
        const auto b = login(unknown, "wrong-password");
        QCOMPARE(a.status, 401);
        QCOMPARE(a.body, b.body);
    }
    const auto unknownLocked = login(unknown, "wrong-password");
    QCOMPARE(unknownLocked.status, 429);
    const auto r = login(address, "wrong-password");
    QVERIFY2(r.status == 429,
             qPrintable(QStringLiteral("6th attempt for %1: %2").arg(address, text(r))));
    QCOMPARE(r.body, unknownLocked.body);
}

void tst_IdentityApi::adminUnlockLetsTheRightPasswordIn()
{
    const QString address = email("unlock");
    const qint64 uid = createUser(address);
    QVERIFY(uid);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(login(address, "wrong-password").status, 401);
    QCOMPARE(login(address).status, 429);
    const auto unlocked = asAdmin("POST", "/api/admin/users/" + id(uid) + "/unlock");
    QVERIFY2(unlocked.status == 204, qPrintable(text(unlocked)));
    const auto r = login(address);
    QVERIFY2(r.status == 200, qPrintable(text(r)));
    QVERIFY(r.json()["user"].toObject()["lockedUntil"].isNull());
    // The count started again: one more failure is a 401, not a lock.
    QCOMPARE(login(address, "wrong-password").status, 401);
    QCOMPARE(login(address).status, 200);
}

void tst_IdentityApi::successfulLoginResetsTheCount()
{
    const QString address = email("reset-count");
    QVERIFY(createUser(address));
    for (int i = 0; i < 4; ++i)
        QCOMPARE(login(address, "wrong-password").status, 401);
    QCOMPARE(login(address).status, 200);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(login(address, "wrong-password").status, 401);
    QCOMPARE(login(address).status, 200); // 8 failures, never 5 in a row
}

/// Five guesses per lock means five, also when they arrive together: an engine with several
/// threads must not verify more passwords than the limit before the lock applies.
void tst_IdentityApi::lockoutHoldsUnderConcurrentGuesses_data()
{
    QTest::addColumn<bool>("knownAddress");
    QTest::newRow("known address") << true;
    QTest::newRow("unknown address") << false;
}

void tst_IdentityApi::lockoutHoldsUnderConcurrentGuesses()
{
    QFETCH(bool, knownAddress);
    SideEngine side;
    side.config.threads = 8;
    QVERIFY2(side.start(), qPrintable(side.error));
    const QString address = email("concurrent");
    if (knownAddress)
        QCOMPARE(side.call("POST", "/api/admin/users",
                           json({{"email", address}, {"password", kPassword}}),
                           bearer(side.adminToken()))
                     .status,
                 201);
    constexpr int kGuesses = 16;
    std::atomic<int> verified{0}, locked{0}, other{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < kGuesses; ++i)
        clients.emplace_back([&] {
            const int status = side.login(address, "wrong-password").status;
            (status == 401 ? verified : status == 429 ? locked : other)++;
        });
    for (std::thread &t : clients)
        t.join();
    QCOMPARE(other.load(), 0);
    QVERIFY2(verified.load() <= 5,
             qPrintable(QStringLiteral("%1 of %2 simultaneous wrong passwords were checked "
                                       "(401) before the lock; the limit is 5")
                            .arg(verified.load())
                            .arg(kGuesses)));
    QCOMPARE(verified.load() + locked.load(), kGuesses);
}

void tst_IdentityApi::lockoutSettingsApply()
{
    SideEngine side;
    side.config.lockoutAttempts = 3;
    side.config.lockoutMinutes = 2;
    QVERIFY2(side.start(), qPrintable(side.error));
    const QString known = email("short-lock");
    QCOMPARE(side.call("POST", "/api/admin/users",
                       json({{"email", known}, {"password", kPassword}}), bearer(side.adminToken()))
                 .status,
             201);
    for (const QString &address : {known, email("short-lock-nobody")}) {
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(side.login(address, "wrong-password").status, 401);
        const auto r = side.login(address, kPassword);
        QVERIFY2(r.status == 429, qPrintable(address + QLatin1Char(' ') + text(r)));
        const int retry = r.header("retry-after").toInt();
        QVERIFY2(retry > 60 && retry <= 120, r.header("retry-after").constData());
    }
    // Two failures in a row are below the limit of three.
    const QString other = email("short-lock-two");
    QCOMPARE(side.call("POST", "/api/admin/users",
                       json({{"email", other}, {"password", kPassword}}), bearer(side.adminToken()))
                 .status,
             201);
    QCOMPARE(side.login(other, "wrong-password").status, 401);
    QCOMPARE(side.login(other, "wrong-password").status, 401);
    QCOMPARE(side.login(other, kPassword).status, 200);
}

QTEST_GUILESS_MAIN(tst_IdentityApi)
