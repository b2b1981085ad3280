// bb::engine — what an engine is started with; filled from `backbench serve` flags or the Server
// panel.
#pragma once

#include "http/server.h"

#include <QString>

namespace bb::engine {

struct EngineConfig {
    QString bindAddress = QStringLiteral("127.0.0.1");
    quint16 port = 8080; ///< 0 picks a free port
    QString dataDir;     ///< holds the SQLite file, logs and keys; created when missing
    QString dbUrl;       ///< empty = sqlite:<dataDir>/backbench.db; or postgres://…
    int threads = 0;     ///< 0 = one per core
    bool demo = false;   ///< seed the demo tables when they are empty
    QString tlsCertFile;
    QString tlsKeyFile;
    bool logToFile =
        false; ///< also write <dataDir>/logs/engine.jsonl; opt-in, it costs ~15 % of a tiny request
    qint64 logFileMaxBytes = 50ll * 1024 * 1024; ///< rotate to engine.jsonl.1 past this size
    int logFileKeep = 5; ///< rotated files kept: engine.jsonl.1 .. engine.jsonl.N
    /// Unsent bytes a /api/admin/logs/stream client may fall behind by before it is dropped.
    qint64 logStreamMaxQueuedBytes = 8ll * 1024 * 1024;
    http::Limits limits;
    bool responseCache = true; ///< serve repeated resource GETs from memory until the table changes
    double rateLimitPerSecond = 0; ///< per client IP; 0 = off (a local workbench is load-tested)
    double rateLimitBurst = 0;     ///< 0 = twice the rate
    QString corsOrigin = QStringLiteral("*"); ///< Access-Control-Allow-Origin; empty = no CORS
    // Identity (docs/engine-api.md "Identity").
    bool localAdmin = false;        ///< the GUI's own admin: no password, tokens minted in-process
    bool generateFirstAdmin = true; ///< with no admin and no BACKBENCH_ADMIN_*: make
                                    ///< admin@localhost, password printed once
    bool allowRegister = false;     ///< POST /api/v1/auth/register
    int lockoutAttempts = 5;        ///< failed logins in a row before a lock
    int lockoutMinutes = 15;        ///< how long a lock lasts
    int accessTokenSeconds = 900;   ///< access token lifetime
    int refreshTokenDays = 30;      ///< session lifetime
    /// Argon2id cost for new hashes; raising it rehashes each password at its next login.
    quint64 passwordMemoryBytes = 19ull * 1024 * 1024;
    quint64 passwordIterations = 2;
    double authRatePerSecond = 10; ///< /api/v1/auth/* per client IP; 0 = off
    double authRateBurst = 20;
    int traceCapacity = 10'000; ///< traces kept in memory
    int logCapacity = 100'000;  ///< log records kept in memory (the ring; `--log-ring`)

    /// The database URL actually used.
    QString effectiveDbUrl() const;
};

} // namespace bb::engine
