#include "dbx/connection.h"
#include "dbx/connection_task.h"
#include <QAtomicInteger>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <sqlite3.h>

namespace bb::dbx {

namespace {

QAtomicInteger<quint64> g_testSerial{0};

// What the server said, as it said it: the database text (PQerrorMessage, mysql_error) is the
// server's; Qt's own text ("Unable to connect") only when there is nothing else.
QString serverText(const QSqlError &e)
{
    const QString db = e.databaseText().trimmed();
    return db.isEmpty() ? e.text().trimmed() : db;
}

QString connectOptions(const ConnectionProfile &p)
{
    QStringList o;
    if (p.driver == Driver::Postgres) {
        o << QStringLiteral("connect_timeout=10");
        if (!p.sslMode.isEmpty())
            o << QStringLiteral("sslmode=") + p.sslMode;
    } else if (p.driver == Driver::Mysql) {
        o << QStringLiteral("MYSQL_OPT_CONNECT_TIMEOUT=10");
        if (p.sslMode == QLatin1String("require"))
            o << QStringLiteral("SSL_CA=") +
                     (p.sslCa.isEmpty() ? QStringLiteral("/etc/ssl/certs/ca-certificates.crt")
                                        : p.sslCa);
    }
    return o.join(QLatin1Char(';'));
}

QString driverName(Driver d)
{
    switch (d) {
    case Driver::Postgres:
        return QStringLiteral("QPSQL");
    case Driver::Mysql:
        return QStringLiteral("QMYSQL");
    case Driver::Sqlite:
    case Driver::EngineSqlite:
        break;
    }
    return QStringLiteral("QSQLITE");
}

Result<ConnectionCheck> checkOn(QSqlDatabase &conn, const ConnectionProfile &p,
                                const QString &password)
{
    QElapsedTimer timer;
    timer.start();
    if (p.isServer()) {
        conn.setHostName(p.host.trimmed());
        conn.setPort(p.effectivePort());
        conn.setUserName(p.user);
        conn.setPassword(password);
        conn.setDatabaseName(p.database.trimmed());
        conn.setConnectOptions(connectOptions(p));
    } else {
        if (!QFileInfo::exists(p.path)) {
            if (p.driver != Driver::Sqlite || !p.createIfMissing)
                return Error::notFound(QStringLiteral("%1 does not exist").arg(p.path));
            // Nothing to connect to yet: say whether the file can be made, without making it.
            const QFileInfo dir(QFileInfo(p.path).absolutePath());
            QFileInfo ancestor = dir;
            while (!ancestor.exists() && ancestor.absoluteFilePath() != ancestor.absolutePath())
                ancestor = QFileInfo(ancestor.absolutePath());
            if (!ancestor.isDir() || !ancestor.isWritable())
                return Error::io(QStringLiteral("%1 cannot be created: %2 is not a writable "
                                                "folder")
                                     .arg(p.path, ancestor.absoluteFilePath()));
            ConnectionCheck out;
            out.serverVersion = QStringLiteral("SQLite %1 (the file will be created)")
                                    .arg(QString::fromLatin1(sqlite3_libversion()));
            return out;
        }
        conn.setDatabaseName(p.path);
        // Never create or change anything while testing.
        conn.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
    }
    if (!conn.open())
        return Error::unavailable(serverText(conn.lastError()));
    QSqlQuery q(conn);
    const QString sql = p.isServer() ? QStringLiteral("SELECT version()")
                                     : QStringLiteral("SELECT sqlite_version() FROM sqlite_master "
                                                      "UNION ALL SELECT sqlite_version() LIMIT 1");
    if (!q.exec(sql))
        return Error::unavailable(serverText(q.lastError()));
    ConnectionCheck out;
    if (q.next())
        out.serverVersion = q.value(0).toString();
    if (!p.isServer())
        out.serverVersion.prepend(QStringLiteral("SQLite "));
    else if (p.driver == Driver::Mysql && !out.serverVersion.contains(QLatin1String("MariaDB")))
        out.serverVersion.prepend(QStringLiteral("MySQL "));
    out.elapsedMs = timer.elapsed();
    return out;
}

} // namespace

Result<std::shared_ptr<store::Database>> openProfile(const ConnectionProfile &profile,
                                                     const QString &password)
{
    auto url = profile.url(password);
    if (!url)
        return url.error();
    store::OpenOptions options;
    if (!profile.isServer()) {
        const QFileInfo file(profile.path);
        if (!file.exists()) {
            if (profile.driver == Driver::EngineSqlite || !profile.createIfMissing)
                return Error::notFound(QStringLiteral("%1 does not exist").arg(profile.path));
            if (!QDir().mkpath(file.absolutePath()))
                return Error::io(
                    QStringLiteral("cannot create the folder of %1").arg(profile.path));
        } else {
            // A browser must not rewrite the settings of a file it merely opens (and the running
            // engine's file is already WAL): only a file created here gets WAL.
            options.keepJournalMode = true;
        }
    }
    return store::Database::open(*url, options);
}

Result<ConnectionCheck> testConnection(const ConnectionProfile &profile, const QString &password)
{
    if (auto v = profile.validate(); !v)
        return v.error();
    const QString name = QStringLiteral("bb_dbx_test_%1").arg(++g_testSerial);
    Result<ConnectionCheck> out = Error::internal(QStringLiteral("not run"));
    {
        QSqlDatabase conn = QSqlDatabase::addDatabase(driverName(profile.driver), name);
        if (!conn.isValid())
            out = Error::unavailable(QStringLiteral("the Qt SQL driver %1 is not installed")
                                         .arg(driverName(profile.driver)));
        else
            out = checkOn(conn, profile, password);
        conn.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

void openProfileAsync(QObject *context, const ConnectionProfile &profile, const QString &password,
                      std::function<void(Result<std::shared_ptr<store::Database>>)> done)
{
    runInBackground<std::shared_ptr<store::Database>>(
        context, [profile, password] { return openProfile(profile, password); }, std::move(done));
}

void testConnectionAsync(QObject *context, const ConnectionProfile &profile,
                         const QString &password, std::function<void(Result<ConnectionCheck>)> done)
{
    runInBackground<ConnectionCheck>(
        context, [profile, password] { return testConnection(profile, password); },
        std::move(done));
}

} // namespace bb::dbx
