// bb::plugins::endpoints — the threads that index, pretty-print, search and copy bodies.
#pragma once

#include <QtConcurrent/QtConcurrentRun>

#include <utility>

class QThreadPool;

namespace bb::plugins::endpoints {

/// A pool of its own (two threads), kept apart from the global pool so other users of that
/// one are neither slowed nor lowered.
QThreadPool *bodyWorkerPool();
/// Lowers the calling thread's scheduling priority (nice +10) once: on a busy machine a
/// 100 MB pretty-print must not take the core the GUI thread needs.
void lowerWorkerThreadPriority();

/// Runs `task` on the body pool at the lowered priority; the QFuture carries its result.
template<typename Task> auto runBodyTask(Task task)
{
    return QtConcurrent::run(bodyWorkerPool(), [task = std::move(task)]() mutable {
        lowerWorkerThreadPriority();
        return task();
    });
}

} // namespace bb::plugins::endpoints
