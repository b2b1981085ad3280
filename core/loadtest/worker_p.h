// bb::loadtest (internal) — one worker: a thread running its own io_context with its own
// connections and counters. It drives the closed model (each connection sends again when its
// answers are in) or its share of the open model's schedule, and publishes its counters when
// the coordinator asks (every 250 ms), which is the only time another thread touches them.
#pragma once

#include "loadtest/connection_p.h"
#include "loadtest/run_plan_p.h"
#include "loadtest/worker_stats_p.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bb::loadtest {

class Worker {
public:
    /// `budget`: closed model, the requests this worker may send (0 = unlimited).
    /// `poolSize`: the most connections it will ever hold.
    Worker(const RunPlan &plan, int index, std::uint64_t budget, int poolSize,
           std::mutex &coordinatorMutex, std::condition_variable &coordinatorWake);
    ~Worker();

    void start();
    /// From any thread: close every connection and stop (in-flight requests are abandoned).
    void requestStop();
    /// From any thread: publish the counters; `publishCount()` moves when done.
    void requestPublish();
    std::uint64_t publishCount() const { return m_publishCount.load(); }
    bool finished() const { return m_finished.load(); }
    void join();
    /// Adds what was published since the last call into `into` and clears it.
    void takePublished(WorkerStats &into);
    std::string firstError() const;
    /// Closed model: connections this worker should hold (set by the coordinator).
    std::atomic<int> targetConnections{0};
    std::atomic<int> activeConnections{0};

    // For its connections (worker thread only).
    const RunPlan &plan() const { return m_plan; }
    boost::asio::io_context &io() { return m_io; }
    boost::asio::ssl::context *tls() { return m_tls.get(); }
    WorkerStats &stats() { return m_stats; }
    void noteError(const std::string &message);
    /// A connection can take more requests (connected, answered, or written).
    void connectionFree(Connection &c);
    /// A connection closed for good or failed; the worker decides whether it reconnects.
    bool keepConnection(const Connection &c) const;
    bool running() const { return m_running; }
    /// The clock when the current batch of ready sockets was reported.
    std::int64_t batchNowNs() const { return m_batchNowNs; }
    /// Plain TCP sockets: (re)registers `fd` with the worker's epoll for reading, and writing
    /// too when `writable`. Edge-triggered: a connection reads until its socket is empty.
    bool watch(int fd, Connection *c, bool writable, bool add);

private:
    void run();
    void tick();
    void armTick();
    void publish();
    void dispatchOpen();
    void armDispatch(std::int64_t atNs);
    void sendClosed(Connection &c);
    void maybeFinish();
    void armEpoll();
    void runOwnLoop();
    void drainEpoll();
    void finish();
    std::int64_t dueNs(std::uint64_t k) const;

    const RunPlan &m_plan;
    const int m_index;
    const int m_threads;
    const bool m_open;
    std::uint64_t m_budget; ///< closed: requests left (when limited)
    const bool m_limited;

    // One thread runs it; its sockets are touched by that thread only (posts from the
    // coordinator still lock the scheduler), so the reactor skips its per-descriptor locks.
    boost::asio::io_context m_io{BOOST_ASIO_CONCURRENCY_HINT_UNSAFE_IO};
    std::unique_ptr<boost::asio::ssl::context> m_tls;
    std::vector<std::unique_ptr<Connection>> m_connections;
    std::vector<Connection *> m_free; ///< ring of connections able to send (open model)
    std::size_t m_freeHead = 0, m_freeCount = 0;
    int m_epollFd = -1;
    /// The epoll set above, as one descriptor in Asio's reactor: one wake-up per batch of
    /// ready sockets instead of one operation per request.
    boost::asio::posix::stream_descriptor m_epollWatch;
    boost::asio::steady_timer m_tickTimer;
    boost::asio::steady_timer m_dispatchTimer;
    bool m_dispatchArmed = false;
    std::int64_t m_dispatchAtNs = 0;
    std::vector<std::int64_t> m_dueScratch;

    std::uint64_t m_k = 0; ///< this worker's next request (global index m_k·threads + index)
    std::int64_t m_nextDueNs = 0;
    bool m_running = true;
    std::int64_t m_batchNowNs = 0;
    WorkerStats m_stats;

    mutable std::mutex m_mutex; ///< guards m_published and m_firstError
    WorkerStats m_published;
    std::string m_firstError;
    bool m_firstErrorNoted = false; ///< worker thread only: skips the lock after the first
    std::atomic<std::uint64_t> m_publishCount{0};
    std::atomic<bool> m_finished{false};
    std::mutex &m_coordinatorMutex;
    std::condition_variable &m_coordinatorWake;
    std::thread m_thread;
};

} // namespace bb::loadtest
