// The identity and admin API (docs/engine-api.md "Identity", "Admin", "The first admin"), end
// to end over real sockets: logins, lockouts, refresh rotation, logout, revocation, API keys,
// the first admin, registration, admin validation and its audit log, secrets at rest, the auth
// rate limit and `:own` rows. Behaviours that need another engine configuration start their own.
#include "identity_support.h"

#include "identity/opaque_token.h"

#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSqlRecord>
#include <QTest>

#include <atomic>
#include <functional>
#include <thread>

using namespace bbtest;

namespace {

const QString kPassword = QStringLiteral("identity-password-1");

/// An engine with its own data folder (and database) for a test that needs another config.
struct SideEngine {
    std::unique_ptr<IdentityFixture> fx = std::make_unique<IdentityFixture>();
    bb::engine::EngineConfig config = fx->config();
    std::unique_ptr<bb::engine::Engine> engine;
    quint16 port = 0;
    QString error;

    SideEngine() { config.demo = false; }

    bool start()
    {
        if (!fx->unavailableReason().isEmpty()) {
            error = fx->unavailableReason();
            return false;
        }
        engine = std::make_unique<bb::engine::Engine>(config);
        auto p = engine->start();
        if (!p) {
            error = p.error().message;
            return false;
        }
        port = *p;
        return true;
    }
    void stop()
    {
        if (engine)
            engine->stop();
    }
    /// The app's own admin, when the config has one.
    QByteArray adminToken() const { return engine->issueLocalAdminToken().toLatin1(); }
    HttpResult call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                    const Headers &headers = {}) const
    {
        return request(port, method, path, body, headers);
    }
    HttpResult login(const QString &email, const QString &password) const
    {
        return call("POST", "/api/v1/auth/login", json({{"email", email}, {"password", password}}));
    }
};

/// Every file under `dir`, by path, read whole (binary).
QMap<QString, QByteArray> readTree(const QString &dir)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            out.insert(path, f.readAll());
    }
    return out;
}

QString text(const HttpResult &r)
{
    return QStringLiteral("%1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
}

} // namespace

class tst_IdentityApi : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<IdentityFixture> m_fx;
    std::unique_ptr<bb::engine::Engine> m_engine;
    quint16 m_port = 0;
    QByteArray m_setup; ///< the app's own admin, for preparing things
    int m_seq = 0;

    // A real admin user; the admin API is exercised as them.
    qint64 m_adminId = 0;
    QString m_adminEmail;
    QByteArray m_admin;
    qint64 m_localAdminId = 0;

    HttpResult call(const QByteArray &method, const QByteArray &path, const QByteArray &body = {},
                    const Headers &headers = {})
    {
        return request(m_port, method, path, body, headers);
    }
    HttpResult setup(const QByteArray &method, const QByteArray &path, const QJsonObject &body = {})
    {
        return call(method, path, body.isEmpty() ? QByteArray() : json(body), bearer(m_setup));
    }
    HttpResult asAdmin(const QByteArray &method, const QByteArray &path,
                       const QByteArray &body = {})
    {
        return call(method, path, body, bearer(m_admin));
    }
    HttpResult me(const Headers &headers) { return call("GET", "/api/v1/auth/me", {}, headers); }
    HttpResult login(const QString &email, const QString &password = kPassword)
    {
        return call("POST", "/api/v1/auth/login", json({{"email", email}, {"password", password}}));
    }
    HttpResult refresh(const QJsonValue &token)
    {
        return call("POST", "/api/v1/auth/refresh", json({{"refreshToken", token}}));
    }

    QString email(const char *what)
    {
        return QStringLiteral("%1-%2@example.com").arg(QLatin1String(what)).arg(++m_seq);
    }
    static QByteArray id(qint64 v) { return QByteArray::number(v); }

    /// A user made by the app's admin; 0 on failure (the caller checks).
    qint64 createUser(const QString &address, const QStringList &roles = {"viewer"})
    {
        const auto r = setup("POST", "/api/admin/users",
                             {{"email", address},
                              {"password", kPassword},
                              {"roles", QJsonArray::fromStringList(roles)}});
        return r.status == 201 ? r.json()["id"].toInteger() : 0;
    }

    qint64 createRole(const QString &name, const QStringList &permissions)
    {
        // A description is always given: a role without one cannot be created (see
        // createRoleWithoutDescription).
        const auto r = setup("POST", "/api/admin/roles",
                             {{"name", name},
                              {"description", "made by tst_identity_api"},
                              {"permissions", QJsonArray::fromStringList(permissions)}});
        return r.status == 201 ? r.json()["id"].toInteger() : 0;
    }

    /// The audit log's size and newest entry, read as the real admin.
    std::pair<int, QJsonObject> auditHead()
    {
        const auto r = asAdmin("GET", "/api/admin/audit?perPage=1");
        return {r.json()["totalItems"].toInt(), r.json()["items"].toArray()[0].toObject()};
    }

    /// A counter of GET /metrics, e.g. `auth_logins_total{result="failure"}`; 0 when absent.
    double metric(const QByteArray &series)
    {
        const auto r = call("GET", "/metrics");
        for (const QByteArray &line : r.body.split('\n'))
            if (line.startsWith(series + ' '))
                return line.mid(series.size() + 1).toDouble();
        return 0;
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
        m_setup = m_engine->issueLocalAdminToken().toLatin1();
        QVERIFY(!m_setup.isEmpty());
        m_adminEmail = email("admin");
        m_adminId = createUser(m_adminEmail, {"admin"});
        QVERIFY(m_adminId);
        const auto r = login(m_adminEmail);
        QCOMPARE(r.status, 200);
        m_admin = r.json()["accessToken"].toString().toLatin1();
        const auto local = setup("GET", "/api/admin/users?q=backbench-app");
        QCOMPARE(local.json()["totalItems"].toInt(), 1);
        m_localAdminId = local.json()["items"].toArray()[0].toObject()["id"].toInteger();
    }

    void cleanupTestCase()
    {
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        m_fx.reset();
        qunsetenv("BACKBENCH_JWT_SECRET");
    }

    // ---- logins and tokens ----

    void loginReturnsTokensAndUser()
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
        const auto claims =
            bb::identity::verify(token, jwtKey(), QDateTime::currentSecsSinceEpoch());
        QVERIFY2(claims.ok(), "the token verifies with the configured secret");
        QCOMPARE(claims->roles, QStringList({"editor"}));
    }

    void meShowsRolesAndEffectivePermissions_data()
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
    void meShowsRolesAndEffectivePermissions()
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
    void wrongPasswordAndUnknownEmailAnswerAlike()
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

    // ---- lockout ----

    void lockoutAfterFiveFailures_data()
    {
        QTest::addColumn<bool>("knownAddress");
        QTest::newRow("known address") << true;
        QTest::newRow("unknown address") << false;
    }
    void lockoutAfterFiveFailures()
    {
        QFETCH(bool, knownAddress);
        const QString address = email(knownAddress ? "lock" : "lock-nobody");
        if (knownAddress)
            QVERIFY(createUser(address));
        QByteArray first;
        for (int i = 1; i <= 5; ++i) {
            const auto r = login(address, "wrong-password");
            QVERIFY2(r.status == 401,
                     qPrintable(QStringLiteral("attempt %1: %2").arg(i).arg(text(r))));
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
    void lockedKnownAndUnknownAddressesAnswerAlike()
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
    void passwordlessAccountsLockLikeUnknownAddresses_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("demo user") << "demo.erin@example.com";
        QTest::newRow("the app's own admin") << "backbench-app@localhost.invalid";
    }
    void passwordlessAccountsLockLikeUnknownAddresses()
    {
        QFETCH(QString, address);
        QCOMPARE(
            setup("GET", "/api/admin/users?q=" + address.toLatin1()).json()["totalItems"].toInt(),
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

    void adminUnlockLetsTheRightPasswordIn()
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

    void successfulLoginResetsTheCount()
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
    void lockoutHoldsUnderConcurrentGuesses_data()
    {
        QTest::addColumn<bool>("knownAddress");
        QTest::newRow("known address") << true;
        QTest::newRow("unknown address") << false;
    }
    void lockoutHoldsUnderConcurrentGuesses()
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

    void lockoutSettingsApply()
    {
        SideEngine side;
        side.config.lockoutAttempts = 3;
        side.config.lockoutMinutes = 2;
        QVERIFY2(side.start(), qPrintable(side.error));
        const QString known = email("short-lock");
        QCOMPARE(side.call("POST", "/api/admin/users",
                           json({{"email", known}, {"password", kPassword}}),
                           bearer(side.adminToken()))
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
                           json({{"email", other}, {"password", kPassword}}),
                           bearer(side.adminToken()))
                     .status,
                 201);
        QCOMPARE(side.login(other, "wrong-password").status, 401);
        QCOMPARE(side.login(other, "wrong-password").status, 401);
        QCOMPARE(side.login(other, kPassword).status, 200);
    }

    // ---- sessions ----

    void refreshRotatesAndReuseRevokesTheFamily()
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

    void logoutEndsTheSession_data()
    {
        QTest::addColumn<bool>("withBearer");
        QTest::newRow("bearer token") << true;
        QTest::newRow("refresh token in the body") << false;
    }
    void logoutEndsTheSession()
    {
        QFETCH(bool, withBearer);
        const QString address = email("logout");
        QVERIFY(createUser(address));
        const auto s = login(address);
        const auto other = login(address);
        const QByteArray access = s.json()["accessToken"].toString().toLatin1();
        const QJsonValue refreshToken = s.json()["refreshToken"];
        QCOMPARE(me(bearer(access)).status, 200);
        const auto out = withBearer ? call("POST", "/api/v1/auth/logout", {}, bearer(access))
                                    : call("POST", "/api/v1/auth/logout",
                                           json({{"refreshToken", refreshToken}}));
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
    void endedSessionStaysEndedAfterRestart_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("logout") << "logout";
        QTest::newRow("refresh token replayed") << "replay";
        QTest::newRow("admin revoked the session") << "admin";
    }
    void endedSessionStaysEndedAfterRestart()
    {
        QFETCH(QString, how);
        SideEngine side;
        QVERIFY2(side.start(), qPrintable(side.error));
        const QString address = email("restart");
        const auto created = side.call("POST", "/api/admin/users",
                                       json({{"email", address}, {"password", kPassword}}),
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
        QVERIFY2(
            after.status == 401,
            qPrintable("the access token of an ended session after a restart: " + text(after)));
    }

    /// Each of these bumps the user's token version, so an access token issued before it fails.
    void changesRevokeEarlierTokens_data()
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
    void changesRevokeEarlierTokens()
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
            QCOMPARE(
                asAdmin("PUT", user + "/roles", json({{"roles", QJsonArray{"editor"}}})).status,
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

    void revokeOneSession()
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
        QCOMPARE(asAdmin("DELETE", "/api/admin/users/" + id(other) + "/sessions/" +
                                       claimsOf(a2).sid.toLatin1())
                     .status,
                 404);
        QCOMPARE(me(bearer(a2)).status, 200);
    }

    void tokenLifetimesApply()
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

    // ---- API keys ----

    void apiKeys()
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
        QVERIFY(
            !asAdmin("GET", keys).json()["items"].toArray()[0].toObject()["lastUsedAt"].isNull());

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
        QVERIFY(
            !asAdmin("GET", keys).json()["items"].toArray()[0].toObject()["revokedAt"].isNull());
    }

    void apiKeyOfDisabledUserIsRefused()
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

    // ---- the first admin ----

    void firstAdminFromEnvironment()
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
    void firstAdminEnvironmentIsValidated_data()
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
    void firstAdminEnvironmentIsValidated()
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

    void firstAdminGenerated()
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

    // ---- registration ----

    void registrationIsOffByDefault()
    {
        const auto r = call("POST", "/api/v1/auth/register",
                            json({{"email", email("reg-off")}, {"password", kPassword}}));
        QCOMPARE(r.status, 403);
    }

    void registration()
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
        const auto r = side.call(
            "POST", "/api/v1/auth/register",
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
        const auto roles = side.call("POST", "/api/v1/auth/register",
                                     json({{"email", email("reg3")},
                                           {"password", kPassword},
                                           {"roles", QJsonArray{"admin"}}}));
        QCOMPARE(roles.status, 400); // nobody registers as an admin
        QVERIFY(roles.json()["errors"].toObject().contains("roles"));
        QCOMPARE(auditCount(), 1);
    }

    // ---- admin validation ----

    void adminValidation_data()
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
        row("user: unknown role", "POST", "/api/admin/users", with("roles", QJsonArray{"wizard"}),
            400, "roles");
        row("user: roles not a list", "POST", "/api/admin/users", with("roles", "admin"), 400,
            "roles");
        row("user: unknown field", "POST", "/api/admin/users", with("isAdmin", true), 400,
            "isAdmin");
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
        row("api key: blank name", "POST", "/api/admin/users/{user}/api-keys", {{"name", "  "}},
            400, "name");
        row("role: bad name", "POST", "/api/admin/roles",
            {{"name", "9lives"}, {"description", "d"}}, 400, "name");
        row("role: unknown action", "POST", "/api/admin/roles",
            {{"name", "fine-a"}, {"description", "d"}, {"permissions", QJsonArray{"posts:fly"}}},
            400, "permissions");
        row("role: own on an admin area", "POST", "/api/admin/roles",
            {{"name", "fine-b"},
             {"description", "d"},
             {"permissions", QJsonArray{"admin:users:own"}}},
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
        row("unknown user, patch", "PATCH", "/api/admin/users/999999999", {{"displayName", "x"}},
            404, "");
        row("unknown role", "GET", "/api/admin/roles/999999999", {}, 404, "");
        row("unknown role, delete", "DELETE", "/api/admin/roles/999999999", {}, 404, "");
        row("authorize: no resource", "GET", "/api/admin/authorize?action=read", {}, 400,
            "resource");
        row("authorize: bad action", "GET", "/api/admin/authorize?resource=posts&action=fly", {},
            400, "action");
        row("audit: bad since", "GET", "/api/admin/audit?since=yesterday", {}, 400, "since");
        row("users: page 0", "GET", "/api/admin/users?page=0", {}, 400, "page");
    }
    void adminValidation()
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
    void roleCreatedWithoutDescription()
    {
        const auto created =
            asAdmin("POST", "/api/admin/roles",
                    json({{"name", "no-description"}, {"permissions", QJsonArray{"posts:read"}}}));
        QVERIFY2(created.status == 201, qPrintable(text(created)));
        QCOMPARE(created.json()["description"].toString(), QString());
    }

    void roleDescriptionCanBeEmptied()
    {
        const qint64 role = createRole("emptied-description", {"posts:read"});
        QVERIFY(role);
        const auto emptied =
            asAdmin("PATCH", "/api/admin/roles/" + id(role), json({{"description", ""}}));
        QVERIFY2(emptied.status == 200, qPrintable(text(emptied)));
        QCOMPARE(emptied.json()["description"].toString(), QString());
    }

    void builtInRolesAreProtected_data()
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
    void builtInRolesAreProtected()
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
            r = asAdmin("PUT", path + "/permissions",
                        json({{"permissions", QJsonArray{"tags:list"}}}));
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
    void adminCannotLockThemselvesOut_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("suffix");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("disable") << QByteArray("PATCH") << QByteArray()
                                 << json({{"disabled", true}});
        QTest::newRow("demote with PUT roles")
            << QByteArray("PUT") << QByteArray("/roles") << json({{"roles", QJsonArray{"viewer"}}});
        QTest::newRow("demote with PATCH")
            << QByteArray("PATCH") << QByteArray() << json({{"roles", QJsonArray{"editor"}}});
        QTest::newRow("demote to no roles")
            << QByteArray("PUT") << QByteArray("/roles") << json({{"roles", QJsonArray{}}});
        QTest::newRow("delete") << QByteArray("DELETE") << QByteArray() << QByteArray();
    }
    void adminCannotLockThemselvesOut()
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

    void localAdminCannotBeChanged_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("suffix");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("rename") << QByteArray("PATCH") << QByteArray()
                                << json({{"displayName", "x"}});
        QTest::newRow("disable") << QByteArray("PATCH") << QByteArray()
                                 << json({{"disabled", true}});
        QTest::newRow("roles") << QByteArray("PUT") << QByteArray("/roles")
                               << json({{"roles", QJsonArray{"viewer"}}});
        QTest::newRow("delete") << QByteArray("DELETE") << QByteArray() << QByteArray();
        QTest::newRow("reset password")
            << QByteArray("POST") << QByteArray("/reset-password") << QByteArray();
    }
    void localAdminCannotBeChanged()
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

    // ---- the audit log ----

    void everyChangeIsAudited_data()
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
    void everyChangeIsAudited()
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
            keyId = setup("POST", user + "/api-keys", {{"name", "k"}})
                        .json()["id"]
                        .toString()
                        .toLatin1();

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

    void auditLogIsAppendOnly()
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
            QVERIFY(
                q.exec(QStringLiteral("SELECT COUNT(*) FROM _audit_log WHERE action = 'forged'")));
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toInt(), 0);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }

    // ---- secrets at rest ----

    void noPlaintextSecretAtRest()
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

    // ---- rate limit ----

    void authRoutesAreRateLimited()
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

    // ---- :own ----

    /// Any signed-in caller's create fills in owner_id with themselves when the body leaves it
    /// out; a caller with full rights may name another owner.
    void createFillsInTheOwner()
    {
        const QString address = email("filler");
        const qint64 editor = createUser(address, {"editor"});
        const Headers asEditor = bearer(login(address).json()["accessToken"].toString().toLatin1());
        const auto mine =
            call("POST", "/api/v1/comments",
                 json({{"post_id", 1}, {"author_name", "e"}, {"body", "b"}}), asEditor);
        QCOMPARE(mine.status, 201);
        QCOMPARE(mine.json()["owner_id"].toInteger(), editor);
        const auto named = call(
            "POST", "/api/v1/comments",
            json({{"post_id", 1}, {"author_name", "e"}, {"body", "b"}, {"owner_id", m_adminId}}),
            asEditor);
        QCOMPARE(named.status, 201);
        QCOMPARE(named.json()["owner_id"].toInteger(), m_adminId);
        const auto byKey = asAdmin("POST", "/api/admin/users/" + id(editor) + "/api-keys",
                                   json({{"name", "filler"}}));
        const auto viaKey = call("POST", "/api/v1/comments",
                                 json({{"post_id", 1}, {"author_name", "k"}, {"body", "b"}}),
                                 {{"X-API-Key", byKey.json()["key"].toString().toLatin1()}});
        QCOMPARE(viaKey.status, 201);
        QCOMPARE(viaKey.json()["owner_id"].toInteger(), editor);
    }

    void ownRowsOnly()
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
        const auto created =
            call("POST", "/api/v1/comments",
                 json({{"post_id", 1}, {"author_name", "u"}, {"body", "mine"}}), asU);
        QCOMPARE(created.status, 201);
        QCOMPARE(created.json()["owner_id"].toInteger(), u);
        const qint64 mine = created.json()["id"].toInteger();
        const auto forged = call(
            "POST", "/api/v1/comments",
            json({{"post_id", 1}, {"author_name", "u"}, {"body", "as v"}, {"owner_id", v}}), asU);
        QCOMPARE(forged.status, 403);
        QVERIFY(forged.json()["errors"].toObject().contains("owner_id"));
        QCOMPARE(call("GET", "/api/v1/comments", {}, asU).json()["totalItems"].toInt(), 4);

        // Someone else's row: 404 for read, update and delete, and nothing changes.
        const QByteArray theirs = "/api/v1/comments/" + id(vRows[0]);
        const auto original = setup("GET", theirs);
        QCOMPARE(call("GET", theirs, {}, asU).status, 404);
        QCOMPARE(call("PATCH", theirs, json({{"body", "defaced"}}), asU).status, 404);
        QCOMPARE(call("PUT", theirs,
                      json({{"post_id", 1}, {"author_name", "x"}, {"body", "defaced"}}), asU)
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
        const auto replaced =
            call("PUT", minePath,
                 json({{"post_id", 1}, {"author_name", "u"}, {"body", "replaced"}}), asU);
        QCOMPARE(replaced.status, 200);
        QCOMPARE(replaced.json()["owner_id"].toInteger(), u); // a PUT keeps the caller as owner
        QCOMPARE(call("DELETE", minePath, {}, asU).status, 204);
        QCOMPARE(call("GET", "/api/v1/comments", {}, asU).json()["totalItems"].toInt(), 3);
    }
};

QTEST_GUILESS_MAIN(tst_IdentityApi)
#include "tst_identity_api.moc"
