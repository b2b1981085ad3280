// bb::http — turns the bytes of one connection into Requests, or into the status the server
// must answer with; it owns the read buffer and knows nothing about sockets.
#pragma once

#include "http/header_scanner.h"
#include "http/message.h"
#include "http/server.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace bb::http {

/// Incremental, strict HTTP/1.1 request reader built on Beast's parser. Feed it with
/// prepare()/commit() (or append()), then call next() until it stops returning Ready.
/// Pipelined requests come out one per next() call, in order.
class RequestReader {
public:
    enum class Status {
        NeedMore, ///< no complete request is buffered; read more bytes
        Ready,    ///< request() holds a complete request
        Error,    ///< the connection must be answered with errorStatus() and closed
    };

    explicit RequestReader(const Limits &limits);
    ~RequestReader();
    RequestReader(const RequestReader &) = delete;
    RequestReader &operator=(const RequestReader &) = delete;

    /// Space for at least `n` more bytes at the end of the buffer.
    std::span<char> prepare(std::size_t n);
    /// Marks `n` bytes written into the last prepare() span as received at `nowNs`.
    void commit(std::size_t n, std::int64_t nowNs);
    /// Copies `bytes` in; for tests and the fuzzer.
    void append(std::string_view bytes, std::int64_t nowNs = 0);
    /// The peer will send nothing more: a partly received request becomes a 400.
    void finish();

    /// Parses the next request from what is buffered. `nowNs` stamps parsedAtNs.
    Status next(std::int64_t nowNs);
    /// The request completed by the last next() that returned Ready. The caller may move
    /// from it; it is cleared when the next request starts.
    Request &request() { return m_req; }

    int errorStatus() const { return m_errorStatus; }
    std::string_view errorReason() const { return m_errorReason; }

    /// Bytes of an unfinished request are buffered (or its head was already parsed).
    bool hasPartial() const;
    /// The current request's head is parsed and its body is still arriving.
    bool inBody() const;
    /// First-byte time of the request being received, for the header timeout.
    std::int64_t partialSinceNs() const { return m_startNs; }
    /// The client sent `Expect: 100-continue` and waits for an interim response before
    /// sending the body; true until markContinueSent().
    bool wantsContinue() const;
    void markContinueSent() { m_continueSent = true; }

    /// Bytes buffered and not yet consumed by a request.
    std::size_t buffered() const { return m_end - m_begin; }

private:
    class Parser;
    friend class Parser;

    Status fail(int status, std::string_view reason);
    void destroyParser();
    Status feedParser(std::int64_t nowNs);
    void skipEmptyLines();

    Limits m_limits;
    std::vector<char> m_buf;
    std::size_t m_begin = 0; ///< first unconsumed byte
    std::size_t m_end = 0;   ///< one past the last received byte
    HeaderScanner m_scanner;
    // Beast parsers are single-use; one is constructed in place per request so that a
    // request costs no heap allocation for the parser.
    static constexpr std::size_t kParserStorage = 256;
    alignas(std::max_align_t) unsigned char m_parserStorage[kParserStorage];
    Parser *m_parser = nullptr;
    Request m_req;
    std::int64_t m_startNs = 0;
    std::int64_t m_lastCommitNs = 0;
    int m_emptyLines = 0;
    bool m_headDone = false;
    bool m_expectContinue = false;
    bool m_continueSent = false;
    bool m_finished = false;
    int m_errorStatus = 0;
    std::string_view m_errorReason;
};

} // namespace bb::http
