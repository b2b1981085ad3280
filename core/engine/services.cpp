#include "engine/services.h"

#include "engine/auth/identity_service.h"
#include "http/server.h"
#include "telemetry/process_stats.h"

namespace bb::engine {

EngineMetrics::EngineMetrics(telemetry::MetricsRegistry &r)
    : requests(r.counter("http_requests_total",
                         "HTTP requests answered, by method, route and status.",
                         {"method", "route", "status"}))
    , duration(r.histogram("http_request_duration_seconds",
                           "Time from the first byte to the response, by route.", {"route"},
                           telemetry::defaultLatencyBuckets()))
    , dbQuery(r.histogram(
          "db_query_duration_seconds", "Time spent in each SQL statement.", {},
          {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1}))
    , cacheHits(r.counter("cache_hits_total", "Response cache hits.").with({}))
    , cacheMisses(r.counter("cache_misses_total", "Response cache misses.").with({}))
    , authLogins(r.counter("auth_logins_total", "Login attempts, by result.", {"result"}))
    , rejected(
          r.counter("http_rejected_requests_total",
                    "Requests the server refused before routing (malformed, too large, too slow).")
              .with({}))
    , inFlight(r.gauge("http_requests_in_flight", "Requests being handled right now.").with({}))
    , logStreamClients(
          r.gauge("log_stream_clients", "Clients following /api/admin/logs/stream.").with({}))
    , logStreamDropped(r.counter("log_stream_dropped_total",
                                 "Log stream clients dropped for reading slower than the logs "
                                 "arrived.")
                           .with({}))
{}

Services::Services(EngineConfig cfg)
    : config(std::move(cfg))
    , logs(std::size_t(std::max(1, config.logCapacity)))
    , traces(std::size_t(std::max(1, config.traceCapacity)))
    , metrics(registry)
    , limiter(config.rateLimitPerSecond, config.rateLimitBurst)
    , authLimiter(config.authRatePerSecond, config.authRateBurst)
{
    registry.addCollector([this](std::string &out) {
        // Open connections are owned by the server and process figures by the kernel:
        // read them at scrape time.
        if (server) {
            out += "# HELP http_open_connections Client connections currently open.\n";
            out += "# TYPE http_open_connections gauge\n";
            out +=
                "http_open_connections " + std::to_string(server->stats().openConnections) + "\n";
        }
        telemetry::appendProcessMetrics(out);
    });
}

Services::~Services() = default;

} // namespace bb::engine
