// bb::http — streaming responses: a handler that sets Response::stream gets a sink through which
// it pushes the body from any thread, as the bytes are produced (server-sent events, tails).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace bb::http {

/// Why a streamed response ended.
enum class StreamEnd {
    Finished,     ///< the producer called StreamSink::finish()
    PeerClosed,   ///< the client went away
    Overflow,     ///< the client read slower than the producer wrote, past the queue bound
    WriteTimeout, ///< one write made no progress for the server's idle timeout
    ServerStopped,
};

const char *streamEndName(StreamEnd end);

/// The producer's handle on an open streamed response. Thread-safe; never blocks on the
/// network: bytes are queued and written on the connection's own thread.
class StreamSink {
public:
    virtual ~StreamSink() = default;
    /// Queues `data` as the next piece of the body. False once the stream has ended, or when the
    /// queue would pass its bound: the connection is then closed (StreamEnd::Overflow).
    virtual bool send(std::string data) = 0;
    /// Ends the body once the queue is written, then closes the connection.
    virtual void finish() = 0;
    virtual bool isOpen() const = 0;
    /// Bytes accepted by send() and not yet written to the socket.
    virtual std::size_t queuedBytes() const = 0;
};

/// Set on a Response to stream its body: the head goes out with no Content-Length and
/// `Transfer-Encoding: chunked` (HTTP/1.1) or a close-delimited body (HTTP/1.0); the connection
/// closes when the stream ends. Response::body is ignored. All callbacks run on the
/// connection's I/O thread and must not block.
struct ResponseStream {
    std::size_t maxQueuedBytes = 8 * 1024 * 1024;
    /// After this long with nothing written, `heartbeat` is sent (0 = never); it keeps
    /// intermediaries from timing the connection out and finds dead peers.
    std::chrono::milliseconds heartbeatInterval{0};
    std::string heartbeat;
    /// Once the head is written; keep the sink to push the body.
    std::function<void(std::shared_ptr<StreamSink>)> onOpen;
    /// Each time everything queued has been written (paces a producer with a backlog).
    std::function<void()> onDrained;
    /// Once, when the stream ends for whatever reason (also when it never opened).
    std::function<void(StreamEnd)> onClosed;
};

} // namespace bb::http
