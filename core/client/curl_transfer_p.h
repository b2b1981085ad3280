// Private: one request run to completion on the calling (worker) thread with its own easy handle,
// driven through a multi handle so cancel() can wake it at once instead of waiting for libcurl's
// next progress tick.
#pragma once

#include "client/http_types.h"

#include <atomic>
#include <mutex>

typedef void CURLM;
typedef void CURLSH;

namespace bb::client {

/// Shared between the worker running a transfer and whoever may cancel it.
class TransferControl {
public:
    void cancel();
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire); }

    // The worker publishes its multi handle so cancel() can wake it from its poll.
    void attach(CURLM *multi);
    void detach();

private:
    std::atomic<bool> m_cancelled{false};
    std::mutex m_mutex;
    CURLM *m_multi = nullptr;
};

/// Runs request; never throws. cookies may be null (no shared cookie jar).
HttpResponse runTransfer(const HttpRequest &request, CURLSH *cookies, TransferControl &control);

} // namespace bb::client
