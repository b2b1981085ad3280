#include "shell/engine_settings.h"

#include <QHostAddress>
#include <QSettings>
#include <QStandardPaths>

namespace bb::shell {

QString EngineSettings::defaultDataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/engine");
}

EngineSettings EngineSettings::load()
{
    QSettings s;
    s.beginGroup(QStringLiteral("engine"));
    EngineSettings e;
    e.bindAddress = s.value(QStringLiteral("bindAddress"), e.bindAddress).toString();
    e.port = s.value(QStringLiteral("port"), e.port).toInt();
    e.dataDir = s.value(QStringLiteral("dataDir")).toString();
    e.dbUrl = s.value(QStringLiteral("dbUrl")).toString();
    e.threads = s.value(QStringLiteral("threads"), 0).toInt();
    // A hand-edited or corrupted file must not keep the engine from starting.
    if (e.port < 0 || e.port > 65535)
        e.port = kDefaultPort;
    if (e.threads < 0 || e.threads > 1024)
        e.threads = 0;
    if (QHostAddress(e.bindAddress).isNull())
        e.bindAddress = QStringLiteral("127.0.0.1");
    return e;
}

void EngineSettings::save() const
{
    QSettings s;
    s.beginGroup(QStringLiteral("engine"));
    s.setValue(QStringLiteral("bindAddress"), bindAddress);
    s.setValue(QStringLiteral("port"), port);
    s.setValue(QStringLiteral("dataDir"), dataDir);
    s.setValue(QStringLiteral("dbUrl"), dbUrl);
    s.setValue(QStringLiteral("threads"), threads);
}

QString EngineSettings::validate() const
{
    if (port < 0 || port > 65535)
        return QObject::tr("The port must be between 0 and 65535.");
    if (QHostAddress(bindAddress).isNull())
        return QObject::tr("\"%1\" is not an IP address to bind to.").arg(bindAddress);
    if (threads < 0 || threads > 1024)
        return QObject::tr("Threads must be between 0 (one per core) and 1024.");
    if (!dbUrl.isEmpty() && !dbUrl.startsWith(QLatin1String("sqlite:")) &&
        !dbUrl.startsWith(QLatin1String("postgres://")) &&
        !dbUrl.startsWith(QLatin1String("postgresql://"))) {
        return QObject::tr("The database URL must start with sqlite: or postgres://.");
    }
    return {};
}

engine::EngineConfig EngineSettings::applyTo(engine::EngineConfig base) const
{
    base.bindAddress = bindAddress;
    base.port = quint16(port);
    base.dataDir = effectiveDataDir();
    base.dbUrl = dbUrl;
    base.threads = threads;
    return base;
}

} // namespace bb::shell
