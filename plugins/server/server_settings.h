// bb::plugins::server — the Server panel's settings logic: edit, validate, save, apply on
// (re)start.
#pragma once

#include "shell/engine_settings.h"

#include <QObject>

namespace bb::engine {
class EngineController;
}

namespace bb::plugins::server {

/// Edits are saved as soon as they are valid, so they survive an app restart, but reach the
/// engine only on start() or restart(), never behind a running engine's back.
class ServerSettings : public QObject {
    Q_OBJECT
public:
    explicit ServerSettings(engine::EngineController *controller, QObject *parent = nullptr);

    shell::EngineSettings values() const { return m_values; }
    /// Replaces the edits; saves them when valid. Returns the validation error, empty if valid.
    QString setValues(const shell::EngineSettings &values);
    QString validationError() const { return m_values.validate(); }

    /// True while the engine runs with a configuration that differs from the edits.
    bool needsRestart() const;

    /// Validate, save, hand the config to the controller and start. False with `*error` if invalid.
    bool start(QString *error = nullptr);
    bool restart(QString *error = nullptr);
    void stop();

signals:
    void changed();

private:
    bool apply(QString *error);

    engine::EngineController *m_controller;
    shell::EngineSettings m_values;
};

} // namespace bb::plugins::server
