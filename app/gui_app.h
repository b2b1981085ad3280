// bb::app — the two plugin-hosting modes of `backbench`: the window, and `--list-plugins`.
#pragma once

#include "app/command_line.h"

namespace bb::app {

/// The desktop app (also `--screenshot-panels` and `--startup-probe`). Returns the exit code.
int runGui(int &argc, char **argv, const CommandLine &command);

/// Prints every plugin with its state and, for broken ones, the reason. Needs no display.
int runListPlugins(int &argc, char **argv);

} // namespace bb::app
