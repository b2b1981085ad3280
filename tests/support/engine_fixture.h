// Test support — starts a real engine on 127.0.0.1 port 0 over a fresh SQLite file, or a fresh
// PostgreSQL database when BB_ENGINE_TEST_DB=postgres and ./dev test exported BB_TEST_PG_URL.
#pragma once

#include "engine/engine.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>

#include <atomic>
#include <memory>

namespace bbtest {

class EngineFixture {
public:
    /// Why the requested database cannot be used (the test then skips), or empty.
    QString unavailableReason() const { return m_unavailable; }
    bool isPostgres() const { return m_postgres; }

    EngineFixture()
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
        // A database of its own, so suites running in parallel never see each other's tables,
        // and one process may run several engines side by side.
        static std::atomic<int> instances{0};
        const QUrl url(base);
        m_dbName = QStringLiteral("bb_engine_%1_%2")
                       .arg(QCoreApplication::applicationPid())
                       .arg(++instances);
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

    ~EngineFixture()
    {
        if (!m_dbName.isEmpty() && m_adminUrl.isValid())
            adminExec(m_adminUrl,
                      QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_dbName));
    }

    EngineFixture(const EngineFixture &) = delete;
    EngineFixture &operator=(const EngineFixture &) = delete;

    /// A config for a demo engine on a free port; tests tweak it before start().
    bb::engine::EngineConfig config() const
    {
        bb::engine::EngineConfig c;
        c.bindAddress = QStringLiteral("127.0.0.1");
        c.port = 0;
        c.threads = 2;
        c.demo = true;
        c.dataDir = m_dir.path();
        // Suites act as the app's own admin unless they test identity itself.
        c.localAdmin = true;
        c.generateFirstAdmin = false;
        if (m_postgres)
            c.dbUrl = m_pgUrl;
        return c;
    }

    QString dataDir() const { return m_dir.path(); }
    QString pgUrl() const { return m_pgUrl; }

    /// Opens the engine's database directly (stop the engine first for SQLite writes).
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
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("fixture-admin"));
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
        QSqlDatabase::removeDatabase(QStringLiteral("fixture-admin"));
        return ok;
    }

    QTemporaryDir m_dir;
    bool m_postgres = false;
    QString m_unavailable;
    QString m_dbName;
    QString m_pgUrl;
    QUrl m_adminUrl;
};

} // namespace bbtest
