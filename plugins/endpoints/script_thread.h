// bb::plugins::endpoints — one long-lived thread with one reused script engine, for the scripts
// of one send controller. Reusing the engine saves creating a QJSEngine and loading the prelude
// per script; interrupt() stops the script that runs, and the destructor joins the thread, so a
// script (and its pm.sendRequest) never outlives its owner or the HTTP client it uses.
#pragma once

#include "tester/script_engine.h"

#include <QMutex>
#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace bb::plugins::endpoints {

class ScriptThread : public QThread {
    Q_OBJECT
public:
    explicit ScriptThread(QObject *parent = nullptr);
    /// Interrupts the running script and joins the thread; jobs not started yet are dropped.
    ~ScriptThread() override;

    /// Runs `job` on this thread with its engine, after the jobs queued before it; then `done`
    /// on `context`'s thread. `context` must outlive this thread (own it, or destroy it
    /// first); when `context` is destroyed before `done` runs, `done` is dropped.
    void post(std::function<void(tester::ScriptEngine &)> job, QObject *context,
              std::function<void()> done);
    /// Stops the script running now, if any (it ends with an error).
    void interrupt();

protected:
    void run() override;

private:
    /// The engine, made on this thread on first use.
    tester::ScriptEngine &engine();

    QObject *m_receiver = nullptr; ///< lives in this thread: queued jobs are its events
    QMutex m_mutex;
    std::unique_ptr<tester::ScriptEngine> m_engine; ///< under m_mutex; used on this thread only
    std::atomic<bool> m_stopping{false};
};

} // namespace bb::plugins::endpoints
