#include "server_settings.h"

#include "engine/engine_controller.h"

namespace bb::plugins::server {

ServerSettings::ServerSettings(engine::EngineController *controller, QObject *parent)
    : QObject(parent)
    , m_controller(controller)
    , m_values(shell::EngineSettings::load())
{
    if (m_controller) {
        connect(m_controller, &engine::EngineController::stateChanged, this,
                &ServerSettings::changed);
    }
}

QString ServerSettings::setValues(const shell::EngineSettings &values)
{
    if (values == m_values)
        return validationError();
    m_values = values;
    const QString error = m_values.validate();
    if (error.isEmpty())
        m_values.save();
    emit changed();
    return error;
}

bool ServerSettings::needsRestart() const
{
    using State = engine::EngineController::State;
    if (!m_controller || m_controller->state() != State::Running)
        return false;
    const engine::EngineConfig running = m_controller->config();
    const engine::EngineConfig wanted = m_values.applyTo(running);
    return running.bindAddress != wanted.bindAddress || running.port != wanted.port ||
           running.dataDir != wanted.dataDir || running.dbUrl != wanted.dbUrl ||
           running.threads != wanted.threads || running.logCapacity != wanted.logCapacity ||
           running.logToFile != wanted.logToFile ||
           (wanted.logToFile && running.logFileMaxBytes != wanted.logFileMaxBytes);
}

bool ServerSettings::apply(QString *error)
{
    const QString problem = m_values.validate();
    if (!problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    if (!m_controller) {
        if (error)
            *error = tr("There is no embedded engine in this window.");
        return false;
    }
    m_values.save();
    m_controller->setConfig(m_values.applyTo(m_controller->config()));
    return true;
}

bool ServerSettings::start(QString *error)
{
    if (!apply(error))
        return false;
    m_controller->start();
    return true;
}

bool ServerSettings::restart(QString *error)
{
    if (!apply(error))
        return false;
    m_controller->restart();
    return true;
}

void ServerSettings::stop()
{
    if (m_controller)
        m_controller->stop();
}

} // namespace bb::plugins::server
