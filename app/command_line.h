// bb::app — parsing of `backbench` arguments: which mode to run and, for `serve`, the engine
// config.
#pragma once

#include "engine/engine_config.h"

#include <QString>
#include <QStringList>

namespace bb::app {

enum class Mode { Gui, Help, Version, ListPlugins, Screenshot, Serve, Run, Load, Error };

struct CommandLine {
    Mode mode = Mode::Gui;
    QString screenshotDir; ///< for Mode::Screenshot
    bool startupProbe = false;
    int eventLoopProbeSeconds = 0; ///< > 0: measure GUI event-loop stalls for that long, then quit
    QStringList serveArgs;         ///< the arguments after "serve"
    QStringList runArgs;           ///< the arguments after "run"
    QStringList loadArgs;          ///< the arguments after "load"
    QString error;                 ///< for Mode::Error: one line naming the bad argument
};

/// `args` excludes the program name. Qt's own GUI options (-platform, -style, …) pass through to
/// QApplication; anything else unknown is an error.
CommandLine parseCommandLine(const QStringList &args);

/// Result of parsing the `serve` arguments.
struct ServeOptions {
    engine::EngineConfig config;
    bool help = false;
    QString error; ///< empty when the arguments are valid
};

/// Parses `serve` flags into an engine config. An empty --data falls back to `defaultDataDir`.
ServeOptions parseServeArguments(const QStringList &args, const QString &defaultDataDir);

QString helpText();
QString serveHelpText();
QString versionText();

} // namespace bb::app
