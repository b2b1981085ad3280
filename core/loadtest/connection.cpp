#include "loadtest/connection_p.h"

#include "loadtest/worker_p.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/write.hpp>

#include <openssl/ssl.h>

#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

namespace bb::loadtest {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::int64_t kMs = 1'000'000;

std::string errnoText(const char *what)
{
    return std::string(what) + ": " + std::strerror(errno);
}

bool isTlsError(const error_code &ec)
{
    return ec.category() == asio::error::get_ssl_category() ||
           ec.category() == asio::ssl::error::get_stream_category();
}

} // namespace

Connection::Connection(Worker &worker, int index)
    : m_worker(worker)
    , m_index(index)
    , m_thinkTimer(worker.io())
{
    const RunPlan &plan = worker.plan();
    m_inFlight.resize(std::size_t(std::max(1, plan.scenario.pipeline)));
    m_parser.setCaptures(plan.checks.headerNames(), plan.checks.needsBody());
    // Per connection, as in wrk: Asio's reactor reads into it before the handler runs, so
    // connections cannot share one.
    m_readBuffer.resize(plan.requests.target().tls ? 16 * 1024 : 8 * 1024);
}

Connection::~Connection()
{
    if (m_fd >= 0)
        ::close(m_fd);
    error_code ec;
    if (m_tls)
        m_tls->lowest_layer().close(ec);
}

tcp::socket &Connection::socket()
{
    return m_tls ? m_tls->next_layer() : *m_socket;
}

bool Connection::canSend() const
{
    return m_state == State::Ready && !m_writing && m_count < int(m_inFlight.size());
}

void Connection::connect()
{
    m_wanted = true;
    if (m_state != State::Closed)
        return;
    ++m_generation;
    m_state = State::Connecting;
    m_connectStartNs = monotonicNs();
    m_reconnectAtNs = 0;
    const RunPlan &plan = m_worker.plan();
    if (plan.requests.target().tls) {
        m_tls = std::make_shared<asio::ssl::stream<tcp::socket>>(m_worker.io(), *m_worker.tls());
    } else {
        m_socket.emplace(m_worker.io());
    }
    const std::uint64_t gen = m_generation;
    asio::async_connect(
        socket(), plan.endpoints, [this, gen](const error_code &ec, const tcp::endpoint &) {
            if (gen != m_generation)
                return;
            const Target &t = m_worker.plan().requests.target();
            if (ec) {
                fail(ErrorKind::Connect,
                     "connect to " + t.host + ":" + t.port + ": " + ec.message());
                return;
            }
            error_code ignored;
            socket().set_option(tcp::no_delay(true), ignored);
            if (!m_tls) {
                onConnected();
                return;
            }
            // SNI for names (not IP literals), and the name checked against the certificate
            // unless the user chose --insecure.
            if (!isIpLiteral(t.host))
                SSL_set_tlsext_host_name(m_tls->native_handle(), t.host.c_str());
            if (!m_worker.plan().scenario.insecureTls) {
                m_tls->set_verify_mode(asio::ssl::verify_peer);
                m_tls->set_verify_callback(asio::ssl::host_name_verification(t.host));
            }
            m_state = State::Handshaking;
            auto keep = m_tls;
            m_tls->async_handshake(
                asio::ssl::stream_base::client, [this, gen, keep](const error_code &hec) {
                    if (gen != m_generation)
                        return;
                    if (hec) {
                        fail(ErrorKind::Tls, "TLS handshake with " +
                                                 m_worker.plan().requests.target().host + ": " +
                                                 hec.message());
                        return;
                    }
                    onConnected();
                });
        });
}

void Connection::onConnected()
{
    m_state = State::Ready;
    m_failedConnects = 0;
    ++m_worker.stats().connects;
    m_worker.activeConnections.fetch_add(1, std::memory_order_relaxed);
    if (!m_tls) {
        // From here the worker's own epoll watches the socket (level-triggered, registered
        // once): Asio's reactor would re-arm or read speculatively for every request.
        error_code ec;
        m_socket->non_blocking(true, ec);
        m_fd = m_socket->release(ec);
        m_socket.reset();
        if (ec || !m_worker.watch(m_fd, this, false, true)) {
            fail(ErrorKind::Connect, "cannot watch the socket: " +
                                         (ec ? ec.message() : std::string(std::strerror(errno))));
            return;
        }
    }
    m_head = m_count = 0;
    armRead();
    m_worker.connectionFree(*this);
}

void Connection::send(std::uint64_t first, std::uint64_t step, int n, const std::int64_t *dueNs)
{
    const RequestSet &requests = m_worker.plan().requests;
    const std::int64_t now = monotonicNs();
    const bool wasEmpty = m_count == 0;
    const std::size_t depth = m_inFlight.size();
    const std::string *fixed = n == 1 ? requests.fixedBytes(requests.specFor(first)) : nullptr;
    if (fixed) {
        // The common case: one request without variables, written straight from its bytes.
        m_writePtr = fixed->data();
        m_writeLen = fixed->size();
    } else {
        m_out.clear();
    }
    for (int j = 0; j < n; ++j) {
        const std::uint64_t k = first + std::uint64_t(j) * step;
        const std::uint32_t spec = fixed ? requests.specFor(k) : requests.append(k, m_out);
        InFlight &f = m_inFlight[(std::size_t(m_head) + std::size_t(m_count)) % depth];
        f.dueNs = dueNs ? dueNs[j] : now;
        f.sentNs = now;
        f.head = requests.isHead(spec);
        ++m_count;
    }
    if (!fixed) {
        m_writePtr = m_out.data();
        m_writeLen = m_out.size();
    }
    if (wasEmpty)
        m_parser.begin(m_inFlight[std::size_t(m_head)].head);
    m_worker.stats().bytesOut += m_writeLen;
    if (m_tls)
        writeTls();
    else
        writePlain();
}

void Connection::writePlain()
{
    while (m_writeLen > 0) {
        // The raw system call: libc's send() is a cancellation point and pays for it per call.
        const auto n =
            ssize_t(::syscall(SYS_sendto, m_fd, m_writePtr, m_writeLen, MSG_NOSIGNAL, nullptr, 0));
        if (n > 0) {
            m_writePtr += n;
            m_writeLen -= std::size_t(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // The send buffer is full: wait for EPOLLOUT (rare; requests are small).
            if (!m_writing) {
                m_writing = true;
                m_worker.watch(m_fd, this, true, false);
            }
            return;
        }
        fail(ErrorKind::Reset, errnoText("send"));
        return;
    }
    if (m_writing) {
        m_writing = false;
        m_worker.watch(m_fd, this, false, false);
        if (canSend())
            m_worker.connectionFree(*this);
    }
}

void Connection::onEvents(std::uint32_t events)
{
    if (m_state != State::Ready || m_fd < 0)
        return; // closed earlier in the same batch of events
    const std::uint64_t gen = m_generation;
    if ((events & EPOLLOUT) && m_writing) {
        writePlain();
        if (gen != m_generation)
            return;
    }
    if (!(events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)))
        return;
    // The peer's FIN came with this edge: read on to the end-of-file even after a short read,
    // no further edge will announce it.
    const bool closing = events & (EPOLLRDHUP | EPOLLERR | EPOLLHUP);
    // A read shorter than the buffer drained the socket (edge-triggered: later bytes raise a
    // new edge). A full buffer means more may wait; after a bounded number of rounds the rest
    // is read from a posted handler so one busy connection cannot starve the others.
    for (int round = 0; round < 8; ++round) {
        const auto n = ssize_t(::syscall(SYS_recvfrom, m_fd, m_readBuffer.data(),
                                         m_readBuffer.size(), 0, nullptr, nullptr));
        if (n > 0) {
            m_worker.stats().bytesIn += std::uint64_t(n);
            process(m_readBuffer.data(), std::size_t(n));
            if (gen != m_generation || m_state != State::Ready)
                return;
            if (std::size_t(n) < m_readBuffer.size() && !closing)
                return;
            continue;
        }
        if (n == 0) {
            onEof();
            return;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return;
        fail(ErrorKind::Reset, errnoText("recv"));
        return;
    }
    asio::post(m_worker.io(), [this, gen] {
        if (gen == m_generation)
            onEvents(EPOLLIN);
    });
}

void Connection::writeTls()
{
    m_writing = true;
    const std::uint64_t gen = m_generation;
    auto keep = m_tls;
    asio::async_write(*m_tls, asio::buffer(m_writePtr, m_writeLen),
                      [this, gen, keep](const error_code &ec, std::size_t) {
                          if (gen != m_generation)
                              return;
                          m_writing = false;
                          m_writeLen = 0;
                          if (ec) {
                              fail(isTlsError(ec) ? ErrorKind::Tls : ErrorKind::Reset,
                                   "TLS write: " + ec.message());
                              return;
                          }
                          if (canSend())
                              m_worker.connectionFree(*this);
                      });
}

void Connection::armRead()
{
    if (m_readArmed || m_state != State::Ready)
        return;
    m_readArmed = true;
    const std::uint64_t gen = m_generation;
    if (!m_tls) {
        m_readArmed = false; // the worker's epoll reports readable sockets
        return;
    }
    auto keep = m_tls;
    m_tls->async_read_some(asio::buffer(m_readBuffer), [this, gen, keep](const error_code &ec,
                                                                         std::size_t n) {
        if (gen != m_generation)
            return;
        m_readArmed = false;
        if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
            onEof();
            return;
        }
        if (ec) {
            fail(isTlsError(ec) ? ErrorKind::Tls : ErrorKind::Reset, "TLS read: " + ec.message());
            return;
        }
        onRead(m_readBuffer.data(), n);
    });
}

void Connection::onRead(const char *data, std::size_t n)
{
    m_worker.stats().bytesIn += n;
    const std::uint64_t gen = m_generation;
    process(data, n);
    if (gen != m_generation || m_state != State::Ready)
        return;
    armRead();
}

void Connection::process(const char *data, std::size_t len)
{
    // One clock read per read (plain TCP: per batch of ready sockets, read right after
    // epoll_wait returned): every answer in it had arrived by then.
    const std::int64_t now = m_fd >= 0 ? m_worker.batchNowNs() : monotonicNs();
    const std::uint64_t gen = m_generation;
    while (len > 0) {
        if (m_count == 0) {
            fail(ErrorKind::Parse, "the server sent bytes nobody asked for");
            return;
        }
        std::size_t used = 0;
        const ResponseParser::Result r = m_parser.feed(data, len, used);
        data += used;
        len -= used;
        if (r == ResponseParser::Result::Error) {
            fail(ErrorKind::Parse, "bad response: " + m_parser.error());
            return;
        }
        if (r == ResponseParser::Result::NeedMore)
            break;
        const bool keepAlive = m_parser.keepAlive();
        completeOne(now);
        if (!keepAlive) {
            // The server ends the connection after this answer: any pipelined request behind
            // it is lost (counted as reset), then a fresh connection takes over.
            fail(ErrorKind::Reset, "the server closed the connection (Connection: close)");
            return;
        }
    }
    if (gen == m_generation && m_state == State::Ready && canSend())
        m_worker.connectionFree(*this);
}

void Connection::completeOne(std::int64_t nowNs)
{
    const InFlight f = m_inFlight[std::size_t(m_head)];
    m_head = int((std::size_t(m_head) + 1) % m_inFlight.size());
    --m_count;
    WorkerStats &st = m_worker.stats();
    ++st.requests;
    const int status = m_parser.status();
    ++st.statusCounts[status >= 100 && status < 600 ? std::size_t(status) : 0];
    st.corrected.record((nowNs - f.dueNs) / 1000);
    st.uncorrected.record((nowNs - f.sentNs) / 1000);
    const ResponseChecks &checks = m_worker.plan().checks;
    bool failed = false;
    if (status >= 400 && !checks.decidesStatus()) {
        ++st.errors;
        ++st.errorsByKind[std::size_t(ErrorKind::Status)];
        failed = true;
    }
    if (!checks.empty()) {
        const bool all = checks.run(m_parser, m_passed);
        for (std::size_t i = 0; i < m_passed.size(); ++i)
            ++(m_passed[i] ? st.checkPasses[i] : st.checkFails[i]);
        if (!all && !failed) {
            ++st.errors;
            ++st.errorsByKind[std::size_t(ErrorKind::Check)];
        }
    }
    if (m_count > 0)
        m_parser.begin(m_inFlight[std::size_t(m_head)].head);
    else
        needsThink = true;
}

void Connection::onEof()
{
    if (m_count > 0 && m_parser.started() &&
        m_parser.finishOnEof() == ResponseParser::Result::Complete)
        completeOne(monotonicNs());
    if (m_count > 0) {
        fail(ErrorKind::Reset, "the server closed the connection mid-response");
        return;
    }
    // An idle keep-alive connection the server closed: not an error, just reconnect.
    close();
    if (m_worker.keepConnection(*this))
        connect();
    else
        m_wanted = false;
}

void Connection::fail(ErrorKind kind, const std::string &message)
{
    WorkerStats &st = m_worker.stats();
    const bool connecting = m_state == State::Connecting || m_state == State::Handshaking;
    if (m_count > 0) {
        st.requests += std::uint64_t(m_count);
        st.errors += std::uint64_t(m_count);
        st.errorsByKind[std::size_t(kind)] += std::uint64_t(m_count);
    } else if (connecting) {
        ++st.errors;
        ++st.errorsByKind[std::size_t(kind)];
    }
    m_worker.noteError(message);
    close();
    if (!m_worker.keepConnection(*this)) {
        m_wanted = false;
        return;
    }
    if (connecting) {
        // Back off (100 ms doubling to 1 s) so a refused port is not hammered in a tight loop.
        ++m_failedConnects;
        const std::int64_t backoff =
            std::min<std::int64_t>(1000 * kMs, (100 * kMs) << std::min(m_failedConnects - 1, 4));
        m_reconnectAtNs = monotonicNs() + backoff;
        return;
    }
    connect();
}

void Connection::close()
{
    if (m_state == State::Closed)
        return;
    if (m_state == State::Ready)
        m_worker.activeConnections.fetch_sub(1, std::memory_order_relaxed);
    ++m_generation;
    m_state = State::Closed;
    m_readArmed = m_writing = false;
    m_head = m_count = 0;
    m_writeLen = 0;
    error_code ec;
    m_thinkTimer.cancel();
    if (m_tls) {
        m_tls->lowest_layer().close(ec);
        m_tls.reset();
    }
    if (m_socket) {
        m_socket->close(ec);
        m_socket.reset();
    }
    if (m_fd >= 0) {
        ::close(m_fd); // leaves the worker's epoll set with it
        m_fd = -1;
    }
}

void Connection::shutdown()
{
    m_wanted = false;
    m_reconnectAtNs = 0;
    close();
}

void Connection::think(std::int64_t ns)
{
    const std::uint64_t gen = m_generation;
    m_thinkTimer.expires_after(std::chrono::nanoseconds(ns));
    m_thinkTimer.async_wait([this, gen](const error_code &ec) {
        if (ec || gen != m_generation)
            return;
        m_worker.connectionFree(*this);
    });
}

void Connection::tick(std::int64_t nowNs)
{
    const std::int64_t timeout = m_worker.plan().timeoutNs;
    if (m_state == State::Ready && m_count > 0 &&
        nowNs - m_inFlight[std::size_t(m_head)].sentNs > timeout) {
        fail(ErrorKind::Timeout, "no answer within the timeout");
    } else if ((m_state == State::Connecting || m_state == State::Handshaking) &&
               nowNs - m_connectStartNs > timeout) {
        fail(m_state == State::Connecting ? ErrorKind::Connect : ErrorKind::Tls,
             "connect timed out");
    } else if (m_state == State::Closed && m_wanted && m_reconnectAtNs != 0 &&
               nowNs >= m_reconnectAtNs) {
        connect();
    }
}

} // namespace bb::loadtest
