// bb::client — the endpoint tester's HTTP client (libcurl). send() returns at once; the request
// runs on a worker thread of its own, and the result comes back through a callback. Any transfer
// can be cancelled at any moment and then ends within about 100 ms.
#pragma once

#include "client/cookie_jar.h"
#include "client/http_types.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace bb::client {

class TransferControl;
class CurlShare;

/// A running (or finished) transfer. Copies share it; it stays valid after the client is gone.
class Transfer {
public:
    explicit Transfer(std::shared_ptr<TransferControl> control);
    /// Asks the transfer to stop; its callback then reports error "cancelled". Thread-safe.
    void cancel();
    bool isFinished() const;
    /// Bytes moved so far; cheap enough to poll from a GUI timer. Thread-safe.
    TransferProgress progress() const;

private:
    friend class HttpClient;
    std::shared_ptr<TransferControl> m_control;
    std::shared_ptr<std::atomic<bool>> m_finished;
};

class HttpClient {
public:
    using Callback = std::function<void(const HttpResponse &)>;

    HttpClient();
    /// Cancels every transfer still running and waits for their workers (each ends in ~100 ms).
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    /// Runs request on a new worker thread; onDone is called on that worker thread.
    Transfer send(HttpRequest request, Callback onDone);
    /// Same, but onDone runs on context's thread (a queued call), and not at all if context is
    /// destroyed first (from any thread).
    Transfer send(HttpRequest request, QObject *context, Callback onDone);

    /// The cookies every transfer of this client shares.
    CookieJar &cookies() { return m_cookies; }

private:
    struct Worker {
        std::thread thread;
        std::shared_ptr<TransferControl> control;
        std::shared_ptr<std::atomic<bool>> finished;
    };
    void reapFinished();

    std::shared_ptr<CurlShare> m_share; ///< cookies, DNS, TLS sessions, connections
    CookieJar m_cookies;
    std::mutex m_mutex;
    std::vector<Worker> m_workers;
};

} // namespace bb::client
