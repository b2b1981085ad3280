// bb::engine — the embedded backend: opens the store, runs migrations and the HTTP server, and
// exposes its telemetry to whoever hosts it (`backbench serve` or the GUI's controller).
#pragma once

#include "common/result.h"
#include "engine/engine_config.h"

#include <QString>

#include <cstdint>
#include <memory>
#include <vector>

namespace bb::telemetry {
class LogRing;
class TraceRing;
class MetricsRegistry;
} // namespace bb::telemetry

namespace bb::engine {

/// One entry of the route table, as the Server panel and the OpenAPI document list it.
struct RouteInfo {
    QString method;   ///< "GET"
    QString pattern;  ///< "/api/v1/posts/{id}"
    QString summary;  ///< one line for people
    QString resource; ///< the table for resource routes; empty otherwise
};

/// One finished request, for the live "recent requests" list.
struct RecentRequest {
    std::uint64_t seq = 0; ///< the access-log sequence: increasing, with gaps for other log lines
    std::int64_t tsUs = 0; ///< wall clock, µs since the epoch
    QString method;
    QString path;
    int status = 0;
    double durationMs = 0;
    QString traceId;
    QString userId; ///< who the engine authenticated; empty for an anonymous caller
};

/// A consistent-enough snapshot of the live counters.
struct EngineStats {
    std::int64_t uptimeMs = 0;
    std::int64_t requestsTotal = 0;
    std::int64_t serverErrorsTotal = 0; ///< 5xx
    std::int64_t clientErrorsTotal = 0; ///< 4xx
    std::int64_t inFlight = 0;
    std::int64_t openConnections = 0;
    double p50Ms = 0, p95Ms = 0, p99Ms = 0; ///< over the last 10 seconds
};

class Engine {
public:
    explicit Engine(EngineConfig config);
    ~Engine(); ///< stops if running
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    /// Opens the database, migrates, seeds the demo data if asked, starts serving.
    /// Returns the bound port.
    Result<quint16> start();
    /// Graceful: in-flight requests finish, new ones are refused.
    void stop();
    bool running() const;

    const EngineConfig &config() const;
    quint16 port() const;
    QString baseUrl() const;

    /// A fresh access token for the admin the GUI provisions (EngineConfig::localAdmin), or
    /// empty when the engine is stopped or was started without one. Thread-safe.
    QString issueLocalAdminToken() const;
    /// The password of a first admin generated on this start, for `backbench serve` to print
    /// once; empty when none was generated. Never logged or stored in clear.
    QString generatedAdminNotice() const;

    EngineStats stats() const;
    std::vector<RouteInfo> routes() const;
    /// Requests with seq > `afterSeq`, oldest first, at most `max` of the newest ones.
    std::vector<RecentRequest> recentRequests(std::uint64_t afterSeq, std::size_t max) const;

    telemetry::LogRing &logs();
    telemetry::TraceRing &traces();
    telemetry::MetricsRegistry &metrics();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace bb::engine
