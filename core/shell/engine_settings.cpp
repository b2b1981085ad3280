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
    e.logRingRecords = s.value(QStringLiteral("logRingRecords"), e.logRingRecords).toInt();
    e.logFileMaxMB = s.value(QStringLiteral("logFileMaxMB"), 0).toInt();
    // A hand-edited or corrupted file must not keep the engine from starting.
    if (e.port < 0 || e.port > 65535)
        e.port = kDefaultPort;
    if (e.threads < 0 || e.threads > 1024)
        e.threads = 0;
    if (QHostAddress(e.bindAddress).isNull())
        e.bindAddress = QStringLiteral("127.0.0.1");
    if (e.logRingRecords < kMinLogRing || e.logRingRecords > kMaxLogRing)
        e.logRingRecords = EngineSettings{}.logRingRecords;
    if (e.logFileMaxMB < 0 || e.logFileMaxMB > kMaxLogFileMB)
        e.logFileMaxMB = 0;
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
    s.setValue(QStringLiteral("logRingRecords"), logRingRecords);
    s.setValue(QStringLiteral("logFileMaxMB"), logFileMaxMB);
}

QString EngineSettings::validate() const
{
    if (port < 0 || port > 65535)
        return QObject::tr("The port must be between 0 and 65535.");
    if (QHostAddress(bindAddress).isNull())
        return QObject::tr("\"%1\" is not an IP address to bind to.").arg(bindAddress);
    if (threads < 0 || threads > 1024)
        return QObject::tr("Threads must be between 0 (one per core) and 1024.");
    if (logRingRecords < kMinLogRing || logRingRecords > kMaxLogRing)
        return QObject::tr("The log ring must hold between %L1 and %L2 records.")
            .arg(kMinLogRing)
            .arg(kMaxLogRing);
    if (logFileMaxMB < 0 || logFileMaxMB > kMaxLogFileMB)
        return QObject::tr("The log file size must be between 0 (no file) and %L1 MB.")
            .arg(kMaxLogFileMB);
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
    base.logCapacity = logRingRecords;
    base.logToFile = logFileMaxMB > 0;
    if (logFileMaxMB > 0)
        base.logFileMaxBytes = qint64(logFileMaxMB) * 1024 * 1024;
    return base;
}

} // namespace bb::shell
