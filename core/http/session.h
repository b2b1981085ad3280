// bb::http — one connection: read, parse, run the handler, write, in a sequential async
// chain on the connection's strand. Templated on the stream so TLS shares the logic.
// Internal to core/http.
#pragma once

#include "common/clock.h"
#include "http/request_reader.h"
#include "http/response_writer.h"
#include "http/server_context.h"
#include "http/stream_queue.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace bb::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

template<class T> struct IsTlsStream : std::false_type {};
template<class S> struct IsTlsStream<asio::ssl::stream<S>> : std::true_type {};

template<class Stream>
class Session final : public SessionControl, public std::enable_shared_from_this<Session<Stream>> {
public:
    Session(ServerContext &ctx, Stream stream, std::string remote)
        : m_ctx(ctx)
        , m_stream(std::move(stream))
        , m_timer(m_stream.get_executor())
        , m_reader(ctx.limits)
        , m_remote(std::move(remote))
    {
        m_ctx.openConnections.fetch_add(1, std::memory_order_relaxed);
        m_out.reserve(4096);
    }

    ~Session() override
    {
        // Destroyed with its io_context, before its stream could end: still tell the producer.
        notifyStreamEnd(StreamEnd::ServerStopped);
        m_ctx.openConnections.fetch_sub(1, std::memory_order_relaxed);
        m_ctx.unregisterSession(m_id);
    }

    /// Begins the chain; `id` is the registry key the destructor removes.
    void start(std::uint64_t id)
    {
        m_id = id;
        asio::post(m_stream.get_executor(), [self = this->shared_from_this()] { self->begin(); });
    }

    void stopGracefully() override
    {
        asio::post(m_stream.get_executor(), [self = this->shared_from_this()] {
            if (self->m_closed)
                return;
            if (self->m_phase == Phase::Streaming)
                return self->stopStream();
            const bool idle = self->m_phase == Phase::Reading && !self->m_reader.hasPartial();
            if (idle || self->m_phase == Phase::Handshake)
                self->closeNow();
        });
    }

    void forceClose() override
    {
        asio::post(m_stream.get_executor(),
                   [self = this->shared_from_this()] { self->closeNow(); });
    }

private:
    enum class Phase { Handshake, Reading, Processing, Writing, Streaming, Lingering, Closed };
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kReadSize = 16 * 1024;
    // Bodies up to this size are copied next to their head; larger ones are gathered by
    // reference so a big response is never copied.
    static constexpr std::size_t kInlineBody = 16 * 1024;
    static constexpr std::chrono::milliseconds kLinger{1000};
    static constexpr std::size_t kMaxDrain = 1024 * 1024;

    struct Piece {
        std::size_t outOffset; ///< m_out bytes before this offset precede the body
        std::size_t body;      ///< index into m_bodies
    };

    static Clock::time_point toTimePoint(std::int64_t ns)
    {
        return Clock::time_point(
            std::chrono::duration_cast<Clock::duration>(std::chrono::nanoseconds(ns)));
    }

    void begin()
    {
        m_nowNs = monotonicNs();
        if (m_ctx.stopping.load(std::memory_order_relaxed))
            return closeNow();
        if constexpr (IsTlsStream<Stream>::value) {
            m_phase = Phase::Handshake;
            setDeadline(toTimePoint(m_nowNs) + m_ctx.limits.headerTimeout);
            m_stream.async_handshake(asio::ssl::stream_base::server,
                                     [self = this->shared_from_this()](error_code ec) {
                                         if (ec || self->m_closed)
                                             return self->closeNow();
                                         self->doRead();
                                     });
        } else {
            doRead();
        }
    }

    void doRead()
    {
        if (m_closed)
            return;
        if (m_ctx.stopping.load(std::memory_order_relaxed) && !m_reader.hasPartial())
            return closeNow();
        m_phase = Phase::Reading;
        if (m_reader.hasPartial() && !m_reader.inBody())
            setDeadline(toTimePoint(m_reader.partialSinceNs()) + m_ctx.limits.headerTimeout);
        else
            setDeadline(toTimePoint(m_nowNs) + m_ctx.limits.idleTimeout);
        auto space = m_reader.prepare(kReadSize);
        m_stream.async_read_some(asio::buffer(space.data(), space.size()),
                                 [self = this->shared_from_this()](error_code ec, std::size_t n) {
                                     self->onRead(ec, n);
                                 });
    }

    void onRead(error_code ec, std::size_t n)
    {
        if (m_closed)
            return;
        m_nowNs = monotonicNs();
        if (m_timedOut) {
            // The header timer cancelled this read: answer 408 instead of reading on.
            reject(408, "request head not received in time");
            m_closeAfterWrite = true;
            return startWrite();
        }
        if (ec) {
            if (ec != asio::error::eof && ec != asio::ssl::error::stream_truncated)
                return closeNow();
            m_peerEof = true;
            m_reader.finish();
        } else {
            m_reader.commit(n, m_nowNs);
        }
        processBuffered();
    }

    // Answers every complete request already buffered, up to the pipeline depth, then
    // writes all the answers with one gathered write.
    void processBuffered()
    {
        m_phase = Phase::Processing;
        const int depth = m_ctx.limits.pipelineDepth > 0 ? m_ctx.limits.pipelineDepth : 1;
        bool close = false;
        for (int handled = 0; handled < depth;) {
            // Every request completed by this read was fully received at the read's time.
            const auto status = m_reader.next(m_nowNs);
            if (status == RequestReader::Status::Ready) {
                ++handled;
                close = handle(m_reader.request());
                if (close)
                    break;
                continue;
            }
            if (status == RequestReader::Status::Error) {
                reject(m_reader.errorStatus(), m_reader.errorReason());
                close = true;
                break;
            }
            if (m_peerEof) {
                close = true; // nothing partial is left, or next() would have said Error
            } else if (m_reader.wantsContinue()) {
                m_out += kContinueResponse;
                m_reader.markContinueSent();
            }
            break;
        }
        m_closeAfterWrite = close;
        if (!m_out.empty())
            return startWrite();
        if (close)
            return finishAndClose();
        doRead();
    }

    bool handle(Request &req)
    {
        m_ctx.requests.fetch_add(1, std::memory_order_relaxed);
        req.remoteAddress = m_remote;
        Response response;
        try {
            response = m_ctx.handler(req);
        } catch (...) {
            // The exception stays on this thread; the client gets a 500 and keeps its
            // connection, as a failing route must not cost the others anything.
            response = problemResponse(500, "the request handler failed", false);
        }
        const bool close = response.close || !req.keepAlive ||
                           m_ctx.stopping.load(std::memory_order_relaxed) ||
                           iequals(response.headers.get("Connection"), "close");
        WriteOptions options;
        options.headRequest = req.method == "HEAD";
        options.close = close;
        options.keepAliveHeader = !close && req.versionMinor == 0;
        if (response.stream) {
            // A streamed body runs until the connection closes; requests pipelined behind it
            // are not answered.
            options.close = true;
            options.keepAliveHeader = false;
            options.streamed = true;
            options.chunked = req.versionMinor >= 1;
            m_streamChunked = options.chunked;
            m_streamSpec = std::move(response.stream);
            if (options.headRequest)
                notifyStreamEnd(StreamEnd::Finished); // the head is all a HEAD gets
            append(response, options);
            return true;
        }
        append(response, options);
        return close;
    }

    void reject(int status, std::string_view reason)
    {
        m_ctx.rejectedRequests.fetch_add(1, std::memory_order_relaxed);
        if (m_ctx.rejectObserver) {
            try {
                m_ctx.rejectObserver(status, reason, m_remote);
            } catch (...) {
                // An observer is told not to throw; if it does, the answer still goes out.
            }
        }
        Response response = problemResponse(status, reason, true);
        WriteOptions options;
        options.close = true;
        append(response, options);
    }

    void append(Response &response, const WriteOptions &options)
    {
        if (appendHead(m_out, response, options)) {
            if (response.body.size() <= kInlineBody) {
                m_out += response.body;
            } else {
                m_pieces.push_back({m_out.size(), m_bodies.size()});
                m_bodies.push_back(std::move(response.body));
            }
        }
        if (response.onWritten)
            m_written.push_back(std::move(response.onWritten));
    }

    void startWrite()
    {
        m_phase = Phase::Writing;
        // A peer that stops reading must not hold the session forever.
        setDeadline(toTimePoint(m_nowNs) + m_ctx.limits.idleTimeout);
        m_buffers.clear();
        std::size_t offset = 0;
        for (const Piece &p : m_pieces) {
            if (p.outOffset > offset)
                m_buffers.emplace_back(m_out.data() + offset, p.outOffset - offset);
            m_buffers.emplace_back(m_bodies[p.body].data(), m_bodies[p.body].size());
            offset = p.outOffset;
        }
        if (m_out.size() > offset)
            m_buffers.emplace_back(m_out.data() + offset, m_out.size() - offset);
        // A fresh clock read is only needed to time onWritten callbacks.
        m_writeStartNs = m_written.empty() ? m_nowNs : monotonicNs();
        asio::async_write(
            m_stream, m_buffers,
            [self = this->shared_from_this()](error_code ec, std::size_t) { self->onWrite(ec); });
    }

    void onWrite(error_code ec)
    {
        m_nowNs = monotonicNs();
        const std::int64_t writeNs = m_nowNs - m_writeStartNs;
        for (auto &callback : m_written) {
            try {
                callback(writeNs, !ec);
            } catch (...) {
                // Telemetry must not break the connection.
            }
        }
        m_written.clear();
        m_out.clear();
        m_bodies.clear();
        m_pieces.clear();
        if (m_closed)
            return;
        if (ec)
            return closeNow();
        if (m_streamSpec && !m_streamEnded)
            return openStream();
        if (m_closeAfterWrite)
            return finishAndClose();
        processBuffered();
    }

    // --- Streamed bodies (http/response_stream.h) ---------------------------------------------
    // The producer queues framed bytes in m_queue from any thread; this side takes them in one
    // piece per write. A read stays open to notice the peer leaving; the timer finds a stalled
    // write (idle timeout) or, when idle, sends the heartbeat.

    void openStream()
    {
        m_phase = Phase::Streaming;
        if (m_ctx.stopping.load(std::memory_order_relaxed))
            return endStream(StreamEnd::ServerStopped);
        std::weak_ptr<Session> weak = this->shared_from_this();
        auto executor = m_stream.get_executor();
        m_queue = std::make_shared<StreamQueue>(m_streamChunked, m_streamSpec->maxQueuedBytes,
                                                [weak, executor] {
                                                    asio::post(executor, [weak] {
                                                        if (auto self = weak.lock())
                                                            self->flushStream();
                                                    });
                                                });
        m_drained = 0;
        readWhileStreaming();
        if (m_streamSpec->onOpen) {
            try {
                m_streamSpec->onOpen(m_queue);
            } catch (...) {
                return endStream(StreamEnd::Finished);
            }
        }
        flushStream();
    }

    // Stays open for the stream's life and, once it ended gracefully, drains until the peer
    // closes (the linger of finishAndClose, which cannot start a second read).
    void readWhileStreaming()
    {
        auto space = m_reader.prepare(kReadSize);
        m_stream.async_read_some(asio::buffer(space.data(), space.size()),
                                 [self = this->shared_from_this()](error_code ec, std::size_t n) {
                                     if (self->m_closed)
                                         return;
                                     self->m_drained += n;
                                     // What a client sends on a stream is not read; a client
                                     // that keeps sending is cut off like a lingering one.
                                     if (ec || self->m_drained > kMaxDrain) {
                                         if (self->m_streamEnded)
                                             return self->closeNow();
                                         return self->endStream(StreamEnd::PeerClosed);
                                     }
                                     self->readWhileStreaming();
                                 });
    }

    void lingerAfterStream()
    {
        if constexpr (IsTlsStream<Stream>::value) {
            // A TLS shutdown cannot run beside the read that is still open.
            closeNow();
        } else {
            m_phase = Phase::Lingering;
            m_nowNs = monotonicNs();
            setDeadline(toTimePoint(m_nowNs) + kLinger);
            error_code ignored;
            m_stream.shutdown(tcp::socket::shutdown_send, ignored);
        }
    }

    void flushStream()
    {
        if (m_closed || m_phase != Phase::Streaming || m_streamEnded)
            return;
        // Checked before the write guard: a client that stopped reading has a write stuck in
        // flight, and the overflow must not wait for it.
        if (m_queue->overflowed())
            return endStream(StreamEnd::Overflow);
        if (m_streamWriting)
            return;
        bool finished = false;
        m_queue->take(m_streamOut, finished);
        m_nowNs = monotonicNs();
        if (m_streamOut.empty()) {
            if (finished)
                return endStream(m_stopRequested ? StreamEnd::ServerStopped : StreamEnd::Finished);
            const auto beat = m_streamSpec->heartbeatInterval.count() > 0
                                  ? m_streamSpec->heartbeatInterval
                                  : std::chrono::milliseconds(std::chrono::hours(1));
            setDeadline(toTimePoint(m_nowNs) + beat);
            return;
        }
        m_streamWriting = true;
        m_streamFinishing = finished;
        setDeadline(toTimePoint(m_nowNs) + m_ctx.limits.idleTimeout);
        asio::async_write(m_stream, asio::buffer(m_streamOut),
                          [self = this->shared_from_this()](error_code ec, std::size_t) {
                              self->onStreamWritten(ec);
                          });
    }

    void onStreamWritten(error_code ec)
    {
        m_streamWriting = false;
        if (m_closed)
            return;
        if (ec)
            return endStream(StreamEnd::PeerClosed);
        const bool empty = m_queue->written();
        if (m_streamFinishing)
            return endStream(m_stopRequested ? StreamEnd::ServerStopped : StreamEnd::Finished);
        if (empty && m_streamSpec->onDrained) {
            try {
                m_streamSpec->onDrained();
            } catch (...) {
                return endStream(StreamEnd::Finished);
            }
        }
        flushStream();
    }

    void onStreamTimer()
    {
        if (m_streamWriting)
            return endStream(StreamEnd::WriteTimeout);
        m_queue->queueHeartbeat(m_streamSpec->heartbeat);
        m_nowNs = monotonicNs();
        setDeadline(toTimePoint(m_nowNs) + std::chrono::hours(1)); // flushStream sets the next
        flushStream();
    }

    // Graceful stop: a stream that is not in the middle of a write ends its body properly.
    void stopStream()
    {
        if (m_streamWriting || !m_queue)
            return endStream(StreamEnd::ServerStopped);
        m_stopRequested = true;
        m_queue->finish();
        flushStream();
    }

    void endStream(StreamEnd reason)
    {
        notifyStreamEnd(reason);
        if (!m_queue) // never opened: no read is outstanding
            return closeNow();
        if (reason == StreamEnd::Finished ||
            (reason == StreamEnd::ServerStopped && !m_streamWriting))
            return lingerAfterStream();
        closeNow();
    }

    void notifyStreamEnd(StreamEnd reason)
    {
        if (!m_streamSpec || m_streamEnded)
            return;
        m_streamEnded = true;
        if (m_queue)
            m_queue->close();
        if (m_streamSpec->onClosed) {
            try {
                m_streamSpec->onClosed(reason);
            } catch (...) {
                // The producer's bookkeeping must not break the connection's teardown.
            }
        }
    }

    // Half-close and drain before closing: closing with unread input makes the kernel send
    // a reset, which can destroy the response the client has not read yet.
    void finishAndClose()
    {
        if (m_closed)
            return;
        m_phase = Phase::Lingering;
        m_nowNs = monotonicNs();
        setDeadline(toTimePoint(m_nowNs) + kLinger);
        if constexpr (IsTlsStream<Stream>::value) {
            m_stream.async_shutdown(
                [self = this->shared_from_this()](error_code) { self->closeNow(); });
        } else {
            error_code ignored;
            m_stream.shutdown(tcp::socket::shutdown_send, ignored);
            drain();
        }
    }

    void drain()
    {
        auto space = m_reader.prepare(kReadSize);
        m_stream.async_read_some(asio::buffer(space.data(), space.size()),
                                 [self = this->shared_from_this()](error_code ec, std::size_t n) {
                                     self->m_drained += n;
                                     if (ec || self->m_closed || self->m_drained > kMaxDrain)
                                         return self->closeNow();
                                     self->drain();
                                 });
    }

    void closeNow()
    {
        if (m_closed)
            return;
        notifyStreamEnd(m_ctx.stopping.load(std::memory_order_relaxed) ? StreamEnd::ServerStopped
                                                                       : StreamEnd::PeerClosed);
        m_closed = true;
        m_phase = Phase::Closed;
        m_timer.cancel();
        error_code ignored;
        m_stream.lowest_layer().close(ignored);
    }

    // One timer per session, re-armed only when a deadline moves earlier: most reads just
    // store a later deadline, and the timer re-arms itself when it fires too soon.
    void setDeadline(Clock::time_point when)
    {
        m_deadline = when;
        if (m_timerArmed && m_timerAt <= when)
            return;
        m_timerArmed = true;
        m_timerAt = when;
        m_timer.expires_at(when);
        m_timer.async_wait([self = this->shared_from_this(), gen = ++m_timerGen](error_code ec) {
            self->onTimer(ec, gen);
        });
    }

    void onTimer(error_code ec, std::uint64_t gen)
    {
        if (gen != m_timerGen || m_closed)
            return;
        m_timerArmed = false;
        if (ec)
            return;
        if (Clock::now() < m_deadline)
            return setDeadline(m_deadline);
        if (m_phase == Phase::Streaming)
            return onStreamTimer();
        if (m_phase == Phase::Reading && m_reader.hasPartial()) {
            m_timedOut = true;
            error_code ignored;
            m_stream.lowest_layer().cancel(ignored);
            return;
        }
        closeNow(); // idle keep-alive, stalled handshake, write or linger
    }

    ServerContext &m_ctx;
    Stream m_stream;
    asio::steady_timer m_timer;
    RequestReader m_reader;
    std::string m_remote;
    std::uint64_t m_id = 0;
    Phase m_phase = Phase::Reading;

    std::string m_out;
    std::vector<std::string> m_bodies;
    std::vector<Piece> m_pieces;
    std::vector<asio::const_buffer> m_buffers;
    std::vector<std::function<void(std::int64_t, bool)>> m_written;
    std::int64_t m_writeStartNs = 0;
    std::int64_t m_nowNs = 0; ///< monotonic time of the latest I/O completion

    Clock::time_point m_deadline{};
    Clock::time_point m_timerAt{};
    std::uint64_t m_timerGen = 0;
    std::size_t m_drained = 0;
    bool m_timerArmed = false;
    bool m_timedOut = false;
    bool m_peerEof = false;
    bool m_closeAfterWrite = false;
    bool m_closed = false;

    std::shared_ptr<ResponseStream> m_streamSpec; ///< set once a handler streams its body
    std::shared_ptr<StreamQueue> m_queue;
    std::string m_streamOut; ///< the bytes of the write in flight
    bool m_streamChunked = false;
    bool m_streamWriting = false;
    bool m_streamFinishing = false; ///< the write in flight ends the body
    bool m_streamEnded = false;
    bool m_stopRequested = false;
};

} // namespace bb::http
