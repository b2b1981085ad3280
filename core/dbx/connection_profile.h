// bb::dbx — one saved database connection (SQLite file, the embedded engine's file, PostgreSQL,
// MySQL/MariaDB): what the connections list shows and what opening it needs, minus the password.
#pragma once
#include "common/result.h"
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace bb::dbx {

enum class Driver {
    Sqlite,       ///< a SQLite file, created on open when createIfMissing
    EngineSqlite, ///< the embedded engine's own SQLite file, opened beside the running engine
    Postgres,     ///< QPSQL
    Mysql         ///< QMYSQL (MySQL or MariaDB)
};

struct ConnectionProfile {
    QString id;   ///< stable (a UUID); the keychain key of the password
    QString name; ///< what the list shows
    Driver driver = Driver::Sqlite;
    QString path;                 ///< SQLite / engine file
    bool createIfMissing = false; ///< SQLite: create the file instead of failing
    QString host = QStringLiteral("127.0.0.1");
    int port = 0; ///< 0: the driver's default (5432, 3306)
    QString user;
    QString database;
    /// PostgreSQL: a libpq sslmode (disable allow prefer require verify-ca verify-full; empty =
    /// libpq's default "prefer"). MySQL: "disable" (or empty) or "require" (TLS, verified
    /// against sslCa or the system CA bundle).
    QString sslMode;
    QString sslCa; ///< MySQL: CA file for "require"; empty = the system bundle

    /// A fresh id and a name; the other fields as given.
    static ConnectionProfile make(Driver driver, const QString &name);
    /// The embedded engine's data file, one click away in the connections list.
    static ConnectionProfile engine(const QString &dataFile);

    static int defaultPort(Driver driver);
    int effectivePort() const { return port > 0 ? port : defaultPort(driver); }
    /// True for the drivers that talk to a server (and so have a password).
    bool isServer() const { return driver == Driver::Postgres || driver == Driver::Mysql; }
    /// "sqlite", "engine", "postgres", "mysql": the JSON spelling.
    static QString driverKey(Driver driver);
    static Result<Driver> driverFromKey(const QString &key);
    /// Valid sslMode values for `driver` (empty list for file drivers).
    static QStringList sslModes(Driver driver);

    /// Missing or inconsistent fields, with the field named.
    Result<void> validate() const;
    /// The store URL (see store::Database::open) with `password` filled in.
    Result<QString> url(const QString &password) const;
    /// "postgres user@host:port/db" / the file path: for tooltips and titles (no password).
    QString summary() const;
    /// A SQLite profile whose file is gone (and that would not create it): opening it fails.
    bool fileMissing() const;

    QJsonObject toJson() const;
    static Result<ConnectionProfile> fromJson(const QJsonObject &json);

    bool operator==(const ConnectionProfile &) const = default;
};

} // namespace bb::dbx
