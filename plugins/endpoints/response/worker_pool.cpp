#include "worker_pool.h"

#include <QThreadPool>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace bb::plugins::endpoints {

namespace {
// Destroyed at exit, which waits for tasks still running.
Q_GLOBAL_STATIC(QThreadPool, g_pool)
} // namespace

QThreadPool *bodyWorkerPool()
{
    QThreadPool *pool = g_pool();
    if (pool->maxThreadCount() != 2) {
        pool->setMaxThreadCount(2);
        pool->setExpiryTimeout(-1); // keep the lowered threads rather than making new ones
    }
    return pool;
}

void lowerWorkerThreadPriority()
{
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    // Linux applies nice per thread (its tid). Failing is harmless: the work just competes.
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
}

} // namespace bb::plugins::endpoints
