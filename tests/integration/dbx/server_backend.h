// Test helper: a fresh, empty database per test on SQLite (a temporary file), PostgreSQL
// (a schema of its own on BB_TEST_PG_URL) or MySQL (a database of its own on BB_TEST_MYSQL_URL),
// removed afterwards. Server backends skip with the reason when their URL is not set.
#pragma once
#include "store/database.h"
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <memory>

namespace bb::dbx::test {

#define BB_VERIFY_OK(result)                                                                       \
    do {                                                                                           \
        const auto &bbResult = (result);                                                           \
        QVERIFY2(bbResult.ok(), bbResult.ok() ? "" : qPrintable(bbResult.error().message));        \
    } while (false)

inline void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
    QTest::newRow("mysql") << QStringLiteral("mysql");
}

class ServerBackend {
public:
    ~ServerBackend() { drop(); }

    /// False with skipReason() when the server is not configured, with error() on a failure.
    bool open(const QString &kind)
    {
        m_kind = kind;
        if (kind == QLatin1String("sqlite"))
            return take(
                store::Database::open(QStringLiteral("sqlite:") + m_dir.filePath("test.db")));
        const bool pg = kind == QLatin1String("postgres");
        m_baseUrl = qEnvironmentVariable(pg ? "BB_TEST_PG_URL" : "BB_TEST_MYSQL_URL");
        if (m_baseUrl.isEmpty()) {
            const QString why = qEnvironmentVariable(pg ? "BB_TEST_PG_SKIP" : "BB_TEST_MYSQL_SKIP");
            m_skip = QStringLiteral("%1 is not set%2")
                         .arg(pg ? "BB_TEST_PG_URL" : "BB_TEST_MYSQL_URL",
                              why.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(why));
            return false;
        }
        m_name = QStringLiteral("backbench_dbx_%1_%2")
                     .arg(QCoreApplication::applicationPid())
                     .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
        if (!admin(pg ? QStringLiteral("CREATE SCHEMA \"%1\"").arg(m_name)
                      : QStringLiteral("CREATE DATABASE \"%1\"").arg(m_name)))
            return false;
        if (pg) {
            const QChar joiner =
                m_baseUrl.contains(QLatin1Char('?')) ? QLatin1Char('&') : QLatin1Char('?');
            m_url = m_baseUrl + joiner + QStringLiteral("options=-csearch_path%3D") + m_name;
        } else {
            QUrl u(m_baseUrl);
            u.setPath(QLatin1Char('/') + m_name);
            m_url = u.toString();
        }
        return take(store::Database::open(m_url));
    }

    store::Database &db() { return *m_db; }
    std::shared_ptr<store::Database> shared() { return m_db; }
    QString url() const { return m_url; }
    QString baseUrl() const { return m_baseUrl; }
    QString name() const { return m_name; }
    QString kind() const { return m_kind; }
    QString skipReason() const { return m_skip; }
    QString error() const { return m_error; }
    QString tempPath(const QString &file) const { return m_dir.filePath(file); }

    /// Runs `sql` on the writer (outside a transaction), failing loudly.
    bool run(const QString &sql, const QVariantList &params = {})
    {
        auto r = m_db->write<bool>(
            [&](QSqlDatabase &c) -> Result<bool> {
                auto q = m_db->exec(c, sql, params);
                if (!q)
                    return q.error();
                q->finish();
                return true;
            },
            false);
        if (!r)
            qWarning("%s: %s", qPrintable(sql.left(200)), qPrintable(r.error().message));
        return r.ok();
    }
    QVariant value(const QString &sql)
    {
        auto r =
            m_db->write<QVariant>([&](QSqlDatabase &c) { return m_db->scalar(c, sql); }, false);
        return r ? *r : QVariant(QStringLiteral("<error: %1>").arg(r.error().message));
    }

private:
    bool take(Result<std::shared_ptr<store::Database>> r)
    {
        if (!r) {
            m_error = r.error().message;
            return false;
        }
        m_db = *r;
        return true;
    }
    bool admin(const QString &sql)
    {
        auto a = store::Database::open(m_baseUrl);
        if (!a) {
            m_error = a.error().message;
            return false;
        }
        auto r = (*a)->write<bool>(
            [&](QSqlDatabase &c) -> Result<bool> {
                auto q = (*a)->exec(c, sql);
                if (!q)
                    return q.error();
                return true;
            },
            false);
        (*a)->close();
        if (!r)
            m_error = r.error().message;
        return r.ok();
    }
    void drop()
    {
        if (m_db)
            m_db->close();
        m_db.reset();
        if (m_name.isEmpty())
            return;
        admin(m_kind == QLatin1String("postgres")
                  ? QStringLiteral("DROP SCHEMA \"%1\" CASCADE").arg(m_name)
                  : QStringLiteral("DROP DATABASE \"%1\"").arg(m_name));
        m_name.clear();
    }

    QTemporaryDir m_dir;
    QString m_kind;
    QString m_baseUrl;
    QString m_url;
    QString m_name;
    QString m_skip;
    QString m_error;
    std::shared_ptr<store::Database> m_db;
};

} // namespace bb::dbx::test
