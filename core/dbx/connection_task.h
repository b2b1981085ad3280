// bb::dbx — runs one piece of database work on the thread pool and hands its result back on the
// thread of a context object, never after that object is gone. Connecting, schema reads and DDL
// go through it so the GUI thread never waits on a server.
#pragma once
#include "common/result.h"
#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>
#include <functional>
#include <memory>
#include <optional>

namespace bb::dbx {

/// Runs `work` off the calling thread, then `done(result)` on `context`'s thread. When `context`
/// is destroyed first, `done` is not called (the work still finishes; it must own what it uses).
template<typename T>
void runInBackground(QObject *context, std::function<Result<T>()> work,
                     std::function<void(Result<T>)> done)
{
    auto slot = std::make_shared<std::optional<Result<T>>>();
    auto *watcher = new QFutureWatcher<void>(context);
    QObject::connect(watcher, &QFutureWatcher<void>::finished, context,
                     [watcher, slot, done = std::move(done)] {
                         watcher->deleteLater();
                         if (*slot)
                             done(std::move(**slot));
                         else
                             done(Error::internal(QStringLiteral("the background task threw")));
                     });
    watcher->setFuture(QtConcurrent::run([slot, work = std::move(work)] {
        try {
            slot->emplace(work());
        } catch (...) {
            // Exceptions do not cross threads; the missing result reports it.
        }
    }));
}

} // namespace bb::dbx
