// bb::shell — one wording of the embedded engine's state, shared by the status bar and the Server
// panel.
#pragma once

#include "shell/theme.h"

#include <QString>

namespace bb::engine {
class EngineController;
}

namespace bb::shell {

/// What to tell the user about the engine: a short headline, and for a problem what to do.
struct EngineStatus {
    QString headline; ///< "Running", "Stopped", "Failed: port 8090 is in use"
    QString address;  ///< the base URL while running, else empty
    QString detail;   ///< for Stopped/Failed: why, in a sentence (lastError)
    QString hint;     ///< for Stopped/Failed: how to fix it
    Tone tone = Tone::Muted;
};

EngineStatus describeEngine(const engine::EngineController *controller);

/// Recognises the "address already in use" family of bind errors.
bool isPortInUseError(const QString &error);

} // namespace bb::shell
