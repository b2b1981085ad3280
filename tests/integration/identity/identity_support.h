// Test support for the identity suites: an engine fixture whose PostgreSQL databases are unique
// per fixture (a suite starts several engines), a known token signing key so a test can sign its
// own expired or foreign tokens, and small helpers for the auth and admin API.
#pragma once

#include "test_http_client.h"

#include "engine/engine.h"
#include "identity/jwt.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>

#include <atomic>

namespace bbtest {

/// The HS256 secret the suites give the engine through BACKBENCH_JWT_SECRET (64 hex digits).
inline const QByteArray kJwtSecretHex =
    "7f3c9a1e5b2d4f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";
inline QByteArray jwtKey()
{
    return QByteArray::fromHex(kJwtSecretHex);
}

/// A data folder and, with BB_ENGINE_TEST_DB=postgres, a database of its own. Unlike the engine
/// suite's fixture, every instance gets a distinct database name, so one process can run several
/// engines side by side (and restart one on the same database).
class IdentityFixture {
public:
    IdentityFixture()
    {
        m_postgres = qgetenv("BB_ENGINE_TEST_DB") == "postgres";
        if (!m_postgres)
            return;
        const QString base = qEnvironmentVariable("BB_TEST_PG_URL");
        if (base.isEmpty()) {
            m_unavailable =
                QStringLiteral("no PostgreSQL server: %1")
                    .arg(qEnvironmentVariable("BB_TEST_PG_SKIP",
                                              "BB_TEST_PG_URL is not set (run ./dev test)"));
            return;
        }
        static std::atomic<int> counter{0};
        const QUrl url(base);
        m_dbName = QStringLiteral("bb_identity_%1_%2")
                       .arg(QCoreApplication::applicationPid())
                       .arg(++counter);
        if (!adminExec(url,
                       QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_dbName)) ||
            !adminExec(url, QStringLiteral("CREATE DATABASE %1").arg(m_dbName))) {
            m_dbName.clear();
            return;
        }
        QUrl mine(url);
        mine.setPath(QLatin1Char('/') + m_dbName);
        m_pgUrl = mine.toString();
        m_adminUrl = url;
    }

    ~IdentityFixture()
    {
        if (!m_dbName.isEmpty() && m_adminUrl.isValid())
            adminExec(m_adminUrl,
                      QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_dbName));
    }

    IdentityFixture(const IdentityFixture &) = delete;
    IdentityFixture &operator=(const IdentityFixture &) = delete;

    /// Why the requested database cannot be used (the test then skips), or empty.
    QString unavailableReason() const { return m_unavailable; }
    bool isPostgres() const { return m_postgres; }
    QString pgUrl() const { return m_pgUrl; }
    QString dataDir() const { return m_dir.path(); }

    /// A demo engine on a free port with the app's own admin (for setting things up) and no
    /// generated first admin; the auth rate limit is off so suites can log in freely.
    bb::engine::EngineConfig config() const
    {
        bb::engine::EngineConfig c;
        c.bindAddress = QStringLiteral("127.0.0.1");
        c.port = 0;
        c.threads = 2;
        c.demo = true;
        c.dataDir = m_dir.path();
        c.localAdmin = true;
        c.generateFirstAdmin = false;
        c.authRatePerSecond = 0;
        if (m_postgres)
            c.dbUrl = m_pgUrl;
        return c;
    }

    /// Opens the engine's database directly (the engine must be stopped for SQLite writes).
    QSqlDatabase openDirect(const QString &connectionName) const
    {
        QSqlDatabase db;
        if (m_postgres) {
            const QUrl url(m_pgUrl);
            db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
            db.setHostName(url.host());
            db.setPort(url.port(5432));
            db.setUserName(url.userName());
            db.setPassword(url.password());
            db.setDatabaseName(url.path().mid(1));
        } else {
            db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
            db.setDatabaseName(m_dir.filePath(QStringLiteral("backbench.db")));
        }
        db.open();
        return db;
    }

private:
    bool adminExec(const QUrl &url, const QString &sql)
    {
        bool ok = false;
        const QString name = QStringLiteral("identity-fixture-admin");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
            db.setHostName(url.host());
            db.setPort(url.port(5432));
            db.setUserName(url.userName());
            db.setPassword(url.password());
            db.setDatabaseName(url.path().mid(1));
            if (db.open()) {
                QSqlQuery q(db);
                ok = q.exec(sql);
                if (!ok)
                    m_unavailable = QStringLiteral("PostgreSQL refused '%1': %2")
                                        .arg(sql, q.lastError().text());
            } else {
                m_unavailable =
                    QStringLiteral("cannot connect to PostgreSQL: %1").arg(db.lastError().text());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return ok;
    }

    QTemporaryDir m_dir;
    bool m_postgres = false;
    QString m_unavailable;
    QString m_dbName;
    QString m_pgUrl;
    QUrl m_adminUrl;
};

using Headers = QList<QPair<QByteArray, QByteArray>>;

inline Headers bearer(const QByteArray &token)
{
    return {{"Authorization", token.isEmpty() ? QByteArray() : "Bearer " + token}};
}

inline QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// base64url without padding, as JWS uses it.
inline QByteArray b64url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/// The decoded payload of a compact JWS (no checks).
inline QJsonObject jwtPayload(const QByteArray &token)
{
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return {};
    return QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
        .object();
}

/// The claims of a token the engine issued, verified with the known key.
inline bb::identity::Claims claimsOf(const QByteArray &token)
{
    auto c = bb::identity::verify(token, jwtKey(), QDateTime::currentSecsSinceEpoch());
    return c ? *c : bb::identity::Claims{};
}

/// The trace id of a response's traceparent ("00-<trace>-<span>-01").
inline QByteArray traceIdOf(const HttpResult &r)
{
    return r.header("traceparent").split('-').value(1);
}

} // namespace bbtest
