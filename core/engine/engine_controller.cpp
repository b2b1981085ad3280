#include "engine/engine_controller.h"

#include "engine/engine.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QThread>
#include <QTimer>

namespace bb::engine {

EngineController::EngineController(QObject *parent)
    : QObject(parent)
{}

EngineController::~EngineController()
{
    // Stop synchronously: the app is going away and the engine's threads must end first.
    if (m_worker)
        m_worker->wait();
    if (m_engine)
        m_engine->stop();
}

QUrl EngineController::baseUrl() const
{
    return m_state == State::Running && m_engine ? QUrl(m_engine->baseUrl()) : QUrl();
}

QString EngineController::localAdminToken() const
{
    Engine *e = engine();
    return e ? e->issueLocalAdminToken() : QString();
}

Engine *EngineController::engine() const
{
    return m_state == State::Running ? m_engine.get() : nullptr;
}

void EngineController::setState(State s, const QString &error)
{
    m_state = s;
    m_lastError = error;
    emit stateChanged(s);
    if (m_restartPending && (s == State::Stopped || s == State::Failed)) {
        m_restartPending = false;
        start();
    }
}

void EngineController::runOffThread(std::function<void()> work, std::function<void()> done)
{
    // The worker posts `done` back to this object; the destructor waits for the worker, so
    // `this` outlives every posted call.
    QThread *worker = QThread::create([this, work = std::move(work), done = std::move(done)] {
        work();
        QMetaObject::invokeMethod(this, done, Qt::QueuedConnection);
    });
    m_worker = worker;
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    worker->start();
}

void EngineController::start()
{
    if (m_state == State::Starting || m_state == State::Running || m_state == State::Stopping)
        return;
    setState(State::Starting);
    auto engine = std::make_shared<Engine>(m_config);
    auto error = std::make_shared<QString>();
    // Opening the database and seeding demo data can take a second: keep it off the GUI thread.
    runOffThread(
        [engine, error] {
            if (auto started = engine->start(); !started)
                *error = started.error().message;
        },
        [this, engine, error] {
            if (error->isEmpty()) {
                m_engine = engine;
                setState(State::Running);
            } else {
                setState(State::Failed, *error);
            }
        });
}

void EngineController::stop()
{
    if (m_state != State::Running || !m_engine)
        return;
    setState(State::Stopping);
    auto engine = std::move(m_engine);
    runOffThread([engine] { engine->stop(); }, // graceful: waits for in-flight requests
                 [this] { setState(State::Stopped); });
}

void EngineController::restart()
{
    if (m_state == State::Running) {
        m_restartPending = true;
        stop();
    } else if (m_state == State::Stopped || m_state == State::Failed) {
        start();
    } else {
        m_restartPending = true; // applied once the current transition settles
    }
}

bool EngineController::waitForSettled(int ms)
{
    QDeadlineTimer deadline(ms);
    while (m_state == State::Starting || m_state == State::Stopping || m_restartPending) {
        if (deadline.hasExpired())
            return false;
        QEventLoop loop;
        QTimer::singleShot(20, &loop, &QEventLoop::quit);
        connect(this, &EngineController::stateChanged, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

} // namespace bb::engine
