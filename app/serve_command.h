// bb::app — `backbench serve`: the engine without a window, until SIGINT or SIGTERM.
#pragma once

#include <QStringList>

namespace bb::app {

/// Runs the headless engine. `args` are the arguments after "serve". Returns the exit code:
/// 0 after a clean stop, 1 when the engine cannot start, 2 for bad arguments.
int runServe(int &argc, char **argv, const QStringList &args);

} // namespace bb::app
