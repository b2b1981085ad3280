// bb::engine — the request pipeline as named stages, each recording a span:
// parse → trace → access log → CORS → rate limit → route → authenticate → authorize →
// response cache → handler → serialize → write.
#pragma once

#include "engine/router.h"
#include "engine/services.h"

namespace bb::engine {

class Pipeline {
public:
    Pipeline(Services &services, const Router &router);

    /// Runs every stage for `request` and returns the response to write. Never throws.
    http::Response handle(http::Request &request);

private:
    std::optional<http::Response> cors(RequestContext &ctx);
    std::optional<http::Response> rateLimit(RequestContext &ctx);
    std::optional<http::Response> route(RequestContext &ctx, RouteMatch &match);
    std::optional<http::Response> authenticate(RequestContext &ctx);
    std::optional<http::Response> authorize(RequestContext &ctx, const RouteMatch &match);
    std::optional<http::Response> cacheLookup(RequestContext &ctx, const RouteMatch &match);
    http::Response runHandler(RequestContext &ctx, const RouteMatch &match);
    void serialize(RequestContext &ctx, http::Response &response);
    void finish(RequestContext &ctx, http::Response &response);
    /// The request counter and duration histogram for this route, method and status.
    std::pair<telemetry::Counter *, telemetry::Histogram *> series(const RequestContext &ctx,
                                                                   int status);

    Services &m_s;
    const Router &m_router;
    const std::uint64_t m_id; ///< unique per pipeline, for thread-local caches
};

} // namespace bb::engine
