#include "loadtest/target_p.h"

#include <arpa/inet.h>

#include <cctype>

namespace bb::loadtest {

std::variant<Target, std::string> parseTarget(std::string_view url)
{
    Target t;
    std::size_t at = 0;
    if (url.starts_with("http://")) {
        at = 7;
    } else if (url.starts_with("https://")) {
        t.tls = true;
        at = 8;
    } else {
        return "\"" + std::string(url) + "\" at 1: expected http:// or https://";
    }
    const std::size_t end = url.find_first_of("/?#", at);
    const std::string_view authority =
        url.substr(at, end == std::string_view::npos ? url.npos : end - at);
    if (authority.find('@') != std::string_view::npos)
        return "\"" + std::string(url) + "\" at " + std::to_string(at + 1) +
               ": user:password@ in the URL is not supported; send an Authorization header";
    std::string_view host = authority, port;
    if (authority.starts_with("[")) {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos)
            return "\"" + std::string(url) + "\" at " + std::to_string(at + 1) +
                   ": unclosed '[' in an IPv6 address";
        host = authority.substr(1, close - 1);
        if (close + 1 < authority.size()) {
            if (authority[close + 1] != ':')
                return "\"" + std::string(url) + "\" at " + std::to_string(at + close + 2) +
                       ": expected ':' and a port";
            port = authority.substr(close + 2);
        }
    } else if (const std::size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host.empty())
        return "\"" + std::string(url) + "\" at " + std::to_string(at + 1) + ": expected a host";
    for (std::size_t i = 0; i < port.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(port[i])))
            return "\"" + std::string(url) + "\" at " +
                   std::to_string(at + std::size_t(port.data() - authority.data()) + i + 1) +
                   ": a port is a number";
    }
    if (!port.empty() && (port.size() > 5 || std::stoi(std::string(port)) > 65535 ||
                          std::stoi(std::string(port)) == 0))
        return "\"" + std::string(url) + "\": port " + std::string(port) + " is out of range";
    t.host = std::string(host);
    const std::string defaultPort = t.tls ? "443" : "80";
    t.port = port.empty() ? defaultPort : std::string(port);
    t.hostHeader = std::string(
        authority.starts_with("[") ? authority.substr(0, authority.find(']') + 1) : host);
    if (t.port != defaultPort)
        t.hostHeader += ":" + t.port;
    std::string path =
        end == std::string_view::npos ? std::string("/") : std::string(url.substr(end));
    if (const std::size_t hash = path.find('#'); hash != std::string::npos)
        path.erase(hash); // a fragment never goes on the wire
    if (path.empty() || path.front() == '?')
        path.insert(0, "/");
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto c = static_cast<unsigned char>(path[i]);
        if (c <= 0x20 || c == 0x7f)
            return "\"" + std::string(url) + "\" at " + std::to_string(end + i + 1) +
                   ": spaces and control characters must be percent-encoded";
    }
    t.path = std::move(path);
    return t;
}

bool isIpLiteral(const std::string &host)
{
    unsigned char buf[16];
    return inet_pton(AF_INET, host.c_str(), buf) == 1 ||
           inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

} // namespace bb::loadtest
