// bb::shell — the embedded engine's user settings, shared by the app (first start) and the Server
// panel.
#pragma once

#include "engine/engine_config.h"

#include <QString>

namespace bb::shell {

/// What a user may change about the embedded engine. Stored in the application settings under
/// "engine/"; read at start-up by the app and edited by the Server panel.
struct EngineSettings {
    static constexpr int kDefaultPort = 8090;

    QString bindAddress = QStringLiteral("127.0.0.1");
    int port = kDefaultPort;      ///< 0 = any free port
    QString dataDir;              ///< empty = defaultDataDir()
    QString dbUrl;                ///< empty = SQLite in the data folder
    int threads = 0;              ///< 0 = one per core
    int logRingRecords = 100'000; ///< log records kept in memory (EngineConfig::logCapacity)
    int logFileMaxMB = 0; ///< 0 = no log file; else write <data>/logs/engine.jsonl, rotated here

    bool operator==(const EngineSettings &) const = default;

    /// QStandardPaths::AppDataLocation + "/engine".
    static QString defaultDataDir();
    static EngineSettings load();
    void save() const;

    /// An empty string when valid, else one sentence naming the bad field.
    QString validate() const;
    static constexpr int kMinLogRing = 1'000;
    static constexpr int kMaxLogRing = 10'000'000;
    static constexpr int kMaxLogFileMB = 10'240;

    /// `base` with these settings applied (demo data, TLS and limits are kept from `base`).
    engine::EngineConfig applyTo(engine::EngineConfig base) const;
    QString effectiveDataDir() const { return dataDir.isEmpty() ? defaultDataDir() : dataDir; }
};

} // namespace bb::shell
