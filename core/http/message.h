// bb::http — the request and response values that cross from the socket layer into the engine.
// They are plain structs with no Beast types, so handlers can be tested without sockets.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bb::http {

struct ResponseStream;

/// Header list preserving order; lookups are case-insensitive as HTTP requires.
class Headers {
public:
    using Field = std::pair<std::string, std::string>;

    void add(std::string name, std::string value)
    {
        m_fields.emplace_back(std::move(name), std::move(value));
    }
    /// Replaces every field named `name` with one field.
    void set(std::string_view name, std::string value);
    /// The first value of `name`, or an empty view.
    std::string_view get(std::string_view name) const;
    bool has(std::string_view name) const;
    void remove(std::string_view name);

    const std::vector<Field> &fields() const { return m_fields; }
    bool empty() const { return m_fields.empty(); }
    void clear() { m_fields.clear(); }
    void reserve(std::size_t n) { m_fields.reserve(n); }

private:
    std::vector<Field> m_fields;
};

/// Case-insensitive ASCII comparison.
bool iequals(std::string_view a, std::string_view b);

/// A parsed HTTP/1.1 request as the engine sees it.
struct Request {
    std::string method;             ///< upper-case, e.g. "GET"
    std::string target;             ///< the raw request-target, e.g. "/api/v1/posts?page=2"
    std::string_view path() const;  ///< target without the query, not decoded
    std::string_view query() const; ///< text after '?', empty if none
    int versionMajor = 1;
    int versionMinor = 1;
    Headers headers;
    std::string body;
    std::string remoteAddress; ///< peer IP as text
    bool keepAlive = true;
    std::int64_t receivedAtNs = 0; ///< monotonic time the first byte of this request was seen
    std::int64_t parsedAtNs = 0;   ///< monotonic time the request was fully read
};

/// A response the engine hands back to the socket layer.
struct Response {
    int status = 200;
    Headers headers; ///< Content-Length, Connection and Date are added by the server
    std::string body;
    bool close = false; ///< close the connection after writing
    /// Called on an I/O thread once the bytes have been written (or the write failed),
    /// with how long the write took; lets the engine close its "write" span.
    std::function<void(std::int64_t writeNs, bool ok)> onWritten;
    /// When set, the body is streamed through it instead of `body` (http/response_stream.h).
    std::shared_ptr<ResponseStream> stream;
};

/// The standard reason phrase for `status` ("OK", "Not Found", ...).
std::string_view reasonPhrase(int status);

/// What the server calls for each request, on one of its I/O threads, concurrently.
using Handler = std::function<Response(Request &)>;

} // namespace bb::http
