#include "script_thread.h"

#include <QMutexLocker>

namespace bb::plugins::endpoints {

ScriptThread::ScriptThread(QObject *parent)
    : QThread(parent)
    , m_receiver(new QObject)
{
    m_receiver->moveToThread(this);
}

ScriptThread::~ScriptThread()
{
    m_stopping = true;
    quit();
    // A script ends within its engine's timeout even uninterrupted; interrupting again covers
    // one that started between two checks.
    const int rounds = tester::ScriptEngine::defaultTimeoutMs / 50 + 1;
    for (int i = 0; i < rounds && !wait(50); ++i)
        interrupt();
    wait();
    delete m_receiver; // its thread is gone: no event of it can run any more
}

void ScriptThread::post(std::function<void(tester::ScriptEngine &)> job, QObject *context,
                        std::function<void()> done)
{
    // Started, and its engine made, on first need: most tabs never run a script.
    if (!isRunning())
        start();
    QMetaObject::invokeMethod(
        m_receiver,
        [this, job = std::move(job), context, done = std::move(done)] {
            if (m_stopping)
                return;
            job(engine());
            // `context` is alive here: it outlives this thread, which its destructor joins. A
            // call still queued when it is destroyed is dropped with it.
            QMetaObject::invokeMethod(context, done, Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

void ScriptThread::interrupt()
{
    QMutexLocker lock(&m_mutex);
    if (m_engine)
        m_engine->interrupt();
}

tester::ScriptEngine &ScriptThread::engine()
{
    QMutexLocker lock(&m_mutex);
    if (!m_engine)
        m_engine = std::make_unique<tester::ScriptEngine>();
    return *m_engine;
}

void ScriptThread::run()
{
    exec();
    // Destroyed on the thread that made it, as QJSEngine requires.
    QMutexLocker lock(&m_mutex);
    m_engine.reset();
}

} // namespace bb::plugins::endpoints
