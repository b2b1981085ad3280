#include "app/gui_app.h"

#include "app/event_loop_probe.h"
#include "app/main_window.h"
#include "app/screenshot_runner.h"
#include "app/startup_probe.h"
#include "engine/engine_controller.h"
#include "shell/engine_settings.h"
#include "shell/plugin_manager.h"
#include "shell/shell_context.h"

#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace bb::app {

namespace {

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Backbench"));
    QCoreApplication::setApplicationName(QStringLiteral("Backbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BB_VERSION));
}

} // namespace

int runGui(int &argc, char **argv, const CommandLine &command)
{
    const bool screenshots = command.mode == Mode::Screenshot;
    if (screenshots && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");

    setIdentity();
    QApplication app(argc, argv);
    app.setDesktopFileName(QStringLiteral("org.backbench.Backbench"));

    // Screenshots run against a throw-away engine and must not touch the user's settings.
    std::unique_ptr<QTemporaryDir> scratch;
    if (screenshots) {
        scratch = std::make_unique<QTemporaryDir>();
        if (!scratch->isValid()) {
            std::fprintf(stderr, "backbench: cannot create a temporary folder\n");
            return 1;
        }
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                           scratch->filePath(QStringLiteral("settings")));
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope,
                           scratch->filePath(QStringLiteral("settings")));
        shell::EngineSettings e;
        e.port = 0;
        e.dataDir = scratch->filePath(QStringLiteral("engine"));
        e.save();
    }

    engine::EngineController controller;
    engine::EngineConfig config = shell::EngineSettings::load().applyTo(controller.config());
    config.demo = true; // seeds only an empty database, so later starts keep the user's data
    // The window manages its embedded engine as the app's own admin (tokens minted in-process);
    // nobody needs a password for it, so none is generated.
    config.localAdmin = true;
    config.generateFirstAdmin = false;
    controller.setConfig(config);

    shell::ShellContext context(&controller);
    shell::PluginManager plugins;
    plugins.setSearchPaths(shell::PluginManager::defaultSearchPaths());
    plugins.loadAll(context);
    QObject::connect(&app, &QCoreApplication::aboutToQuit, &plugins,
                     &shell::PluginManager::shutdown);

    auto window = std::make_unique<MainWindow>(plugins, context);
    if (screenshots)
        window->resize(1280, 800);
    if (command.startupProbe)
        new StartupProbe(window.get());
    if (command.eventLoopProbeSeconds > 0)
        new EventLoopProbe(&controller, command.eventLoopProbeSeconds, window.get());
    window->show();

    std::unique_ptr<ScreenshotRunner> runner;
    if (screenshots) {
        runner = std::make_unique<ScreenshotRunner>(*window, controller, command.screenshotDir);
        QTimer::singleShot(0, runner.get(), &ScreenshotRunner::start);
    }
    // Started from the event loop, on the controller's worker thread: opening the window never
    // waits for the database.
    QTimer::singleShot(0, &controller, &engine::EngineController::start);

    const int rc = app.exec();
    runner.reset();
    window.reset();
    plugins.shutdown();
    controller.stop();
    controller.waitForSettled(15'000);
    return rc;
}

int runListPlugins(int &argc, char **argv)
{
    setIdentity();
    QCoreApplication app(argc, argv);
    // The controller is never started here: listing must not open the user's database.
    engine::EngineController controller;
    shell::ShellContext context(&controller);
    shell::PluginManager plugins;
    plugins.setSearchPaths(shell::PluginManager::defaultSearchPaths());
    plugins.loadAll(context);

    std::printf("Plugin folders: %s\n",
                qPrintable(plugins.searchPaths().join(QStringLiteral(", "))));
    if (plugins.plugins().isEmpty()) {
        std::printf("No plugins found.\n");
    }
    for (const shell::PluginSpec &s : plugins.plugins()) {
        std::printf("%-12s %-9s %-8s %s\n", qPrintable(s.id), qPrintable(s.version),
                    qPrintable(shell::toString(s.state)), qPrintable(s.path));
        if (s.isBroken())
            std::printf("%12s reason: %s\n", "", qPrintable(s.error));
    }
    plugins.shutdown();
    return 0;
}

} // namespace bb::app
