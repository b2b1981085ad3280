// bb::loadtest (internal) — the origin and path of a request URL, split once so workers connect
// to one host:port and write only the request target.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace bb::loadtest {

struct Target {
    bool tls = false;
    std::string host;       ///< without brackets for IPv6
    std::string port;       ///< "80"/"443" when the URL has none
    std::string hostHeader; ///< as sent in Host: (port only when not the default)
    std::string path;       ///< path and query, "/" when empty; may hold {{vars}}

    std::string origin() const { return (tls ? "https://" : "http://") + hostHeader; }
};

/// "http://host[:port][/path?query]" or https. Errors name the position (1-based).
std::variant<Target, std::string> parseTarget(std::string_view url);

/// Whether `host` is an IP literal (no SNI is sent for those).
bool isIpLiteral(const std::string &host);

} // namespace bb::loadtest
