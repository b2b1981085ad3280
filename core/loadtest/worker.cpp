#include "loadtest/worker_p.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <chrono>
#include <limits>
#include <sys/epoll.h>
#include <time.h>

namespace bb::loadtest {

namespace asio = boost::asio;
using boost::system::error_code;

std::int64_t monotonicNs()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

namespace {
constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
constexpr auto kTick = std::chrono::milliseconds(20);
} // namespace

Worker::Worker(const RunPlan &plan, int index, std::uint64_t budget, int poolSize,
               std::mutex &coordinatorMutex, std::condition_variable &coordinatorWake)
    : m_plan(plan)
    , m_index(index)
    , m_threads(plan.threads)
    , m_open(plan.scenario.model == Model::Open)
    , m_budget(budget)
    , m_limited(plan.scenario.model == Model::Closed && plan.scenario.maxRequests > 0)
    , m_epollFd(::epoll_create1(EPOLL_CLOEXEC))
    , m_epollWatch(m_io)
    , m_tickTimer(m_io)
    , m_dispatchTimer(m_io)
    , m_coordinatorMutex(coordinatorMutex)
    , m_coordinatorWake(coordinatorWake)
{
    if (plan.requests.target().tls) {
        // One context per worker: nothing shared between threads, not even OpenSSL's locks.
        m_tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_client);
        if (!plan.scenario.insecureTls) {
            error_code ec;
            m_tls->set_default_verify_paths(ec);
        }
    }
    for (int i = 0; i < poolSize; ++i)
        m_connections.push_back(std::make_unique<Connection>(*this, i));
    m_free.assign(std::size_t(std::max(1, poolSize)), nullptr);
    m_dueScratch.assign(std::size_t(std::max(1, plan.scenario.pipeline)), 0);
    const std::size_t checks = plan.scenario.checks.size();
    m_stats.checkPasses.assign(checks, 0);
    m_stats.checkFails.assign(checks, 0);
    m_published.checkPasses.assign(checks, 0);
    m_published.checkFails.assign(checks, 0);
}

Worker::~Worker()
{
    requestStop();
    join();
}

void Worker::start()
{
    m_thread = std::thread([this] { run(); });
}

void Worker::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void Worker::requestStop()
{
    asio::post(m_io, [this] { finish(); });
}

void Worker::requestPublish()
{
    asio::post(m_io, [this] { publish(); });
}

void Worker::takePublished(WorkerStats &into)
{
    std::lock_guard lock(m_mutex);
    into.merge(m_published);
    m_published.reset();
}

std::string Worker::firstError() const
{
    std::lock_guard lock(m_mutex);
    return m_firstError;
}

void Worker::noteError(const std::string &message)
{
    // Only the first is kept: enough to tell the user why a target is unreachable.
    if (!m_firstErrorNoted) {
        m_firstErrorNoted = true;
        std::lock_guard lock(m_mutex);
        m_firstError = message;
    }
}

void Worker::run()
{
    if (m_open) {
        for (auto &c : m_connections)
            c->connect();
        m_nextDueNs = dueNs(0);
        if (m_nextDueNs == kNever)
            m_running = false;
    } else {
        const int target = std::min(targetConnections.load(), int(m_connections.size()));
        for (int i = 0; i < target; ++i)
            m_connections[std::size_t(i)]->connect();
    }
    armTick();
    // The closed model over plain TCP without think time needs no fine timer: the worker then
    // blocks in its own epoll set and lets Asio run what is ready (connects, the tick, the
    // coordinator's posts) at most every millisecond. Its epoll set is then not nested in
    // Asio's, so a socket's wake-up does not travel through two epoll sets.
    const bool ownLoop = !m_open && !m_plan.requests.target().tls && m_plan.thinkNs == 0;
    if (m_running && ownLoop) {
        runOwnLoop();
    } else if (m_running) {
        if (m_epollFd >= 0)
            m_epollWatch.assign(m_epollFd);
        armEpoll();
        m_io.run();
    }
    for (auto &c : m_connections)
        c->shutdown();
    publish();
    {
        std::lock_guard lock(m_coordinatorMutex);
        m_finished = true;
    }
    m_coordinatorWake.notify_all();
}

bool Worker::watch(int fd, Connection *c, bool writable, bool add)
{
    epoll_event ev{};
    // Edge-triggered: the connection reads until a short read (the socket is then empty), so
    // the kernel need not poll every reported socket again on the next epoll_wait.
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET | (writable ? EPOLLOUT : 0u);
    ev.data.ptr = c;
    return ::epoll_ctl(m_epollFd, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &ev) == 0;
}

void Worker::armEpoll()
{
    if (m_epollFd < 0)
        return;
    m_epollWatch.async_wait(asio::posix::stream_descriptor::wait_read,
                            [this](const error_code &ec) {
                                if (ec || !m_running)
                                    return;
                                drainEpoll();
                                if (m_running)
                                    armEpoll();
                            });
}

void Worker::runOwnLoop()
{
    constexpr std::int64_t kPollEveryNs = 1'000'000;
    epoll_event events[256];
    std::int64_t lastPoll = 0;
    while (m_running && !m_io.stopped()) {
        const int n = ::epoll_wait(m_epollFd, events, 256, 1);
        m_batchNowNs = monotonicNs();
        for (int i = 0; i < n; ++i)
            static_cast<Connection *>(events[i].data.ptr)->onEvents(events[i].events);
        // A busy loop reaches Asio once a millisecond; an idle one after each 1 ms wait.
        if (n <= 0 || m_batchNowNs - lastPoll >= kPollEveryNs) {
            m_io.poll();
            lastPoll = m_batchNowNs;
        }
    }
}

void Worker::drainEpoll()
{
    epoll_event events[256];
    for (int round = 0; round < 4 && m_running; ++round) {
        const int n = ::epoll_wait(m_epollFd, events, 256, 0);
        m_batchNowNs = monotonicNs();
        for (int i = 0; i < n; ++i)
            static_cast<Connection *>(events[i].data.ptr)->onEvents(events[i].events);
        if (n < 256)
            break;
    }
}

void Worker::publish()
{
    {
        std::lock_guard lock(m_mutex);
        m_published.merge(m_stats);
    }
    m_stats.reset();
    {
        std::lock_guard lock(m_coordinatorMutex);
        m_publishCount.fetch_add(1);
    }
    m_coordinatorWake.notify_all();
}

void Worker::armTick()
{
    m_tickTimer.expires_after(kTick);
    m_tickTimer.async_wait([this](const error_code &ec) {
        if (!ec && m_running)
            tick();
    });
}

void Worker::tick()
{
    const std::int64_t now = monotonicNs();
    for (auto &c : m_connections)
        c->tick(now);
    if (!m_open) {
        // Ramp up: connections below the target that are not open yet. Ramp-down happens as
        // each connection above the target finishes its request (connectionFree).
        const int target = std::min(targetConnections.load(), int(m_connections.size()));
        for (int i = 0; i < target; ++i) {
            Connection &c = *m_connections[std::size_t(i)];
            if (!c.wanted())
                c.connect();
        }
        for (std::size_t i = std::size_t(std::max(0, target)); i < m_connections.size(); ++i) {
            Connection &c = *m_connections[i];
            if (c.wanted() && !c.ready())
                c.shutdown(); // still connecting or backing off: no request to finish
            else if (c.wanted() && c.inFlight() == 0 && !c.needsThink)
                c.shutdown();
        }
    } else if (!m_dispatchArmed) {
        dispatchOpen();
    }
    maybeFinish();
    if (m_running)
        armTick();
}

bool Worker::keepConnection(const Connection &c) const
{
    if (!m_running)
        return false;
    return m_open || c.index() < targetConnections.load(std::memory_order_relaxed);
}

void Worker::connectionFree(Connection &c)
{
    if (!m_running)
        return;
    if (m_open) {
        if (!c.inFreeList) {
            m_free[(m_freeHead + m_freeCount) % m_free.size()] = &c;
            ++m_freeCount;
            c.inFreeList = true;
        }
        dispatchOpen();
        return;
    }
    if (c.inFlight() > 0)
        return; // closed model: a pipelined batch goes out when the previous one is answered
    if (c.index() >= targetConnections.load(std::memory_order_relaxed)) {
        c.shutdown();
        return;
    }
    if (m_limited && m_budget == 0) {
        maybeFinish();
        return;
    }
    if (c.needsThink && m_plan.thinkNs > 0) {
        c.needsThink = false;
        c.think(m_plan.thinkNs);
        return;
    }
    c.needsThink = false;
    sendClosed(c);
}

void Worker::sendClosed(Connection &c)
{
    int n = int(m_dueScratch.size());
    if (m_limited)
        n = int(std::min<std::uint64_t>(std::uint64_t(n), m_budget));
    const std::uint64_t first = m_k * std::uint64_t(m_threads) + std::uint64_t(m_index);
    m_k += std::uint64_t(n);
    if (m_limited)
        m_budget -= std::uint64_t(n);
    c.send(first, std::uint64_t(m_threads), n, nullptr);
}

std::int64_t Worker::dueNs(std::uint64_t k) const
{
    const double t =
        m_plan.schedule.dueTime(double(k * std::uint64_t(m_threads) + std::uint64_t(m_index)));
    if (!(t < std::numeric_limits<double>::infinity()))
        return kNever;
    return m_plan.startNs + std::int64_t(t * 1e9);
}

void Worker::dispatchOpen()
{
    if (!m_running)
        return;
    const std::int64_t now = monotonicNs();
    while (m_nextDueNs <= now && m_freeCount > 0) {
        Connection *c = m_free[m_freeHead];
        m_freeHead = (m_freeHead + 1) % m_free.size();
        --m_freeCount;
        c->inFreeList = false;
        if (!c->canSend())
            continue;
        const std::int64_t due = m_nextDueNs;
        // Late by more than a millisecond: no connection was free when it was due, or the
        // generator itself could not keep up. Either way, not sent on time.
        if (now - due > 1'000'000)
            ++m_stats.missedSends;
        c->send(m_k * std::uint64_t(m_threads) + std::uint64_t(m_index), std::uint64_t(m_threads),
                1, &due);
        ++m_k;
        m_nextDueNs = dueNs(m_k);
        if (c->canSend() && !c->inFreeList) {
            m_free[(m_freeHead + m_freeCount) % m_free.size()] = c;
            ++m_freeCount;
            c->inFreeList = true;
        }
    }
    if (m_nextDueNs == kNever) {
        maybeFinish();
        return;
    }
    if (m_nextDueNs > now && m_freeCount > 0)
        armDispatch(m_nextDueNs);
}

void Worker::armDispatch(std::int64_t atNs)
{
    if (m_dispatchArmed && m_dispatchAtNs <= atNs)
        return;
    m_dispatchArmed = true;
    m_dispatchAtNs = atNs;
    // steady_clock is CLOCK_MONOTONIC on Linux: the same time base as monotonicNs().
    m_dispatchTimer.expires_at(
        std::chrono::steady_clock::time_point(std::chrono::nanoseconds(atNs)));
    m_dispatchTimer.async_wait([this](const error_code &ec) {
        if (ec)
            return; // re-armed or stopped
        m_dispatchArmed = false;
        dispatchOpen();
    });
}

void Worker::maybeFinish()
{
    if (!m_running)
        return;
    const bool noMore = m_open ? m_nextDueNs == kNever : (m_limited && m_budget == 0);
    if (!noMore)
        return;
    for (const auto &c : m_connections) {
        if (c->inFlight() > 0)
            return;
    }
    finish();
}

void Worker::finish()
{
    if (!m_running && m_io.stopped())
        return;
    m_running = false;
    for (auto &c : m_connections)
        c->shutdown();
    error_code ec;
    m_tickTimer.cancel();
    m_dispatchTimer.cancel();
    m_io.stop();
}

} // namespace bb::loadtest
