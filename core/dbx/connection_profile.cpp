#include "dbx/connection_profile.h"
#include <QFileInfo>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

namespace bb::dbx {

namespace {

const QStringList kPgSslModes = {QStringLiteral("disable"),   QStringLiteral("allow"),
                                 QStringLiteral("prefer"),    QStringLiteral("require"),
                                 QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
const QStringList kMysqlSslModes = {QStringLiteral("disable"), QStringLiteral("require")};

Error fieldError(const QString &field, const QString &why)
{
    return Error::invalid(QStringLiteral("%1: %2").arg(field, why));
}

} // namespace

ConnectionProfile ConnectionProfile::make(Driver driver, const QString &name)
{
    ConnectionProfile p;
    p.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.name = name;
    p.driver = driver;
    return p;
}

ConnectionProfile ConnectionProfile::engine(const QString &dataFile)
{
    ConnectionProfile p;
    // Fixed, so the engine's entry is the same one across restarts (and never duplicated).
    p.id = QStringLiteral("embedded-engine");
    p.name = QStringLiteral("Embedded engine");
    p.driver = Driver::EngineSqlite;
    p.path = dataFile;
    return p;
}

int ConnectionProfile::defaultPort(Driver driver)
{
    switch (driver) {
    case Driver::Postgres:
        return 5432;
    case Driver::Mysql:
        return 3306;
    case Driver::Sqlite:
    case Driver::EngineSqlite:
        break;
    }
    return 0;
}

QString ConnectionProfile::driverKey(Driver driver)
{
    switch (driver) {
    case Driver::Sqlite:
        return QStringLiteral("sqlite");
    case Driver::EngineSqlite:
        return QStringLiteral("engine");
    case Driver::Postgres:
        return QStringLiteral("postgres");
    case Driver::Mysql:
        return QStringLiteral("mysql");
    }
    return {};
}

Result<Driver> ConnectionProfile::driverFromKey(const QString &key)
{
    for (Driver d : {Driver::Sqlite, Driver::EngineSqlite, Driver::Postgres, Driver::Mysql}) {
        if (driverKey(d) == key)
            return d;
    }
    return Error::invalid(
        QStringLiteral("unknown driver '%1' (sqlite, engine, postgres, mysql)").arg(key));
}

QStringList ConnectionProfile::sslModes(Driver driver)
{
    if (driver == Driver::Postgres)
        return kPgSslModes;
    if (driver == Driver::Mysql)
        return kMysqlSslModes;
    return {};
}

Result<void> ConnectionProfile::validate() const
{
    if (id.trimmed().isEmpty())
        return fieldError(QStringLiteral("id"), QStringLiteral("missing"));
    if (name.trimmed().isEmpty())
        return fieldError(QStringLiteral("name"), QStringLiteral("give the connection a name"));
    if (!isServer()) {
        if (path.trimmed().isEmpty())
            return fieldError(QStringLiteral("file"), QStringLiteral("choose a SQLite file"));
        return {};
    }
    if (host.trimmed().isEmpty())
        return fieldError(QStringLiteral("host"), QStringLiteral("missing"));
    if (port < 0 || port > 65535)
        return fieldError(
            QStringLiteral("port"),
            QStringLiteral("%1 is not a port (1-65535, or 0 for the default)").arg(port));
    if (database.trimmed().isEmpty())
        return fieldError(QStringLiteral("database"), QStringLiteral("missing"));
    if (!sslMode.isEmpty() && !sslModes(driver).contains(sslMode))
        return fieldError(QStringLiteral("SSL mode"),
                          QStringLiteral("'%1' is not one of %2")
                              .arg(sslMode, sslModes(driver).join(QStringLiteral(", "))));
    return {};
}

Result<QString> ConnectionProfile::url(const QString &password) const
{
    if (auto v = validate(); !v)
        return v.error();
    if (!isServer())
        return QStringLiteral("sqlite:") + path;
    QUrl u;
    u.setScheme(driver == Driver::Postgres ? QStringLiteral("postgres") : QStringLiteral("mysql"));
    u.setHost(host.trimmed());
    u.setPort(effectivePort());
    u.setUserName(user);
    if (!password.isEmpty())
        u.setPassword(password);
    u.setPath(QLatin1Char('/') + database.trimmed());
    QUrlQuery q;
    if (driver == Driver::Postgres) {
        if (!sslMode.isEmpty())
            q.addQueryItem(QStringLiteral("sslmode"), sslMode);
        // A dead host should fail the test within seconds, not libpq's default (forever).
        q.addQueryItem(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    } else {
        if (!sslMode.isEmpty())
            q.addQueryItem(QStringLiteral("ssl"), sslMode);
        if (sslMode == QLatin1String("require") && !sslCa.isEmpty())
            q.addQueryItem(QStringLiteral("sslca"), sslCa);
        q.addQueryItem(QStringLiteral("connect_timeout"), QStringLiteral("10"));
    }
    // Fully encoded so a password or option with '&', '@' or '%' survives the round trip.
    QUrlQuery encoded;
    for (const auto &[k, v] : q.queryItems(QUrl::FullyDecoded))
        encoded.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    u.setQuery(encoded);
    return u.toString(QUrl::FullyEncoded);
}

QString ConnectionProfile::summary() const
{
    if (!isServer())
        return (driver == Driver::EngineSqlite ? QStringLiteral("engine ")
                                               : QStringLiteral("sqlite ")) +
               path;
    return QStringLiteral("%1 %2@%3:%4/%5")
        .arg(driverKey(driver), user, host)
        .arg(effectivePort())
        .arg(database);
}

bool ConnectionProfile::fileMissing() const
{
    return driver == Driver::Sqlite && !createIfMissing && !path.isEmpty() &&
           !QFileInfo::exists(path);
}

QJsonObject ConnectionProfile::toJson() const
{
    QJsonObject o{{"id", id}, {"name", name}, {"driver", driverKey(driver)}};
    if (!isServer()) {
        o.insert("path", path);
        if (createIfMissing)
            o.insert("createIfMissing", true);
        return o;
    }
    o.insert("host", host);
    if (port > 0)
        o.insert("port", port);
    o.insert("user", user);
    o.insert("database", database);
    if (!sslMode.isEmpty())
        o.insert("sslMode", sslMode);
    if (!sslCa.isEmpty())
        o.insert("sslCa", sslCa);
    return o;
}

Result<ConnectionProfile> ConnectionProfile::fromJson(const QJsonObject &o)
{
    auto driver = driverFromKey(o.value("driver").toString());
    if (!driver)
        return driver.error();
    ConnectionProfile p;
    p.id = o.value("id").toString();
    p.name = o.value("name").toString();
    p.driver = *driver;
    p.path = o.value("path").toString();
    p.createIfMissing = o.value("createIfMissing").toBool(false);
    p.host = o.value("host").toString(QStringLiteral("127.0.0.1"));
    p.port = o.value("port").toInt(0);
    p.user = o.value("user").toString();
    p.database = o.value("database").toString();
    p.sslMode = o.value("sslMode").toString();
    p.sslCa = o.value("sslCa").toString();
    if (auto v = p.validate(); !v)
        return Error::invalid(QStringLiteral("connection '%1': %2").arg(p.name, v.error().message));
    return p;
}

} // namespace bb::dbx
