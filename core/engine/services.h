// bb::engine — what the pipeline stages and handlers share inside one running engine.
#pragma once

#include "engine/engine_config.h"
#include "engine/rate_limiter.h"
#include "engine/response_cache.h"
#include "store/database.h"
#include "store/repository.h"
#include "telemetry/latency_window.h"
#include "telemetry/log_ring.h"
#include "telemetry/metrics.h"
#include "telemetry/trace.h"

#include <atomic>
#include <memory>

namespace bb::http {
class Server;
}

namespace bb::engine {

namespace auth {
class IdentityService;
}

/// The metric families the engine updates on its hot path.
struct EngineMetrics {
    explicit EngineMetrics(telemetry::MetricsRegistry &registry);
    telemetry::Family<telemetry::Counter> &requests;
    telemetry::Family<telemetry::Histogram> &duration;
    telemetry::Family<telemetry::Histogram> &dbQuery;
    telemetry::Counter &cacheHits;
    telemetry::Counter &cacheMisses;
    telemetry::Family<telemetry::Counter> &authLogins;
    telemetry::Counter &rejected;
    telemetry::Gauge &inFlight;
    telemetry::Gauge &logStreamClients;
    telemetry::Counter &logStreamDropped;
};

struct Services {
    explicit Services(EngineConfig cfg);
    ~Services();

    EngineConfig config;
    std::shared_ptr<store::Database> db;
    std::unique_ptr<store::Repository> repo;
    telemetry::LogRing logs;
    telemetry::TraceRing traces;
    telemetry::MetricsRegistry registry;
    EngineMetrics metrics;
    telemetry::LatencyWindow latency;
    ResponseCache cache;
    RateLimiter limiter;
    RateLimiter authLimiter; ///< /api/v1/auth/* per client IP
    std::unique_ptr<auth::IdentityService> identity;
    http::Server *server = nullptr;

    std::atomic<std::int64_t> requestsTotal{0};
    std::atomic<std::int64_t> serverErrors{0};
    std::atomic<std::int64_t> clientErrors{0};
    std::int64_t startedNs = 0;

    /// The current schema snapshot.
    std::shared_ptr<const store::Schema> schema() const { return db->schema(); }
};

} // namespace bb::engine
