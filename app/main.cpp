// backbench: the GUI, or a headless subcommand (`serve`, `run`, `load`), chosen from the command
// line.
#include "app/command_line.h"
#include "app/gui_app.h"
#include "app/load_command.h"
#include "app/run_command.h"
#include "app/serve_command.h"

#include <QStringList>

#include <cstdio>

int main(int argc, char **argv)
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    // Decide before any QCoreApplication exists: `serve` and `--list-plugins` must work without
    // a display, and --help/--version must be instant.
    const bb::app::CommandLine command = bb::app::parseCommandLine(args);
    switch (command.mode) {
    case bb::app::Mode::Error:
        std::fprintf(stderr, "backbench: %s. See 'backbench --help'.\n", qPrintable(command.error));
        return 2;
    case bb::app::Mode::Help:
        std::fputs(qPrintable(bb::app::helpText()), stdout);
        return 0;
    case bb::app::Mode::Version:
        std::fputs(qPrintable(bb::app::versionText()), stdout);
        return 0;
    case bb::app::Mode::Serve:
        return bb::app::runServe(argc, argv, command.serveArgs);
    case bb::app::Mode::Run:
        return bb::app::runRun(argc, argv, command.runArgs);
    case bb::app::Mode::Load:
        return bb::app::runLoad(argc, argv, command.loadArgs);
    case bb::app::Mode::ListPlugins:
        return bb::app::runListPlugins(argc, argv);
    case bb::app::Mode::Gui:
    case bb::app::Mode::Screenshot:
        break;
    }
    return bb::app::runGui(argc, argv, command);
}
