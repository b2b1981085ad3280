#include "client/http_client.h"

#include "client/curl_global_p.h"
#include "client/curl_share_p.h"
#include "client/curl_transfer_p.h"

#include <curl/curl.h>

namespace bb::client {

void ensureCurlGlobalInit()
{
    // curl_global_init is not thread-safe and must run before any other libcurl call.
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            qFatal("curl_global_init failed");
    });
}

Transfer::Transfer(std::shared_ptr<TransferControl> control)
    : m_control(std::move(control))
    , m_finished(std::make_shared<std::atomic<bool>>(false))
{}

void Transfer::cancel()
{
    m_control->cancel();
}

bool Transfer::isFinished() const
{
    return m_finished->load(std::memory_order_acquire);
}

TransferProgress Transfer::progress() const
{
    return m_control->progress();
}

HttpClient::HttpClient()
    : m_share(std::make_shared<CurlShare>())
    , m_cookies(m_share)
{
    ensureCurlGlobalInit();
}

HttpClient::~HttpClient()
{
    std::vector<Worker> workers;
    {
        std::lock_guard lock(m_mutex);
        workers.swap(m_workers);
    }
    for (Worker &w : workers)
        w.control->cancel();
    for (Worker &w : workers) {
        // A callback that destroys its own client runs on that worker; it cannot join itself.
        if (w.thread.get_id() == std::this_thread::get_id())
            w.thread.detach();
        else
            w.thread.join();
    }
}

void HttpClient::reapFinished()
{
    // Called with m_mutex held: joins workers whose transfer has reported, so threads do not
    // pile up over a long session.
    for (auto it = m_workers.begin(); it != m_workers.end();) {
        if (it->finished->load(std::memory_order_acquire) &&
            it->thread.get_id() != std::this_thread::get_id()) {
            it->thread.join();
            it = m_workers.erase(it);
        } else {
            ++it;
        }
    }
}

Transfer HttpClient::send(HttpRequest request, Callback onDone)
{
    Transfer transfer(std::make_shared<TransferControl>());
    auto control = transfer.m_control;
    auto finished = transfer.m_finished;
    // Held by the worker too: a worker detached by a self-destroying client outlives m_share.
    std::shared_ptr<CurlShare> share = m_share;
    std::lock_guard lock(m_mutex);
    reapFinished();
    std::thread thread(
        [request = std::move(request), onDone = std::move(onDone), control, finished, share] {
            const HttpResponse response = runTransfer(request, share->handle(), *control);
            if (onDone)
                onDone(response);
            finished->store(true, std::memory_order_release);
        });
    m_workers.push_back({std::move(thread), control, finished});
    return transfer;
}

namespace {
// Whether a context object is still alive, as seen from a worker thread. The flag flips inside
// QObject::destroyed, which ~QObject emits before it drops the object's posted events, so a call
// posted while the flag still said "alive" is dropped with the object rather than run on a
// dangling pointer.
struct ContextGuard {
    std::mutex mutex;
    bool alive = true;
    QMetaObject::Connection watch;
};
} // namespace

Transfer HttpClient::send(HttpRequest request, QObject *context, Callback onDone)
{
    auto guard = std::make_shared<ContextGuard>();
    guard->watch = QObject::connect(
        context, &QObject::destroyed, context,
        [guard] {
            std::lock_guard lock(guard->mutex);
            guard->alive = false;
        },
        Qt::DirectConnection);
    return send(std::move(request),
                [guard, context, onDone = std::move(onDone)](const HttpResponse &r) {
                    {
                        std::lock_guard lock(guard->mutex);
                        if (guard->alive)
                            QMetaObject::invokeMethod(
                                context, [onDone, r] { onDone(r); }, Qt::QueuedConnection);
                    }
                    QObject::disconnect(guard->watch);
                });
}

} // namespace bb::client
