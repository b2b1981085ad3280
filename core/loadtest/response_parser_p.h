// bb::loadtest (internal) — a minimal incremental HTTP/1.1 response parser: the status, then
// headers only as far as Content-Length, Transfer-Encoding: chunked and Connection, then the
// body skipped by length or chunk sizes. Headers and the body are kept only when a check asks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bb::loadtest {

class ResponseParser {
public:
    enum class Result { NeedMore, Complete, Error };

    /// Header names (lower case) whose values to keep, and whether to keep the body.
    void setCaptures(std::vector<std::string> headerNames, bool body);

    /// Starts a new response; `head`: the request was HEAD (no body whatever the headers say).
    void begin(bool head);

    /// Consumes bytes; stops right after a complete response (`used` tells how far).
    Result feed(const char *data, std::size_t len, std::size_t &used);
    /// The peer closed: completes a response delimited by the close, else an error.
    Result finishOnEof();

    /// True once any byte of the current response has been seen.
    bool started() const { return m_state != State::StatusLine || !m_line.empty(); }
    int status() const { return m_status; }
    bool keepAlive() const { return m_keepAlive; }
    const std::string &error() const { return m_error; }
    /// Value of captured header i ("" when absent), in setCaptures order.
    const std::string &header(std::size_t i) const { return m_headerValues[i]; }
    bool hasHeader(std::size_t i) const { return m_headerSeen[i]; }
    /// The body when captured (at most kBodyCap bytes).
    const std::string &body() const { return m_body; }

    static constexpr std::size_t kMaxLine = 64 * 1024;
    static constexpr std::size_t kBodyCap = 4 * 1024 * 1024;

private:
    enum class State {
        StatusLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        UntilClose
    };

    bool line(std::string_view l); ///< false on a parse error (m_error set)
    bool statusLine(std::string_view l);
    void headerLine(std::string_view name, std::string_view value);
    bool endOfHeaders();
    Result fail(std::string message);

    State m_state = State::StatusLine;
    std::string m_line; ///< a line split across reads
    int m_status = 0;
    bool m_head = false;
    bool m_http10 = false;
    bool m_keepAlive = true;
    bool m_chunked = false;
    bool m_hasLength = false;
    std::uint64_t m_remaining = 0;
    std::string m_error;

    std::vector<std::string> m_captureNames;
    std::vector<std::string> m_headerValues;
    std::vector<char> m_headerSeen;
    bool m_captureBody = false;
    std::string m_body;
};

} // namespace bb::loadtest
