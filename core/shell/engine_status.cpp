#include "shell/engine_status.h"

#include "engine/engine_controller.h"

#include <QObject>

namespace bb::shell {

bool isPortInUseError(const QString &error)
{
    return error.contains(QLatin1String("in use"), Qt::CaseInsensitive) ||
           error.contains(QLatin1String("EADDRINUSE"), Qt::CaseInsensitive);
}

namespace {
bool isPermissionError(const QString &error)
{
    return error.contains(QLatin1String("permission denied"), Qt::CaseInsensitive) ||
           error.contains(QLatin1String("EACCES"), Qt::CaseInsensitive);
}
} // namespace

EngineStatus describeEngine(const engine::EngineController *controller)
{
    using State = engine::EngineController::State;
    EngineStatus s;
    if (!controller) {
        s.headline = QObject::tr("No embedded engine");
        return s;
    }
    const auto cfg = controller->config();
    switch (controller->state()) {
    case State::Running:
        s.headline = QObject::tr("Running");
        s.address = controller->baseUrl().toString();
        s.tone = Tone::Success;
        break;
    case State::Starting:
        s.headline = QObject::tr("Starting…");
        s.tone = Tone::Info;
        break;
    case State::Stopping:
        s.headline = QObject::tr("Stopping…");
        s.tone = Tone::Info;
        break;
    case State::Stopped:
        s.headline = QObject::tr("Stopped");
        s.detail = QObject::tr("The embedded engine is not running.");
        s.hint = QObject::tr("Press Start to serve on %1:%2.")
                     .arg(cfg.bindAddress)
                     .arg(cfg.port == 0 ? QObject::tr("any free port") : QString::number(cfg.port));
        s.tone = Tone::Muted;
        break;
    case State::Failed: {
        const QString err = controller->lastError();
        s.detail = err.isEmpty() ? QObject::tr("The engine stopped with an error.") : err;
        s.tone = Tone::Danger;
        if (isPortInUseError(err)) {
            s.headline = QObject::tr("Port %1 is in use").arg(cfg.port);
            s.hint =
                QObject::tr("Port %1 is in use — change the port and press Start.").arg(cfg.port);
        } else if (isPermissionError(err) && cfg.port > 0 && cfg.port < 1024) {
            s.headline = QObject::tr("Port %1 needs privileges").arg(cfg.port);
            s.hint = QObject::tr("Ports below 1024 need root — pick 1024 or higher and press "
                                 "Start.");
        } else {
            s.headline = QObject::tr("Failed");
            s.hint = QObject::tr("Check the data folder and database URL, then press Start.");
        }
        break;
    }
    }
    return s;
}

} // namespace bb::shell
