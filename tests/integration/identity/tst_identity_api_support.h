// tst_IdentityApi: the identity and admin API suite's class, its engine, helpers and shared
// setup. The test functions are defined in tst_identity_api.cpp and tst_identity_api_*.cpp.
#pragma once

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

namespace identity_api {

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
inline QMap<QString, QByteArray> readTree(const QString &dir)
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

inline QString text(const HttpResult &r)
{
    return QStringLiteral("%1 %2").arg(r.status).arg(QString::fromUtf8(r.body));
}

} // namespace identity_api

using namespace identity_api;

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
    void loginReturnsTokensAndUser();
    void meShowsRolesAndEffectivePermissions_data();
    void meShowsRolesAndEffectivePermissions();
    void wrongPasswordAndUnknownEmailAnswerAlike();

    // ---- lockout ----
    void lockoutAfterFiveFailures_data();
    void lockoutAfterFiveFailures();
    void lockedKnownAndUnknownAddressesAnswerAlike();
    void passwordlessAccountsLockLikeUnknownAddresses_data();
    void passwordlessAccountsLockLikeUnknownAddresses();
    void adminUnlockLetsTheRightPasswordIn();
    void successfulLoginResetsTheCount();
    void lockoutHoldsUnderConcurrentGuesses_data();
    void lockoutHoldsUnderConcurrentGuesses();
    void lockoutSettingsApply();

    // ---- sessions ----
    void refreshRotatesAndReuseRevokesTheFamily();
    void logoutEndsTheSession_data();
    void logoutEndsTheSession();
    void endedSessionStaysEndedAfterRestart_data();
    void endedSessionStaysEndedAfterRestart();
    void changesRevokeEarlierTokens_data();
    void changesRevokeEarlierTokens();
    void revokeOneSession();
    void tokenLifetimesApply();

    // ---- API keys ----
    void apiKeys();
    void apiKeyOfDisabledUserIsRefused();

    // ---- the first admin ----
    void firstAdminFromEnvironment();
    void firstAdminEnvironmentIsValidated_data();
    void firstAdminEnvironmentIsValidated();
    void firstAdminGenerated();

    // ---- registration ----
    void registrationIsOffByDefault();
    void registration();

    // ---- admin validation ----
    void adminValidation_data();
    void adminValidation();
    void roleCreatedWithoutDescription();
    void roleDescriptionCanBeEmptied();
    void builtInRolesAreProtected_data();
    void builtInRolesAreProtected();
    void adminCannotLockThemselvesOut_data();
    void adminCannotLockThemselvesOut();
    void localAdminCannotBeChanged_data();
    void localAdminCannotBeChanged();

    // ---- the audit log ----
    void everyChangeIsAudited_data();
    void everyChangeIsAudited();
    void auditLogIsAppendOnly();

    // ---- secrets at rest ----
    void noPlaintextSecretAtRest();

    // ---- rate limit ----
    void authRoutesAreRateLimited();

    // ---- :own ----
    void createFillsInTheOwner();
    void ownRowsOnly();
};
