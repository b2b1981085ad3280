#include "worker_pool.h"

#include <QCoreApplication>
#include <QThread>
#include <QThreadPool>

#include <algorithm>

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
    const int threads = std::max(2, QThread::idealThreadCount());
    if (pool->maxThreadCount() != threads) {
        pool->setMaxThreadCount(threads);
        pool->setExpiryTimeout(-1); // keep the lowered threads rather than making new ones
    }
    return pool;
}

void lowerWorkerThreadPriority()
{
    // QFuture::waitForFinished() may run a task that has not started yet on the waiting
    // thread; the GUI thread must keep its priority then.
    const QCoreApplication *app = QCoreApplication::instance();
    if (app && QThread::currentThread() == app->thread())
        return;
    thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    // Linux applies nice per thread (its tid). Failing is harmless: the work just competes.
    setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 10);
}

} // namespace bb::plugins::endpoints
