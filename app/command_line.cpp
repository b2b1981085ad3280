#include "app/command_line.h"

#include <QHostAddress>
#include <QSet>

#ifndef BB_VERSION
#define BB_VERSION "0.0.0"
#endif

namespace bb::app {

namespace {

// Options QApplication consumes itself; listed so they are not reported as unknown.
const QSet<QString> &qtOptionsWithValue()
{
    static const QSet<QString> s{"-platform",      "-platformpluginpath",
                                 "-platformtheme", "-style",
                                 "-stylesheet",    "-qwindowgeometry",
                                 "-qwindowtitle",  "-qwindowicon",
                                 "-plugin",        "-session",
                                 "-display",       "-geometry"};
    return s;
}

const QSet<QString> &qtFlags()
{
    static const QSet<QString> s{"-reverse", "-widgetcount", "-nograb", "-dograb", "-sync"};
    return s;
}

CommandLine fail(QString message)
{
    CommandLine c;
    c.mode = Mode::Error;
    c.error = std::move(message);
    return c;
}

} // namespace

CommandLine parseCommandLine(const QStringList &args)
{
    CommandLine c;
    if (!args.isEmpty() && args.first() == QLatin1String("serve")) {
        c.mode = Mode::Serve;
        c.serveArgs = args.mid(1);
        return c;
    }
    if (!args.isEmpty() && args.first() == QLatin1String("run")) {
        c.mode = Mode::Run;
        c.runArgs = args.mid(1);
        return c;
    }
    bool modeSet = false;
    // Two different modes on one line (e.g. --version --list-plugins) are a mistake, not a choice.
    auto setMode = [&](Mode m, const QString &) -> bool {
        if (modeSet && c.mode != m)
            return false;
        c.mode = m;
        modeSet = true;
        return true;
    };
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QLatin1String("--help") || a == QLatin1String("-h")) {
            // Help wins over anything else on the line.
            c.mode = Mode::Help;
            return c;
        } else if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            if (!setMode(Mode::Version, a))
                return fail(QStringLiteral("'%1' cannot be combined with other modes").arg(a));
        } else if (a == QLatin1String("--list-plugins")) {
            if (!setMode(Mode::ListPlugins, a))
                return fail(QStringLiteral("'%1' cannot be combined with other modes").arg(a));
        } else if (a == QLatin1String("--screenshot-panels") ||
                   a.startsWith(QLatin1String("--screenshot-panels="))) {
            QString dir;
            if (a.contains(QLatin1Char('='))) {
                dir = a.section(QLatin1Char('='), 1);
            } else if (i + 1 < args.size()) {
                dir = args.at(++i);
            }
            if (dir.isEmpty() || dir.startsWith(QLatin1String("--")))
                return fail(QStringLiteral("'--screenshot-panels' needs a folder"));
            if (!setMode(Mode::Screenshot, a))
                return fail(QStringLiteral("'%1' cannot be combined with other modes").arg(a));
            c.screenshotDir = dir;
        } else if (a == QLatin1String("--startup-probe")) {
            c.startupProbe = true;
        } else if (a == QLatin1String("--event-loop-probe")) {
            bool ok = false;
            const int seconds = i + 1 < args.size() ? args.at(i + 1).toInt(&ok) : 0;
            if (!ok || seconds < 1 || seconds > 600)
                return fail(
                    QStringLiteral("'--event-loop-probe' needs a number of seconds from 1 to 600"));
            c.eventLoopProbeSeconds = seconds;
            ++i;
        } else if (qtOptionsWithValue().contains(a)) {
            if (i + 1 >= args.size())
                return fail(QStringLiteral("'%1' needs a value").arg(a));
            ++i;
        } else if (qtFlags().contains(a)) {
            continue;
        } else if (a.startsWith(QLatin1Char('-'))) {
            return fail(QStringLiteral("unknown option '%1'").arg(a));
        } else {
            return fail(QStringLiteral("unknown command '%1'").arg(a));
        }
    }
    return c;
}

namespace {

bool takeValue(const QStringList &args, int &i, QString *value, QString *error)
{
    const QString &flag = args.at(i);
    if (i + 1 >= args.size() || args.at(i + 1).startsWith(QLatin1String("--"))) {
        *error = QStringLiteral("'%1' needs a value").arg(flag);
        return false;
    }
    *value = args.at(++i);
    return true;
}

bool parseInt(const QString &flag, const QString &text, int min, int max, int *out, QString *error)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok) {
        *error = QStringLiteral("'%1 %2': not a number").arg(flag, text);
        return false;
    }
    if (v < min || v > max) {
        *error =
            QStringLiteral("'%1 %2': must be between %3 and %4").arg(flag, text).arg(min).arg(max);
        return false;
    }
    *out = v;
    return true;
}

// Bytes with an optional K, M or G suffix (powers of 1024): "50M", "1048576".
bool parseBytes(const QString &flag, const QString &text, qint64 min, qint64 *out, QString *error)
{
    QString digits = text.trimmed();
    qint64 unit = 1;
    const QChar last = digits.isEmpty() ? QChar() : digits.back().toUpper();
    if (last == QLatin1Char('K') || last == QLatin1Char('M') || last == QLatin1Char('G')) {
        unit = last == QLatin1Char('K')   ? 1024
               : last == QLatin1Char('M') ? 1024 * 1024
                                          : 1024 * 1024 * 1024;
        digits.chop(1);
    }
    bool ok = false;
    const qint64 n = digits.toLongLong(&ok);
    if (!ok || n < 0) {
        *error = QStringLiteral("'%1 %2': not a size (bytes, or a number with K, M or G)")
                     .arg(flag, text);
        return false;
    }
    if (n > (qint64(1) << 50) / unit || n * unit < min) {
        *error = QStringLiteral("'%1 %2': must be at least %3 bytes").arg(flag, text).arg(min);
        return false;
    }
    *out = n * unit;
    return true;
}

} // namespace

ServeOptions parseServeArguments(const QStringList &rawArgs, const QString &defaultDataDir)
{
    ServeOptions o;
    // Accept --flag=value as well as --flag value.
    QStringList args;
    for (const QString &a : rawArgs) {
        if (a.startsWith(QLatin1String("--")) && a.contains(QLatin1Char('='))) {
            const QString flag = a.section(QLatin1Char('='), 0, 0);
            const QString value = a.section(QLatin1Char('='), 1);
            if (value.isEmpty()) {
                o.error = QStringLiteral("'%1' needs a value").arg(flag);
                return o;
            }
            args << flag << value;
        } else {
            args << a;
        }
    }
    QString value;
    for (int i = 0; i < args.size(); ++i) {
        const QString flag = args.at(i);
        auto take = [&](QString *v) { return takeValue(args, i, v, &o.error); };
        if (flag == QLatin1String("--help") || flag == QLatin1String("-h")) {
            o.help = true;
            return o;
        } else if (flag == QLatin1String("--port")) {
            int port = 0;
            if (!take(&value) || !parseInt(flag, value, 0, 65535, &port, &o.error))
                return o;
            o.config.port = quint16(port);
        } else if (flag == QLatin1String("--bind")) {
            if (!take(&value))
                return o;
            if (QHostAddress(value).isNull()) {
                o.error = QStringLiteral("'--bind %1': not an IP address").arg(value);
                return o;
            }
            o.config.bindAddress = value;
        } else if (flag == QLatin1String("--data")) {
            if (!take(&value))
                return o;
            o.config.dataDir = value;
        } else if (flag == QLatin1String("--db")) {
            if (!take(&value))
                return o;
            o.config.dbUrl = value;
        } else if (flag == QLatin1String("--threads")) {
            int threads = 0;
            if (!take(&value) || !parseInt(flag, value, 0, 1024, &threads, &o.error))
                return o;
            o.config.threads = threads;
        } else if (flag == QLatin1String("--demo")) {
            o.config.demo = true;
        } else if (flag == QLatin1String("--log-file")) {
            o.config.logToFile = true;
        } else if (flag == QLatin1String("--log-ring")) {
            if (!take(&value) ||
                !parseInt(flag, value, 1000, 10'000'000, &o.config.logCapacity, &o.error))
                return o;
        } else if (flag == QLatin1String("--log-max-bytes")) {
            if (!take(&value) ||
                !parseBytes(flag, value, 4096, &o.config.logFileMaxBytes, &o.error))
                return o;
        } else if (flag == QLatin1String("--log-keep")) {
            if (!take(&value) || !parseInt(flag, value, 1, 100, &o.config.logFileKeep, &o.error))
                return o;
        } else if (flag == QLatin1String("--no-response-cache")) {
            o.config.responseCache = false;
        } else if (flag == QLatin1String("--allow-register")) {
            o.config.allowRegister = true;
        } else if (flag == QLatin1String("--lockout-attempts")) {
            if (!take(&value) ||
                !parseInt(flag, value, 1, 1000, &o.config.lockoutAttempts, &o.error))
                return o;
        } else if (flag == QLatin1String("--lockout-minutes")) {
            if (!take(&value) ||
                !parseInt(flag, value, 1, 7 * 24 * 60, &o.config.lockoutMinutes, &o.error))
                return o;
        } else if (flag == QLatin1String("--tls-cert")) {
            if (!take(&value))
                return o;
            o.config.tlsCertFile = value;
        } else if (flag == QLatin1String("--tls-key")) {
            if (!take(&value))
                return o;
            o.config.tlsKeyFile = value;
        } else if (flag.startsWith(QLatin1Char('-'))) {
            o.error = QStringLiteral("unknown option '%1'").arg(flag);
            return o;
        } else {
            o.error = QStringLiteral("unexpected argument '%1'").arg(flag);
            return o;
        }
    }
    if (o.config.tlsCertFile.isEmpty() != o.config.tlsKeyFile.isEmpty()) {
        o.error = o.config.tlsCertFile.isEmpty()
                      ? QStringLiteral("'--tls-key' needs '--tls-cert' as well")
                      : QStringLiteral("'--tls-cert' needs '--tls-key' as well");
        return o;
    }
    if (o.config.dataDir.isEmpty())
        o.config.dataDir = defaultDataDir;
    return o;
}

QString versionText()
{
    return QStringLiteral("backbench %1 (Qt %2)\n")
        .arg(QLatin1String(BB_VERSION), QLatin1String(qVersion()));
}

QString helpText()
{
    return QStringLiteral(
        "Usage: backbench [OPTION]\n"
        "       backbench serve [SERVE OPTIONS]\n"
        "       backbench run COLLECTION [RUN OPTIONS]\n"
        "\n"
        "A desktop workbench for backend work. Without arguments, opens the window with the\n"
        "embedded engine started on SQLite in your data folder.\n"
        "\n"
        "Commands:\n"
        "  serve                     run the engine headless until SIGINT/SIGTERM\n"
        "                            (see 'backbench serve --help')\n"
        "  run                       run a collection's requests and tests, like newman\n"
        "                            (see 'backbench run --help')\n"
        "\n"
        "Options:\n"
        "  -h, --help                show this help and exit\n"
        "  -v, --version             show the version and exit\n"
        "  --list-plugins            list the panel plugins with their state and exit\n"
        "  --screenshot-panels DIR   render every panel offscreen to DIR/<panel-id>.png\n"
        "\n"
        "Exit status: 0 on success, 1 on failure, 2 on a bad command line.\n");
}

QString serveHelpText()
{
    return QStringLiteral(
        "Usage: backbench serve [OPTIONS]\n"
        "\n"
        "Runs the Backbench engine without a window until SIGINT or SIGTERM, then stops\n"
        "gracefully. Prints the address it listens on.\n"
        "\n"
        "Options:\n"
        "  --port N          TCP port, 0 picks a free one (default 8080)\n"
        "  --bind ADDR       IP address to listen on (default 127.0.0.1)\n"
        "  --data DIR        data folder for the SQLite file, logs and keys\n"
        "                    (default: your application data folder + /engine)\n"
        "  --db URL          database URL: sqlite:FILE or postgres://… (default: SQLite in DIR)\n"
        "  --threads N       I/O threads, 0 = one per core (default 0)\n"
        "  --demo            seed the demo tables when they are empty\n"
        "  --log-file        also write the log as JSON lines to DIR/logs/engine.jsonl\n"
        "  --log-ring N      log records kept in memory (default 100000)\n"
        "  --log-max-bytes N rotate the log file past N bytes; K, M, G suffixes (default 50M)\n"
        "  --log-keep N      rotated log files kept, engine.jsonl.1 .. .N (default 5)\n"
        "  --no-response-cache  answer every GET from the database\n"
        "  --allow-register  let anyone create an account (POST /api/v1/auth/register)\n"
        "  --lockout-attempts N  failed logins in a row before an account locks (default 5)\n"
        "  --lockout-minutes N   how long a lock lasts (default 15)\n"
        "  --tls-cert FILE   PEM certificate; needs --tls-key\n"
        "  --tls-key FILE    PEM private key; needs --tls-cert\n"
        "  -h, --help        show this help and exit\n"
        "\n"
        "\n"
        "On a first start with no admin, BACKBENCH_ADMIN_EMAIL and BACKBENCH_ADMIN_PASSWORD\n"
        "name the admin to create; without them admin@localhost gets a random password,\n"
        "printed once. BACKBENCH_JWT_SECRET sets the token signing key (else DIR/jwt.key).\n"
        "\n"
        "Exit status: 0 after a clean stop, 1 when the engine cannot start, 2 on bad arguments.\n");
}

} // namespace bb::app
