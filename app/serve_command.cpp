#include "app/serve_command.h"

#include "app/command_line.h"
#include "engine/engine.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace bb::app {

namespace {

// Self-pipe: the handler only writes one byte (async-signal-safe); the event loop reads it.
int g_signalPipe[2] = {-1, -1};

extern "C" void onTerminationSignal(int signo)
{
    const int saved = errno;
    const char byte = char(signo);
    [[maybe_unused]] const ssize_t n = ::write(g_signalPipe[1], &byte, 1);
    errno = saved;
}

bool installSignalHandlers()
{
    if (::pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    struct sigaction sa = {};
    sa.sa_handler = onTerminationSignal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return ::sigaction(SIGINT, &sa, nullptr) == 0 && ::sigaction(SIGTERM, &sa, nullptr) == 0;
}

void printLine(std::FILE *stream, const QString &text)
{
    std::fputs(qPrintable(text + QLatin1Char('\n')), stream);
    std::fflush(stream);
}

} // namespace

int runServe(int &argc, char **argv, const QStringList &args)
{
    QCoreApplication::setOrganizationName(QStringLiteral("Backbench"));
    QCoreApplication::setApplicationName(QStringLiteral("Backbench"));
    const QString defaultData = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                                QStringLiteral("/engine");

    const ServeOptions options = parseServeArguments(args, defaultData);
    if (options.help) {
        std::fputs(qPrintable(serveHelpText()), stdout);
        return 0;
    }
    if (!options.error.isEmpty()) {
        printLine(stderr, QStringLiteral("backbench serve: %1. See 'backbench serve --help'.")
                              .arg(options.error));
        return 2;
    }

    QCoreApplication app(argc, argv);
    if (!installSignalHandlers()) {
        printLine(stderr, QStringLiteral("backbench serve: cannot install signal handlers"));
        return 1;
    }
    QSocketNotifier notifier(g_signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &app, [&] {
        char buf[16];
        while (::read(g_signalPipe[0], buf, sizeof buf) > 0) {
        }
        notifier.setEnabled(false);
        QCoreApplication::quit();
    });

    engine::Engine engine(options.config);
    const Result<quint16> started = engine.start();
    if (!started) {
        printLine(stderr, QStringLiteral("backbench serve: cannot start the engine: %1")
                              .arg(started.error().message));
        return 1;
    }
    printLine(stdout, QStringLiteral("Backbench engine listening on %1 (data: %2)")
                          .arg(engine.baseUrl(), options.config.dataDir));
    // Only here, once: the password is never logged or stored in clear.
    if (const QString notice = engine.generatedAdminNotice(); !notice.isEmpty())
        printLine(stdout, notice);

    const int rc = app.exec();
    printLine(stdout, QStringLiteral("Stopping…"));
    engine.stop();
    printLine(stdout, QStringLiteral("Stopped."));
    return rc;
}

} // namespace bb::app
