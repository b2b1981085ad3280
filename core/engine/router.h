// bb::engine — the route table: patterns with {params}, matching to 404/405, and the list of
// routes the Server panel and the OpenAPI document show.
#pragma once

#include "engine/request_context.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bb::engine {

using RouteHandler = std::function<http::Response(RequestContext &)>;

/// Who may call a route; the authorize stage enforces it before the handler runs.
enum class Access {
    Public,        ///< anyone (health, metrics, login)
    Authenticated, ///< any valid token or API key (/auth/me)
    Resource,      ///< `{resource}:{action}` with the action from the method
    Admin,         ///< `admin:{area}`
};

struct Route {
    std::string method;  ///< upper-case
    std::string pattern; ///< "/api/v1/{resource}/{id}"
    std::string summary;
    std::string tag; ///< groups routes in the OpenAPI document
    RouteHandler handler;
    Access access = Access::Public;
    std::string adminArea;             ///< for Access::Admin, e.g. "users"
    std::vector<std::string> segments; ///< pattern split on '/'
    std::uint32_t paramMask = 0;       ///< bit i set when segment i is a {param}
};

/// The outcome of matching a request path.
struct RouteMatch {
    const Route *route = nullptr; ///< null when nothing matched
    bool pathMatched = false;     ///< some route has this path (→ 405, not 404)
    std::string allow;            ///< methods for that path, for the Allow header
    std::vector<std::pair<std::string, std::string>> params;
};

class Router {
public:
    void add(std::string method, std::string pattern, std::string summary, std::string tag,
             RouteHandler handler, Access access = Access::Public, std::string adminArea = {});
    /// Matches `path` (not decoded); literal segments win over parameters.
    RouteMatch match(std::string_view method, std::string_view path) const;
    const std::vector<Route> &routes() const { return m_routes; }

private:
    std::vector<Route> m_routes;
    /// Route indexes by segment count: a request only looks at routes of its own length.
    std::vector<std::vector<std::size_t>> m_bySize;
};

/// Decodes %XX escapes (and '+' as space when `plusIsSpace`); invalid escapes are kept verbatim.
std::string percentDecode(std::string_view s, bool plusIsSpace = false);

/// Splits a query string into decoded key/value pairs, in order.
std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query);

/// The value of the first parameter called `name` in a parsed query, or empty.
std::string queryParam(const std::vector<std::pair<std::string, std::string>> &query,
                       std::string_view name);

} // namespace bb::engine
