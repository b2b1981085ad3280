// Private: one request run to completion on the calling (worker) thread with its own easy handle,
// driven through a multi handle so cancel() can wake it at once instead of waiting for libcurl's
// next progress tick.
#pragma once

#include "client/http_types.h"

#include <atomic>
#include <functional>
#include <mutex>

typedef void CURLM;
typedef void CURLSH;

namespace bb::client {

class ResponseSink;

/// Shared between the worker running a transfer and whoever may cancel it.
class TransferControl {
public:
    void cancel();
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }

    /// Updated by the worker from libcurl's progress callback; read by anyone, e.g. a GUI timer.
    void setProgress(qint64 received, qint64 receiveTotal, qint64 sent, qint64 sendTotal);
    TransferProgress progress() const;

    /// Set before the transfer starts to stream the body instead of collecting it (SSE): called
    /// on the worker with each chunk and the sink holding the current response's status and
    /// headers; returning false aborts the transfer.
    using BodyHook = std::function<bool(const ResponseSink &, QByteArrayView chunk)>;
    void setBodyHook(BodyHook hook) { m_bodyHook = std::move(hook); }
    const BodyHook &bodyHook() const { return m_bodyHook; }

    // The worker publishes its multi handle so cancel() can wake it from its poll.
    void attach(CURLM *multi);
    void detach();

private:
    std::atomic<bool> m_cancelled{false};
    std::atomic<qint64> m_received{0}, m_receiveTotal{0}, m_sent{0}, m_sendTotal{0};
    std::mutex m_mutex;
    CURLM *m_multi = nullptr;
    BodyHook m_bodyHook;
};

/// Runs request; never throws. cookies may be null (no shared cookie jar).
HttpResponse runTransfer(const HttpRequest &request, CURLSH *cookies, TransferControl &control);

} // namespace bb::client
