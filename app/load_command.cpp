#include "app/load_command.h"

#include "loadtest/load_run.h"
#include "loadtest/report_csv.h"
#include "loadtest/report_html.h"
#include "loadtest/report_json.h"
#include "loadtest/report_k6.h"
#include "loadtest/report_text.h"
#include "tester/run_data.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <thread>

namespace bb::app {

namespace {

using namespace bb::loadtest;

void print(std::FILE *stream, const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stream);
    std::fflush(stream);
}

void print(std::FILE *stream, const std::string &text)
{
    std::fputs(text.c_str(), stream);
    std::fflush(stream);
}

bool positiveInt(const QString &text, long long max, long long &out)
{
    bool ok = false;
    out = text.toLongLong(&ok);
    return ok && out >= 1 && out <= max;
}

std::string ms(double v)
{
    char buf[32];
    if (v >= 1000)
        std::snprintf(buf, sizeof buf, "%.2fs", v / 1000);
    else if (v >= 1)
        std::snprintf(buf, sizeof buf, "%.2fms", v);
    else
        std::snprintf(buf, sizeof buf, "%.0fus", v * 1000);
    return buf;
}

/// Writes one report atomically (QSaveFile); returns the error or an empty string.
QString writeReport(const QString &path, const std::string &text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    file.write(text.data(), qint64(text.size()));
    if (!file.commit())
        return QStringLiteral("%1: %2").arg(path, file.errorString());
    return {};
}

std::atomic<bool> g_interrupted{false};

extern "C" void onLoadInterrupt(int)
{
    g_interrupted = true;
    // A second ^C ends the process the usual way.
    std::signal(SIGINT, SIG_DFL);
}

/// "Name: value" as curl's -H takes it.
bool parseHeader(const QString &text, std::pair<std::string, std::string> &out)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    out.first = text.left(colon).trimmed().toStdString();
    out.second = text.mid(colon + 1).trimmed().toStdString();
    return !out.first.empty();
}

} // namespace

QString loadHelpText()
{
    return QStringLiteral(
        "Usage: backbench load URL [OPTIONS]\n"
        "\n"
        "Load-tests URL and prints a wrk-like summary. Closed model by default (each connection\n"
        "sends its next request when the previous one is answered); --rate switches to the open\n"
        "model, where requests are due on a schedule and latency is measured from when each was\n"
        "due (corrected for coordinated omission, as wrk2), with the uncorrected figure beside "
        "it.\n"
        "\n"
        "Options:\n"
        "  -c, --connections N     connections (default 10; 100 with --rate)\n"
        "  -t, --threads N         worker threads (default: one per core, at most N connections)\n"
        "  -d, --duration D        how long, e.g. 30s, 2m, 1h (default 10s)\n"
        "  -n, --requests N        closed model: exactly N requests, then stop\n"
        "  --rate RPS              open model at RPS requests per second\n"
        "  --stages LIST           ramps, e.g. 10s:100,30s:100,10s:0: connections, or requests\n"
        "                          per second with --model open\n"
        "  --model closed|open     the model (open is implied by --rate)\n"
        "  --think MS              closed model: pause after each answer\n"
        "  -m, --method METHOD     HTTP method (default GET)\n"
        "  -H, --header 'K: V'     add a header (repeatable)\n"
        "  -b, --body BODY|@FILE   request body\n"
        "  --data FILE             rows (CSV with a header, or a JSON array of objects) for\n"
        "                          {{name}} in the URL, headers and body; row i for request i\n"
        "  --check SPEC            status=200,201 | header:NAME[=VALUE] | body~TEXT |\n"
        "                          json:$.path[=VALUE] (repeatable)\n"
        "  --threshold SPEC        p95<200ms, p99<1s, error_rate<0.01, rps>1000, checks>0.99;\n"
        "                          add ',abort' to stop the run as soon as it fails (repeatable)\n"
        "  --pipeline N            requests in flight per connection (default 1)\n"
        "  --timeout S             per-request timeout in seconds (default 10)\n"
        "  --insecure              accept any TLS certificate\n"
        "  --json FILE             the summary as JSON (k6's --summary-export shape)\n"
        "  --csv FILE              the time series, one row per 250 ms\n"
        "  --html FILE             a self-contained HTML report with charts\n"
        "  --k6 FILE               the scenario as a k6 script (to run it distributed);\n"
        "                          credential headers are read from __ENV (k6 run -e NAME=…)\n"
        "                          and masked (Bearer ••••) in the JSON and HTML reports\n"
        "  --quiet                 no progress lines\n"
        "  -h, --help              show this help\n"
        "\n"
        "Exit status: 0 done, 99 a threshold failed, 1 the target could not be reached,\n"
        "2 bad arguments, 130 interrupted (the summary is still printed).\n");
}

LoadArguments parseLoadArguments(const QStringList &args)
{
    LoadArguments a;
    Scenario &s = a.scenario;
    RequestSpec request;
    bool connectionsSet = false, durationSet = false, openModel = false, modelSet = false;
    auto fail = [&](const QString &flag, const QString &reason) {
        a.error = flag + QStringLiteral(": ") + reason;
        return a;
    };
    for (qsizetype i = 0; i < args.size(); ++i) {
        const QString &arg = args.at(i);
        auto value = [&](QString &out) {
            if (i + 1 >= args.size())
                return false;
            out = args.at(++i);
            return true;
        };
        QString v;
        long long n = 0;
        if (arg == u"-h" || arg == u"--help") {
            a.help = true;
            return a;
        }
        if (arg == u"--insecure") {
            s.insecureTls = true;
        } else if (arg == u"--quiet" || arg == u"-q") {
            a.quiet = true;
        } else if (!arg.startsWith(QLatin1Char('-'))) {
            if (!request.url.empty())
                return fail(arg, QStringLiteral("a second URL; one run loads one URL"));
            request.url = arg.toStdString();
        } else if (!value(v)) {
            return fail(arg, QStringLiteral("needs a value"));
        } else if (arg == u"-c" || arg == u"--connections") {
            if (!positiveInt(v, 100'000, n))
                return fail(arg, QStringLiteral("\"%1\": expected 1 to 100000").arg(v));
            s.connections = int(n);
            connectionsSet = true;
        } else if (arg == u"-t" || arg == u"--threads") {
            if (!positiveInt(v, 1024, n))
                return fail(arg, QStringLiteral("\"%1\": expected 1 to 1024").arg(v));
            s.threads = int(n);
        } else if (arg == u"-d" || arg == u"--duration") {
            auto d = parseDuration(v.toStdString());
            if (auto *err = std::get_if<std::string>(&d))
                return fail(arg, QString::fromStdString(*err));
            if (!(std::get<double>(d) > 0))
                return fail(arg, QStringLiteral("must be longer than 0 s"));
            s.durationSeconds = std::get<double>(d);
            durationSet = true;
        } else if (arg == u"-n" || arg == u"--requests") {
            if (!positiveInt(v, 1'000'000'000'000LL, n))
                return fail(arg, QStringLiteral("\"%1\": expected a whole number above 0").arg(v));
            s.maxRequests = std::uint64_t(n);
        } else if (arg == u"--rate") {
            bool ok = false;
            s.rate = v.toDouble(&ok);
            if (!ok || !(s.rate > 0) || s.rate > 10'000'000)
                return fail(arg,
                            QStringLiteral("\"%1\": expected requests per second above 0").arg(v));
            openModel = true;
        } else if (arg == u"--stages") {
            auto st = parseStages(v.toStdString());
            if (auto *err = std::get_if<std::string>(&st))
                return fail(arg, QString::fromStdString(*err));
            s.stages = std::get<std::vector<Stage>>(st);
        } else if (arg == u"--model") {
            if (v != u"open" && v != u"closed")
                return fail(arg, QStringLiteral("\"%1\": expected open or closed").arg(v));
            modelSet = true;
            openModel = v == u"open";
        } else if (arg == u"--think") {
            bool ok = false;
            s.thinkTimeMs = v.toDouble(&ok);
            if (!ok || s.thinkTimeMs < 0)
                return fail(arg, QStringLiteral("\"%1\": expected milliseconds").arg(v));
        } else if (arg == u"-m" || arg == u"--method") {
            request.method = v.toUpper().toStdString();
        } else if (arg == u"-H" || arg == u"--header") {
            std::pair<std::string, std::string> h;
            if (!parseHeader(v, h))
                return fail(arg, QStringLiteral("\"%1\": expected 'Name: value'").arg(v));
            request.headers.push_back(std::move(h));
        } else if (arg == u"-b" || arg == u"--body") {
            if (v.startsWith(QLatin1Char('@'))) {
                QFile f(v.mid(1));
                if (!f.open(QIODevice::ReadOnly))
                    return fail(arg, QStringLiteral("%1: %2").arg(v.mid(1), f.errorString()));
                request.body = f.readAll().toStdString();
            } else {
                request.body = v.toStdString();
            }
        } else if (arg == u"--data") {
            a.dataFile = v;
        } else if (arg == u"--check") {
            auto c = Check::parse(v.toStdString());
            if (auto *err = std::get_if<std::string>(&c))
                return fail(arg, QString::fromStdString(*err));
            s.checks.push_back(std::get<Check>(c));
        } else if (arg == u"--threshold") {
            auto t = Threshold::parse(v.toStdString());
            if (auto *err = std::get_if<std::string>(&t))
                return fail(arg, QString::fromStdString(*err));
            s.thresholds.push_back(std::get<Threshold>(t));
        } else if (arg == u"--pipeline") {
            if (!positiveInt(v, 256, n))
                return fail(arg, QStringLiteral("\"%1\": expected 1 to 256").arg(v));
            s.pipeline = int(n);
        } else if (arg == u"--timeout") {
            auto d = parseDuration(v.toStdString());
            if (auto *err = std::get_if<std::string>(&d))
                return fail(arg, QString::fromStdString(*err));
            if (!(std::get<double>(d) > 0))
                return fail(arg, QStringLiteral("must be longer than 0 s"));
            s.timeoutSeconds = std::get<double>(d);
        } else if (arg == u"--json") {
            a.jsonFile = v;
        } else if (arg == u"--csv") {
            a.csvFile = v;
        } else if (arg == u"--html") {
            a.htmlFile = v;
        } else if (arg == u"--k6") {
            a.k6File = v;
        } else {
            return fail(arg, QStringLiteral("unknown option"));
        }
    }
    if (request.url.empty())
        return fail(QStringLiteral("URL"),
                    QStringLiteral("missing; e.g. backbench load http://127.0.0.1:8080/"));
    if (modelSet && !openModel && s.rate > 0)
        return fail(QStringLiteral("--model"), QStringLiteral("closed cannot take --rate"));
    if (s.rate > 0 && !s.stages.empty())
        return fail(
            QStringLiteral("--rate"),
            QStringLiteral(
                "give either --rate or --stages (with --model open, stage targets are rates)"));
    s.model = openModel ? Model::Open : Model::Closed;
    if (openModel && s.maxRequests > 0)
        return fail(
            QStringLiteral("-n"),
            QStringLiteral("counts requests in the closed model; the open model runs for -d"));
    if (openModel && !connectionsSet)
        s.connections = 100;
    if (s.maxRequests > 0 && !durationSet)
        s.durationSeconds = 24 * 3600; // -n alone: the count ends the run
    if (!a.dataFile.isEmpty()) {
        auto rows = tester::readDataFile(a.dataFile);
        if (!rows)
            return fail(QStringLiteral("--data"), rows.error().message);
        for (const tester::DataRow &row : rows.value()) {
            std::map<std::string, std::string> values;
            for (const auto &kv : row)
                values[kv.name.toStdString()] = kv.value.toStdString();
            s.dataRows.push_back(std::move(values));
        }
        if (s.dataRows.empty())
            return fail(QStringLiteral("--data"), QStringLiteral("%1 has no rows").arg(a.dataFile));
    }
    s.requests.push_back(std::move(request));
    if (const std::string err = LoadRun(s).validate(); !err.empty()) {
        a.error = QString::fromStdString(err);
        return a;
    }
    return a;
}

int loadExitCode(const Summary &summary, bool interrupted)
{
    if (interrupted)
        return 130;
    if (summary.requests == 0 && (summary.errors > 0 || summary.aborted))
        return 1;
    if (!summary.thresholdsPassed)
        return 99;
    return 0;
}

std::string loadProgressLine(double elapsed, const std::vector<Sample> &lastSecond)
{
    std::uint64_t requests = 0, errors = 0;
    double seconds = 0, p99 = 0;
    int active = 0;
    double previous = lastSecond.empty() ? 0 : lastSecond.front().tSeconds - 0.25;
    for (const Sample &x : lastSecond) {
        requests += x.requests;
        errors += x.errors;
        seconds += x.tSeconds - previous;
        previous = x.tSeconds;
        p99 = std::max(p99, x.corrected.p99Ms);
        active = x.activeConnections;
    }
    char line[160];
    std::snprintf(line, sizeof line,
                  "[%6.1fs] %10.0f req/s   p99 %9s   errors %llu   connections %d\n", elapsed,
                  seconds > 0 ? double(requests) / seconds : 0.0, ms(p99).c_str(),
                  (unsigned long long)errors, active);
    return line;
}

int runLoad(int &argc, char **argv, const QStringList &args)
{
    Q_UNUSED(argc);
    Q_UNUSED(argv);
    const LoadArguments a = parseLoadArguments(args);
    if (a.help) {
        print(stdout, loadHelpText());
        return 0;
    }
    if (!a.error.isEmpty()) {
        print(stderr,
              QStringLiteral("backbench load: %1. See 'backbench load --help'\n").arg(a.error));
        return 2;
    }
    const Scenario &scenario = a.scenario;
    LoadRun run(scenario);
    g_interrupted = false;
    std::signal(SIGINT, onLoadInterrupt);
    run.start();
    const auto start = std::chrono::steady_clock::now();
    std::vector<Sample> window;
    double lastPrint = 0;
    bool interrupted = false;
    while (run.running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        if (g_interrupted && !interrupted) {
            interrupted = true;
            run.stop();
        }
        for (Sample &x : run.takeSamples())
            window.push_back(x);
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!a.quiet && elapsed - lastPrint >= 1.0 && !window.empty()) {
            print(stderr, loadProgressLine(window.back().tSeconds, window));
            window.clear();
            lastPrint = elapsed;
        }
    }
    const Summary summary = run.wait();
    std::signal(SIGINT, SIG_DFL);
    print(stdout, textSummary(scenario, summary));
    const std::vector<Sample> samples = run.allSamples();
    bool written = true;
    auto save = [&](const QString &path, auto &&render) {
        if (path.isEmpty())
            return;
        const QString err = writeReport(path, render());
        if (!err.isEmpty()) {
            print(stderr, QStringLiteral("backbench load: cannot write %1\n").arg(err));
            written = false;
        }
    };
    save(a.jsonFile, [&] { return summaryJson(scenario, summary, samples); });
    save(a.csvFile, [&] { return timeSeriesCsv(samples); });
    save(a.htmlFile, [&] { return htmlReport(scenario, summary, samples); });
    save(a.k6File, [&] { return k6Script(scenario); });
    const int code = loadExitCode(summary, interrupted);
    return code == 0 && !written ? 1 : code;
}

} // namespace bb::app
