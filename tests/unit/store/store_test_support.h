// Test helper: a throwaway database per test, on SQLite (a temporary file) or on the
// PostgreSQL server named by BB_TEST_PG_URL (a schema of its own, dropped afterwards).
#pragma once

#include "store/database.h"

#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace bb::store::test {

inline QString pgSkipReason()
{
    QString reason = QStringLiteral("BB_TEST_PG_URL is not set");
    const QString why = qEnvironmentVariable("BB_TEST_PG_SKIP");
    if (!why.isEmpty())
        reason += QStringLiteral(" (BB_TEST_PG_SKIP: %1)").arg(why);
    return reason;
}

/// Adds the "backend" column with a row per dialect; use with TestBackend::open.
inline void addBackendColumn()
{
    QTest::addColumn<QString>("backend");
}

class TestBackend {
public:
    ~TestBackend()
    {
        if (m_db)
            m_db->close();
        m_db.reset();
        if (!m_schema.isEmpty()) {
            if (auto admin = Database::open(m_baseUrl)) {
                (void)(*admin)->write<bool>(
                    [&](QSqlDatabase &conn) -> Result<bool> {
                        auto r = (*admin)->exec(
                            conn, QStringLiteral("DROP SCHEMA \"%1\" CASCADE").arg(m_schema));
                        if (!r)
                            return r.error();
                        return true;
                    },
                    false);
                (*admin)->close();
            }
        }
    }

    /// Opens a fresh database of `kind` ("sqlite" or "postgres"); false with skipReason()
    /// set when PostgreSQL is not available, false with error() on a real failure.
    bool open(const QString &kind)
    {
        if (kind == QLatin1String("sqlite")) {
            if (!m_dir.isValid()) {
                m_error = QStringLiteral("no temporary directory");
                return false;
            }
            return take(Database::open(QStringLiteral("sqlite:") + m_dir.filePath("test.db")));
        }
        m_baseUrl = qEnvironmentVariable("BB_TEST_PG_URL");
        if (m_baseUrl.isEmpty()) {
            m_skip = pgSkipReason();
            return false;
        }
        auto admin = Database::open(m_baseUrl);
        if (!admin) {
            m_error = admin.error().message;
            return false;
        }
        const QString schema =
            QStringLiteral("bbt_%1_%2")
                .arg(QCoreApplication::applicationPid())
                .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        auto created = (*admin)->write<bool>(
            [&](QSqlDatabase &conn) -> Result<bool> {
                auto r = (*admin)->exec(conn, QStringLiteral("CREATE SCHEMA \"%1\"").arg(schema));
                if (!r)
                    return r.error();
                return true;
            },
            false);
        (*admin)->close();
        if (!created) {
            m_error = created.error().message;
            return false;
        }
        m_schema = schema;
        const QChar joiner =
            m_baseUrl.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?');
        m_url = m_baseUrl + joiner + QStringLiteral("options=-csearch_path%3D") + schema;
        return take(Database::open(m_url));
    }

    /// Opens another Database on the same storage (to test reopening).
    Result<std::shared_ptr<Database>> reopen() const { return Database::open(m_url); }
    void closeCurrent()
    {
        if (m_db)
            m_db->close();
        m_db.reset();
    }
    void adopt(std::shared_ptr<Database> db) { m_db = std::move(db); }

    Database &db() { return *m_db; }
    std::shared_ptr<Database> shared() { return m_db; }
    QString skipReason() const { return m_skip; }
    QString error() const { return m_error; }
    QString tempPath(const QString &name) const { return m_dir.filePath(name); }

    /// Runs DDL or DML on the writer, failing the test on error.
    bool run(const QString &sql, const QVariantList &params = {})
    {
        auto r = m_db->write<bool>(
            [&](QSqlDatabase &conn) -> Result<bool> {
                auto q = m_db->exec(conn, sql, params);
                if (!q)
                    return q.error();
                q->finish();
                return true;
            },
            false);
        if (!r)
            qWarning("%s: %s", qPrintable(sql), qPrintable(r.error().message));
        return r.ok();
    }

    /// First column of the first row, read on the writer (sees every committed change).
    QVariant value(const QString &sql, const QVariantList &params = {})
    {
        auto r = m_db->write<QVariant>(
            [&](QSqlDatabase &conn) { return m_db->scalar(conn, sql, params); }, false);
        return r ? *r : QVariant(QStringLiteral("<error: %1>").arg(r.error().message));
    }

private:
    bool take(Result<std::shared_ptr<Database>> r)
    {
        if (!r) {
            m_error = r.error().message;
            return false;
        }
        m_db = *r;
        if (m_url.isEmpty())
            m_url = QStringLiteral("sqlite:") + m_dir.filePath("test.db");
        return true;
    }

    QTemporaryDir m_dir;
    std::shared_ptr<Database> m_db;
    QString m_url;
    QString m_baseUrl;
    QString m_schema;
    QString m_skip;
    QString m_error;
};

} // namespace bb::store::test

/// Opens `backend` into `b`, skipping the test when PostgreSQL is not configured.
#define BB_OPEN_BACKEND(b, backend)                                                                \
    do {                                                                                           \
        if (!(b).open(backend)) {                                                                  \
            if (!(b).skipReason().isEmpty())                                                       \
                QSKIP(qPrintable((b).skipReason()));                                               \
            QFAIL(qPrintable((b).error()));                                                        \
        }                                                                                          \
    } while (false)
