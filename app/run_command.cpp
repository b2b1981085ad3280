#include "app/run_command.h"

#include "tester/collection_runner.h"
#include "tester/reporters.h"
#include "workspace/curl.h"
#include "workspace/har.h"
#include "workspace/http_file.h"
#include "workspace/openapi.h"
#include "workspace/postman.h"
#include "workspace/postman_environment.h"
#include "workspace/workspace_store.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <unistd.h>

namespace bb::app {

namespace {

/// "path:line:column: message" for an error with a byte offset, "path: message" otherwise; the
/// path as the user gave it, as compilers do, so it can be pasted back into a shell or editor.
QString located(const QString &path, const QByteArray &bytes, const Error &e)
{
    const QString &name = path;
    if (e.position < 0)
        return QStringLiteral("%1: %2").arg(name, e.message);
    const QByteArrayView before =
        QByteArrayView(bytes).first(std::min<qsizetype>(e.position, bytes.size()));
    const int line = int(before.count('\n')) + 1;
    const int column = int(before.size() - (before.lastIndexOf('\n') + 1)) + 1;
    return QStringLiteral("%1:%2:%3: %4").arg(name).arg(line).arg(column).arg(e.message);
}

bb::Result<QByteArray> readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("%1: %2").arg(path, f.errorString()));
    return f.readAll();
}

enum class Format { Postman, OpenApi, Har, HttpFile, Curl };

// By content first (a .json may be any of three formats), then by extension.
Format detectFormat(const QString &path, const QByteArray &bytes)
{
    const QByteArray head = bytes.left(4096).trimmed();
    const QString ext = QFileInfo(path).suffix().toLower();
    if (head.startsWith('{')) {
        const QJsonObject o = QJsonDocument::fromJson(bytes).object();
        if (o.contains(QLatin1String("openapi")) || o.contains(QLatin1String("swagger")))
            return Format::OpenApi;
        if (o.value(QLatin1String("log")).isObject())
            return Format::Har;
        return Format::Postman;
    }
    if (ext == u"yaml" || ext == u"yml" || head.startsWith("openapi:") ||
        head.contains("\nopenapi:"))
        return Format::OpenApi;
    if (ext == u"har")
        return Format::Har;
    if (head.startsWith("curl ") || head.startsWith("curl\t") || ext == u"curl" || ext == u"sh")
        return Format::Curl;
    return Format::HttpFile;
}

QString helpFor(const QString &message)
{
    return message + QStringLiteral(". See 'backbench run --help'");
}

bool parseInt(const QString &text, int &out)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < 0)
        return false;
    out = v;
    return true;
}

void print(std::FILE *stream, const QString &text)
{
    std::fputs(text.toUtf8().constData(), stream);
    std::fflush(stream);
}

/// A workspace folder (it holds backbench-workspace.yaml) and, for DIR/name, the collection.
struct WorkspaceTarget {
    QString root;
    QString collection; ///< a collection's name or id; empty = the workspace's only collection
};

bool isWorkspace(const QString &dir)
{
    return QFileInfo::exists(dir + QStringLiteral("/backbench-workspace.yaml"));
}

std::optional<WorkspaceTarget> workspaceTarget(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir() && isWorkspace(path))
        return WorkspaceTarget{path, {}};
    if (!info.isFile() && isWorkspace(info.absolutePath()))
        return WorkspaceTarget{info.absolutePath(), info.fileName()};
    return std::nullopt;
}

bb::Result<workspace::Collection> loadWorkspaceCollection(const WorkspaceTarget &target)
{
    auto store = workspace::WorkspaceStore::open(target.root);
    if (!store)
        return Error::invalid(QStringLiteral("%1: %2").arg(target.root, store.error().message));
    const QList<workspace::WorkspaceNode> &collections = store.value()->root().children;
    QStringList names;
    for (const workspace::WorkspaceNode &n : collections)
        names << n.name;
    const workspace::WorkspaceNode *chosen = nullptr;
    if (target.collection.isEmpty()) {
        if (collections.size() == 1)
            chosen = &collections.first();
        else if (collections.isEmpty())
            return Error::invalid(
                QStringLiteral("%1: the workspace has no collection").arg(target.root));
        else
            return Error::invalid(QStringLiteral("%1: the workspace has %2 collections (%3); name "
                                                 "one as %1/<collection>")
                                      .arg(target.root)
                                      .arg(collections.size())
                                      .arg(names.join(QStringLiteral(", "))));
    } else {
        for (const workspace::WorkspaceNode &n : collections)
            if (n.name == target.collection || n.id == target.collection)
                chosen = &n;
        if (!chosen)
            return Error::notFound(
                QStringLiteral("%1: no collection '%2' in the workspace (%3)")
                    .arg(target.root, target.collection, names.join(QStringLiteral(", "))));
    }
    auto collection = store.value()->collection(chosen->id);
    if (!collection)
        return Error::invalid(
            QStringLiteral("%1: %2").arg(target.root, collection.error().message));
    return collection.value();
}

// Ctrl-C stops the run like the Stop button: the summary and reports are still written. The
// handler only writes a byte (async-signal-safe); a second Ctrl-C kills the process as usual.
int g_interruptPipe[2] = {-1, -1};

extern "C" void onInterrupt(int)
{
    const int saved = errno;
    const char byte = 1;
    [[maybe_unused]] const ssize_t n = ::write(g_interruptPipe[1], &byte, 1);
    errno = saved;
}

bool installInterruptHandler()
{
    if (::pipe2(g_interruptPipe, O_CLOEXEC | O_NONBLOCK) != 0)
        return false;
    struct sigaction sa = {};
    sa.sa_handler = onInterrupt;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    return ::sigaction(SIGINT, &sa, nullptr) == 0 && ::sigaction(SIGTERM, &sa, nullptr) == 0;
}

} // namespace

RunArguments parseRunArguments(const QStringList &args)
{
    RunArguments a;
    auto fail = [&](const QString &message) {
        a.error = helpFor(message);
        return a;
    };
    bool reportersSet = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        // "--flag=value" and "--flag value" both work, as in newman.
        QString flag = arg, inlineValue;
        bool hasInline = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(u'=')) {
            flag = arg.section(u'=', 0, 0);
            inlineValue = arg.section(u'=', 1);
            hasInline = true;
        }
        auto value = [&](QString &out) -> bool {
            if (hasInline) {
                out = inlineValue;
                return true;
            }
            if (i + 1 >= args.size())
                return false;
            out = args.at(++i);
            return true;
        };
        QString v;
        if (flag == u"-h" || flag == u"--help") {
            a.help = true;
        } else if (flag == u"-e" || flag == u"--environment") {
            if (!value(a.environment))
                return fail(QStringLiteral("%1 needs a file").arg(flag));
        } else if (flag == u"-d" || flag == u"--iteration-data") {
            if (!value(a.dataFile))
                return fail(QStringLiteral("%1 needs a file").arg(flag));
        } else if (flag == u"-n" || flag == u"--iteration-count") {
            if (!value(v) || !parseInt(v, a.iterations) || a.iterations < 1)
                return fail(
                    QStringLiteral("%1 needs a number of iterations (1 or more)").arg(flag));
        } else if (flag == u"--folder") {
            if (!value(a.folder) || a.folder.isEmpty())
                return fail(QStringLiteral("--folder needs a folder name"));
        } else if (flag == u"-r" || flag == u"--reporter" || flag == u"--reporters") {
            if (!value(v))
                return fail(QStringLiteral("%1 needs a list such as cli,json,junit").arg(flag));
            if (!reportersSet)
                a.reporters.clear();
            reportersSet = true;
            for (const QString &r : v.split(u',', Qt::SkipEmptyParts)) {
                const QString name = r.trimmed();
                if (name != u"cli" && name != u"json" && name != u"junit")
                    return fail(
                        QStringLiteral("unknown reporter '%1' (cli, json, junit)").arg(name));
                if (!a.reporters.contains(name))
                    a.reporters.append(name);
            }
        } else if (flag == u"--reporter-json-export") {
            if (!value(a.jsonExport) || a.jsonExport.isEmpty())
                return fail(QStringLiteral("--reporter-json-export needs a file"));
        } else if (flag == u"--reporter-junit-export") {
            if (!value(a.junitExport) || a.junitExport.isEmpty())
                return fail(QStringLiteral("--reporter-junit-export needs a file"));
        } else if (flag == u"--export-results") {
            if (!value(a.exportResults) || a.exportResults.isEmpty())
                return fail(QStringLiteral("--export-results needs a file"));
        } else if (flag == u"--delay-request") {
            if (!value(v) || !parseInt(v, a.delayMs))
                return fail(QStringLiteral("--delay-request needs milliseconds"));
        } else if (flag == u"--timeout-request") {
            if (!value(v) || !parseInt(v, a.timeoutMs))
                return fail(QStringLiteral("--timeout-request needs milliseconds"));
        } else if (flag == u"--bail") {
            a.bail = true;
        } else if (flag == u"--env-var") {
            if (!value(v) || !v.contains(u'=') || v.startsWith(u'='))
                return fail(QStringLiteral("--env-var needs NAME=VALUE"));
            a.envVars.append({v.section(u'=', 0, 0), v.section(u'=', 1), true});
        } else if (arg.startsWith(u'-') && arg.size() > 1) {
            return fail(QStringLiteral("unknown option '%1'").arg(arg));
        } else if (a.collection.isEmpty()) {
            a.collection = arg;
        } else {
            return fail(
                QStringLiteral("unexpected argument '%1' (one collection per run)").arg(arg));
        }
    }
    if (a.help)
        return a;
    if (a.collection.isEmpty())
        return fail(QStringLiteral("no collection given"));
    // A report without an export file goes to standard output; two cannot share it.
    const bool jsonToStdout = a.reporters.contains(u"json"_qs) && a.jsonExport.isEmpty();
    const bool junitToStdout = a.reporters.contains(u"junit"_qs) && a.junitExport.isEmpty();
    if (jsonToStdout && junitToStdout)
        return fail(
            QStringLiteral("the json and junit reporters both need an export file "
                           "(--reporter-json-export, --reporter-junit-export) when used together"));
    return a;
}

bb::Result<workspace::Collection> loadRunCollection(const QString &path)
{
    if (const auto target = workspaceTarget(path))
        return loadWorkspaceCollection(*target);
    const QFileInfo info(path);
    if (info.isDir())
        return Error::invalid(
            QStringLiteral("%1: a folder that is not a Backbench workspace").arg(path));
    auto bytes = readFile(path);
    if (!bytes)
        return bytes.error();
    bb::Result<workspace::ImportReport> report = Error::internal({});
    switch (detectFormat(path, bytes.value())) {
    case Format::Postman:
        report = workspace::importPostman(bytes.value());
        break;
    case Format::OpenApi:
        report = workspace::importOpenApi(bytes.value());
        break;
    case Format::Har:
        report = workspace::importHar(bytes.value());
        break;
    case Format::Curl:
        report = workspace::importCurl(QString::fromUtf8(bytes.value()));
        break;
    case Format::HttpFile:
        report = workspace::importHttpFile(QString::fromUtf8(bytes.value()));
        break;
    }
    if (!report)
        return Error::invalid(located(path, bytes.value(), report.error()));
    workspace::Collection c = report->collection;
    if (c.name.isEmpty())
        c.name = info.completeBaseName();
    return c;
}

bb::Result<workspace::Environment> loadRunEnvironment(const QString &path,
                                                      const QString &collectionPath)
{
    // With a workspace, -e may name one of its environments instead of a file.
    const auto target = workspaceTarget(collectionPath);
    if (target && !QFileInfo(path).isFile()) {
        auto store = workspace::WorkspaceStore::open(target->root);
        if (!store)
            return Error::invalid(
                QStringLiteral("%1: %2").arg(target->root, store.error().message));
        QStringList names;
        for (const workspace::Environment &env : store.value()->environments()) {
            if (env.name == path)
                return env;
            names << env.name;
        }
        return Error::notFound(QStringLiteral("no environment '%1' in the workspace (%2)")
                                   .arg(path, names.join(QStringLiteral(", "))));
    }
    auto bytes = readFile(path);
    if (!bytes)
        return bytes.error();
    auto env = workspace::importPostmanEnvironment(bytes.value());
    if (!env)
        return Error::invalid(located(path, bytes.value(), env.error()));
    if (env->name.isEmpty())
        env->name = QFileInfo(path).completeBaseName();
    return env;
}

QString runHelpText()
{
    return QStringLiteral(
        "Usage: backbench run COLLECTION [OPTIONS]\n"
        "\n"
        "Runs every request of a collection, with its pre-request and test scripts, like newman.\n"
        "COLLECTION is a Postman collection (v2.0/v2.1), an OpenAPI document, a HAR file, a .http\n"
        "file, a file holding a cURL command, or a Backbench workspace folder (DIR when it holds\n"
        "one collection, else DIR/COLLECTION-NAME).\n"
        "\n"
        "Options:\n"
        "  -e, --environment FILE       a Postman environment file (or, with a workspace, the\n"
        "                               name of one of its environments)\n"
        "  -n, --iteration-count N      run the collection N times (default: one per data row)\n"
        "  -d, --iteration-data FILE    CSV (with a header row) or JSON array: one row per "
        "iteration\n"
        "  --folder NAME                run only this folder (a name, or a path like A/B)\n"
        "  -r, --reporter LIST          cli, json, junit, comma-separated (default cli)\n"
        "  --reporter-json-export FILE  write the json report there (default: standard output)\n"
        "  --reporter-junit-export FILE write the junit report there (default: standard output)\n"
        "  --export-results FILE        also write the json report to FILE\n"
        "  --delay-request MS           pause between requests\n"
        "  --timeout-request MS         fail a request that takes longer\n"
        "  --bail                       stop at the first failure\n"
        "  --env-var NAME=VALUE         set an environment variable (repeatable)\n"
        "\n"
        "Exit status: 0 when every test passed, 1 when a test, script or request failed,\n"
        "2 for bad arguments or an unreadable collection, environment or data file.\n");
}

int runRun(int &argc, char **argv, const QStringList &args)
{
    const RunArguments a = parseRunArguments(args);
    if (a.help) {
        print(stdout, runHelpText());
        return 0;
    }
    auto usage = [](const QString &message) {
        print(stderr, QStringLiteral("backbench run: %1\n").arg(message));
        return 2;
    };
    if (!a.error.isEmpty())
        return usage(a.error);

    QCoreApplication app(argc, argv);
    auto collection = loadRunCollection(a.collection);
    if (!collection)
        return usage(collection.error().message);
    workspace::Environment environment;
    if (!a.environment.isEmpty()) {
        auto env = loadRunEnvironment(a.environment, a.collection);
        if (!env)
            return usage(env.error().message);
        environment = env.value();
    }
    for (const workspace::KeyValue &kv : a.envVars) {
        auto it = std::find_if(environment.variables.begin(), environment.variables.end(),
                               [&](const workspace::Variable &v) { return v.name == kv.name; });
        if (it != environment.variables.end()) {
            it->value = kv.value;
            it->enabled = true;
        } else {
            environment.variables.append({kv.name, kv.value, true, false});
        }
    }
    tester::RunOptions options;
    options.iterations = a.iterations;
    options.delayMs = a.delayMs;
    options.timeoutMs = a.timeoutMs;
    options.bail = a.bail;
    if (!a.dataFile.isEmpty()) {
        auto rows = tester::readDataFile(a.dataFile);
        if (!rows)
            return usage(rows.error().message);
        options.data = rows.value();
        if (options.data.isEmpty())
            return usage(QStringLiteral("%1: no data rows").arg(a.dataFile));
    }
    auto plan = tester::planRun(collection.value(), a.folder);
    if (!plan)
        return usage(plan.error().message);

    const bool cli = a.reporters.contains(u"cli"_qs);
    const bool reportToStdout = (a.reporters.contains(u"json"_qs) && a.jsonExport.isEmpty()) ||
                                (a.reporters.contains(u"junit"_qs) && a.junitExport.isEmpty());
    // Progress shares the terminal with nothing else unless a report is written to stdout.
    std::FILE *progressStream = reportToStdout ? stderr : stdout;
    const tester::CliStyle style{::isatty(::fileno(progressStream)) == 1};
    int failureNumber = 1;

    tester::CollectionRunner runner;
    int exitCode = 0;
    if (cli) {
        print(progressStream, QStringLiteral("backbench run\n\n%1\n").arg(collection->name));
        QObject::connect(&runner, &tester::CollectionRunner::iterationStarted, &app,
                         [&](int iteration, int count) {
                             if (count > 1)
                                 print(progressStream,
                                       tester::cliIterationHeader(iteration, count));
                         });
        QObject::connect(&runner, &tester::CollectionRunner::requestFinished, &app,
                         [&](const tester::RequestRun &run) {
                             print(progressStream,
                                   tester::cliRequestLines(run, failureNumber, style));
                         });
    }
    QObject::connect(
        &runner, &tester::CollectionRunner::finished, &app, [&](const tester::RunSummary &summary) {
            if (!summary.error.isEmpty())
                print(stderr, QStringLiteral("backbench run: %1\n").arg(summary.error));
            if (cli)
                print(progressStream, tester::cliSummary(summary, style));
            exitCode = summary.passed() ? 0 : 1;
            auto write = [&](const QString &path, const QByteArray &bytes) {
                if (path.isEmpty()) {
                    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
                    std::fflush(stdout);
                    return;
                }
                auto written = tester::writeReportFile(path, bytes);
                if (!written) {
                    print(stderr,
                          QStringLiteral("backbench run: %1\n").arg(written.error().message));
                    exitCode = std::max(exitCode, 1);
                }
            };
            if (a.reporters.contains(u"json"_qs))
                write(a.jsonExport, tester::toJsonReport(summary));
            if (a.reporters.contains(u"junit"_qs))
                write(a.junitExport, tester::toJUnit(summary));
            if (!a.exportResults.isEmpty())
                write(a.exportResults, tester::toJsonReport(summary));
            QCoreApplication::quit();
        });
    std::unique_ptr<QSocketNotifier> interrupt;
    if (installInterruptHandler()) {
        interrupt = std::make_unique<QSocketNotifier>(g_interruptPipe[0], QSocketNotifier::Read);
        QObject::connect(interrupt.get(), &QSocketNotifier::activated, &app, [&] {
            char byte;
            while (::read(g_interruptPipe[0], &byte, 1) > 0) {
            }
            runner.cancel();
        });
    }
    runner.start(collection.value(), a.folder, environment, options);
    app.exec();
    return exitCode;
}

} // namespace bb::app
