// bb::loadtest (internal) — one keep-alive connection of a worker: connect (and TLS
// handshake), write pre-serialised requests (up to the pipelining depth), parse responses as
// they arrive, and report each outcome to its worker. Plain TCP writes and reads with direct
// non-blocking send and reads through Asio's reactor; TLS uses asio::ssl.
#pragma once

#include "loadtest/response_parser_p.h"
#include "loadtest/worker_stats_p.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bb::loadtest {

class Worker;

class Connection {
public:
    Connection(Worker &worker, int index);
    ~Connection();

    int index() const { return m_index; }
    void connect();
    /// Closes for good (ramp-down or the end of the run); in-flight requests are dropped.
    void shutdown();
    bool ready() const { return m_state == State::Ready; }
    bool disconnected() const { return m_state == State::Closed; }
    bool wanted() const { return m_wanted; }
    int inFlight() const { return m_count; }
    /// Ready, not writing and below the pipelining depth.
    bool canSend() const;
    /// Sends requests with global indices `first`, `first + step`, … (n of them), each due at
    /// the matching entry of `dueNs` (closed model: now).
    void send(std::uint64_t first, std::uint64_t step, int n, const std::int64_t *dueNs);
    /// Fails the connection when its oldest request or its connect attempt is older than the
    /// timeout; reconnects a closed connection whose back-off has passed.
    void tick(std::int64_t nowNs);
    /// Plain TCP: what the worker's epoll reported for this connection's socket.
    void onEvents(std::uint32_t events);
    /// Closed model: waits `ns`, then tells the worker the connection is free again.
    void think(std::int64_t ns);

    bool inFreeList = false;
    bool needsThink = false; ///< closed model: answered, the think time comes before the next send

private:
    enum class State { Closed, Connecting, Handshaking, Ready };
    struct InFlight {
        std::int64_t dueNs, sentNs;
        bool head;
    };

    void onConnected();
    void armRead();
    void onRead(const char *data, std::size_t n);
    void process(const char *data, std::size_t len);
    void completeOne(std::int64_t nowNs);
    void writePlain();
    void writeTls();
    void onEof();
    void fail(ErrorKind kind, const std::string &message);
    void close();
    void startParse();
    boost::asio::ip::tcp::socket &socket();

    Worker &m_worker;
    const int m_index;
    State m_state = State::Closed;
    bool m_wanted = false;
    std::uint64_t m_generation = 0; ///< bumped on close so stale handlers are ignored
    std::optional<boost::asio::ip::tcp::socket> m_socket; ///< plain TCP while connecting
    int m_fd = -1; ///< plain TCP once connected, watched by the worker's epoll
    // Shared with its pending handlers: an ssl::stream must outlive the operations on it.
    std::shared_ptr<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>> m_tls;
    boost::asio::steady_timer m_thinkTimer;
    bool m_readArmed = false;
    bool m_writing = false;
    std::int64_t m_connectStartNs = 0;
    std::int64_t m_reconnectAtNs = 0;
    int m_failedConnects = 0;

    std::vector<InFlight> m_inFlight; ///< ring of the pipelining depth
    int m_head = 0, m_count = 0;
    ResponseParser m_parser;
    std::vector<char> m_passed;

    std::string m_out; ///< requests being written (reused; grows once)
    const char *m_writePtr = nullptr;
    std::size_t m_writeLen = 0;
    std::vector<char> m_readBuffer;
};

} // namespace bb::loadtest
