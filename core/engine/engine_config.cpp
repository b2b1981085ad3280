#include "engine/engine_config.h"

#include <QDir>

namespace bb::engine {

QString EngineConfig::effectiveDbUrl() const
{
    if (!dbUrl.isEmpty())
        return dbUrl;
    return QStringLiteral("sqlite:") + QDir(dataDir).filePath(QStringLiteral("backbench.db"));
}

} // namespace bb::engine
