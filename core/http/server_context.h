// bb::http — what every session shares with its server: handler, limits, counters and the
// registry graceful stop walks. Internal to core/http.
#pragma once

#include "http/server.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace bb::http {

/// The part of a session the server drives during stop; both calls hop onto the
/// session's strand, so they are safe from any thread.
class SessionControl {
public:
    virtual ~SessionControl() = default;
    /// Close now if idle; otherwise finish the request in flight with Connection: close.
    virtual void stopGracefully() = 0;
    /// Close the socket whatever the session is doing.
    virtual void forceClose() = 0;
};

struct ServerContext {
    Handler handler;
    RejectObserver rejectObserver;
    Limits limits;
    std::atomic<bool> stopping{false};

    std::atomic<std::int64_t> openConnections{0};
    std::atomic<std::int64_t> acceptedConnections{0};
    std::atomic<std::int64_t> refusedConnections{0};
    std::atomic<std::int64_t> requests{0};
    std::atomic<std::int64_t> rejectedRequests{0};

    std::mutex mutex;
    std::condition_variable sessionsGone;
    std::unordered_map<std::uint64_t, std::weak_ptr<SessionControl>> sessions;
    std::uint64_t nextSessionId = 1;

    std::uint64_t registerSession(std::weak_ptr<SessionControl> session)
    {
        std::lock_guard lock(mutex);
        const auto id = nextSessionId++;
        sessions.emplace(id, std::move(session));
        return id;
    }

    void unregisterSession(std::uint64_t id)
    {
        std::lock_guard lock(mutex);
        sessions.erase(id);
        if (sessions.empty())
            sessionsGone.notify_all();
    }
};

} // namespace bb::http
