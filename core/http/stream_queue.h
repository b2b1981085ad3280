// bb::http — the queue between a stream's producer threads and its connection: framed bytes
// waiting to be written, with the bound that drops a slow client. Internal to core/http.
#pragma once

#include "http/response_stream.h"

#include <mutex>

namespace bb::http {

class StreamQueue final : public StreamSink {
public:
    /// `wake` is called (from any thread, without the queue's lock) when bytes or the end
    /// arrive while the connection is not writing; it must post to the connection's strand.
    StreamQueue(bool chunked, std::size_t maxQueuedBytes, std::function<void()> wake);

    bool send(std::string data) override;
    void finish() override;
    bool isOpen() const override;
    std::size_t queuedBytes() const override;

    // The connection's side, on its strand.
    /// Moves the queued bytes into `out` (empty when none) and marks them in flight; the last
    /// call after finish() also returns the chunked terminator. `finished` is set when the
    /// producer's end is in `out`.
    void take(std::string &out, bool &finished);
    /// The bytes handed out by take() are written; true when nothing is queued now.
    bool written();
    /// Sends the heartbeat unless the stream ended; the bound does not apply.
    void queueHeartbeat(const std::string &bytes);
    /// Why it ended, once it did: overflow is decided here, everything else by the connection.
    bool overflowed() const;
    /// The connection is closing: refuse everything from now on.
    void close();

private:
    void frame(std::string &out, const std::string &data) const;
    bool wakeIfIdleLocked();

    mutable std::mutex m_mutex;
    const bool m_chunked;
    const std::size_t m_maxQueued;
    std::function<void()> m_wake;
    std::string m_pending;
    std::size_t m_inFlight = 0;
    bool m_writing = false; ///< bytes are out with the connection, or a wake is on its way
    bool m_finishRequested = false;
    bool m_finishTaken = false;
    bool m_overflow = false;
    bool m_closed = false;
};

} // namespace bb::http
