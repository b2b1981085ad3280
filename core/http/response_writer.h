// bb::http — serialises responses by hand (status line, headers, framing) into a reusable
// buffer, and builds the problem+json answers the server sends on its own.
#pragma once

#include "http/message.h"

#include <string>
#include <string_view>

namespace bb::http {

/// How a response is framed on the wire.
struct WriteOptions {
    bool headRequest = false;     ///< HEAD: Content-Length of the body, but no body
    bool close = false;           ///< add `Connection: close`
    bool keepAliveHeader = false; ///< HTTP/1.0 client kept alive: add `Connection: keep-alive`
    bool streamed = false;        ///< Response::stream: no Content-Length, the body follows later
    bool chunked = false;         ///< streamed to an HTTP/1.1 client: `Transfer-Encoding: chunked`
};

/// Appends the status line and header block of `response` to `out`. The server adds Date,
/// Content-Length (except 1xx/204/304) and Connection; fields the handler set under those
/// names, Transfer-Encoding, and fields that could split the head are dropped.
/// Returns true when the body must follow the head (never for a streamed response).
bool appendHead(std::string &out, const Response &response, const WriteOptions &options);

/// The status the server actually sends for `status` (out-of-range codes become 500).
int effectiveStatus(int status);

/// The IMF-fixdate for now, refreshed at most once per second per thread.
std::string_view httpDate();

/// An RFC 9457 body: {"type":"about:blank","title":…,"status":…,"detail":…}.
std::string problemBody(int status, std::string_view detail);

/// A complete problem+json response that closes the connection when `close` is set.
Response problemResponse(int status, std::string_view detail, bool close);

/// The interim response sent before reading a body announced with Expect: 100-continue.
inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

} // namespace bb::http
