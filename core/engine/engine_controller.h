// bb::engine — the GUI's handle on the embedded engine: start/stop/restart off the GUI thread,
// state as Qt signals. No widgets here; panels observe it.
#pragma once

#include "engine/engine_config.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QUrl>

#include <functional>
#include <memory>

namespace bb::engine {

class Engine;

class EngineController : public QObject {
    Q_OBJECT
public:
    enum class State { Stopped, Starting, Running, Stopping, Failed };
    Q_ENUM(State)

    explicit EngineController(QObject *parent = nullptr);
    ~EngineController() override; ///< stops the engine, waiting for it

    EngineConfig config() const { return m_config; }
    /// Takes effect on the next start or restart.
    void setConfig(const EngineConfig &config) { m_config = config; }

    State state() const { return m_state; }
    /// Why the last start failed, for the UI; empty otherwise.
    QString lastError() const { return m_lastError; }
    /// e.g. http://127.0.0.1:8080 while running; empty otherwise.
    QUrl baseUrl() const;
    /// The running engine, or nullptr. Valid until the next stateChanged().
    Engine *engine() const;

    /// A fresh access token (15 minutes) of the admin the GUI provisions for its embedded engine;
    /// empty while the engine is not running.
    QString localAdminToken() const;

    /// Blocks the caller until the state is Running/Failed/Stopped or `ms` pass (tests, shutdown).
    bool waitForSettled(int ms = 30000);

public slots:
    void start();
    void stop();
    void restart();

signals:
    void stateChanged(bb::engine::EngineController::State state);

private:
    void setState(State s, const QString &error = {});
    /// Runs `work` on a short-lived thread, then `done` on this object's thread.
    void runOffThread(std::function<void()> work, std::function<void()> done);
    EngineConfig m_config;
    State m_state = State::Stopped;
    QString m_lastError;
    std::shared_ptr<Engine> m_engine;
    bool m_restartPending = false;
    QPointer<QThread> m_worker;
};

} // namespace bb::engine
