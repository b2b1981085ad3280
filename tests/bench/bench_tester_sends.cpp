// Memory after 1,000 sends (issue 4): the real Endpoints panel, offscreen, over a temporary
// workspace, sends 1,000 requests to a `backbench serve` child on 127.0.0.1 the way Ctrl+Enter
// does (pre-request script, build, transfer, tests script, ResponseView, history append, the
// engine's trace fetched into the Server trace tab). The mix: small JSON GETs, a ~1 MB response
// every 50th send and a POST with a JSON body every 10th. The engine runs in a child process so
// its caches and database never count in this process's RSS.
//
// Prints VmRSS/VmHWM and the heap in use (mallinfo2) before, every 100 sends and after closing
// the tabs, the time per send (median, p95) and the longest event-loop stall, as one
// `BBSENDS key=value ...` line for tests/bench/run.sh and a readable summary.
//
// Usage: bench_tester_sends BACKBENCH_BINARY [--sends N]
#include "endpoints_widget.h"
#include "request_editor.h"
#include "request_tab.h"
#include "shell/shell_context.h"
#include "variable_line_edit.h"
#include "workspace/history_store.h"
#include "workspace/workspace_store.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <malloc.h>
#include <signal.h>
#include <sys/prctl.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace bb::plugins::endpoints;
namespace ws = bb::workspace;

namespace {

constexpr int kDefaultSends = 1000;
constexpr int kMaxSends = 5000;
constexpr int kBigEvery = 50;  // every 50th send fetches the ~1 MB post
constexpr int kPostEvery = 10; // every 10th (not 50th) posts a small JSON body
constexpr int kBigBodyBytes = 1'000'000;
constexpr int kSendTimeoutMs = 30'000;
constexpr int kTraceTimeoutMs = 10'000;
constexpr int kProbeMs = 5;
enum Kind { kSmall, kBig, kPost }; // also the index of the tab that sends it
const QString kAdminEmail = QStringLiteral("bench-admin@backbench.test");
const QString kAdminPassword = QStringLiteral("bench-Sends-pw-7431");

struct Memory {
    long rssKb = 0;
    long hwmKb = 0;
    double heapMb = 0; // bytes malloc handed out and not freed (arena + mmapped chunks)
};

Memory memoryNow()
{
    Memory m;
    QFile f(QStringLiteral("/proc/self/status"));
    if (f.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                m.rssKb = line.mid(6).trimmed().split(' ').value(0).toLong();
            else if (line.startsWith("VmHWM:"))
                m.hwmKb = line.mid(6).trimmed().split(' ').value(0).toLong();
        }
    }
    const struct mallinfo2 mi = mallinfo2();
    m.heapMb = double(mi.uordblks + mi.hblkhd) / (1024.0 * 1024.0);
    return m;
}

// CPU time of the calling thread, in ms.
double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Lets deleteLater() run and the panel settle, so a figure is not taken mid-update.
void settle(int ms = 200)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

// One HTTP exchange outside the panel (setup only), waited for with a deadline.
bb::client::HttpResponse fetch(bb::client::HttpClient &client, bb::client::HttpRequest request)
{
    request.timeoutMs = kSendTimeoutMs;
    bb::client::HttpResponse out;
    QEventLoop loop;
    auto transfer = client.send(request, &loop, [&](const bb::client::HttpResponse &r) {
        out = r;
        loop.quit();
    });
    QTimer::singleShot(kSendTimeoutMs + 1000, &loop, &QEventLoop::quit);
    loop.exec();
    return out;
}

QByteArray jsonRequest(bb::client::HttpRequest &r, const QJsonObject &body)
{
    r.method = "POST";
    r.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    r.body.kind = bb::client::RequestBody::Kind::Bytes;
    r.body.bytes = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r.body.bytes;
}

// The engine child: a fresh data folder, an admin from the environment, a port of its own.
class EngineChild {
public:
    bool start(const QString &binary, const QString &dataDir)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("BACKBENCH_ADMIN_EMAIL"), kAdminEmail);
        env.insert(QStringLiteral("BACKBENCH_ADMIN_PASSWORD"), kAdminPassword);
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        // The engine goes with us even when we crash or run.sh's deadline kills us.
        m_process.setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_process.start(binary,
                        {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                         QStringLiteral("--bind"), QStringLiteral("127.0.0.1"),
                         QStringLiteral("--data"), dataDir, QStringLiteral("--demo"),
                         QStringLiteral("--threads"), QStringLiteral("1")});
        if (!m_process.waitForStarted(10'000))
            return false;
        // Seeding the demo tables takes a few seconds on a busy machine.
        static const QRegularExpression listening(
            QStringLiteral("listening on (http://127\\.0\\.0\\.1:\\d+)"));
        QByteArray out;
        QElapsedTimer clock;
        clock.start();
        while (clock.elapsed() < 60'000 && m_process.state() == QProcess::Running) {
            m_process.waitForReadyRead(200);
            out += m_process.readAllStandardOutput();
            const auto match = listening.match(QString::fromUtf8(out));
            if (match.hasMatch()) {
                m_baseUrl = match.captured(1);
                return true;
            }
        }
        return false;
    }
    QString baseUrl() const { return m_baseUrl; }
    ~EngineChild()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10'000))
            m_process.kill();
        m_process.waitForFinished(5'000);
    }

private:
    QProcess m_process;
    QString m_baseUrl;
};

ws::HttpRequest benchRequest(const QString &name, const QString &method, const QString &path)
{
    ws::HttpRequest r;
    r.name = name;
    r.method = method;
    r.url = QStringLiteral("{{baseUrl}}") + path;
    r.headers = {{QStringLiteral("Accept"), QStringLiteral("application/json"), true},
                 {QStringLiteral("Authorization"), QStringLiteral("Bearer {{engineToken}}"), true},
                 {QStringLiteral("X-Request-Id"), QStringLiteral("{{$guid}}"), true}};
    r.testScript = QStringLiteral("pm.test('status is 2xx', () => {\n"
                                  "  pm.expect(pm.response.code).to.be.within(200, 299);\n});\n"
                                  "pm.test('has an id', () => {\n"
                                  "  pm.expect(pm.response.json().id).to.be.a('number');\n});\n");
    return r;
}

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return v[i];
}

int fail(const char *what)
{
    std::fprintf(stderr, "bench_tester_sends: %s\n", what);
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2 || args.at(1).startsWith(QLatin1Char('-')))
        return fail("usage: bench_tester_sends BACKBENCH_BINARY [--sends N]");
    int sends = kDefaultSends;
    if (const qsizetype i = args.indexOf(QStringLiteral("--sends")); i > 0) {
        bool ok = false;
        sends = args.value(i + 1).toInt(&ok);
        if (!ok || sends < 100 || sends > kMaxSends)
            return fail("--sends takes a whole number from 100 to 5000");
    }

    QTemporaryDir tmp;
    if (!tmp.isValid())
        return fail("no temporary folder");
    // The panel remembers its workspace and tabs in QSettings: keep them in the temporary folder.
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, tmp.filePath("config"));
    QCoreApplication::setOrganizationName(QStringLiteral("BackbenchBench"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_tester_sends"));

    EngineChild engine;
    if (!engine.start(args.at(1), tmp.filePath(QStringLiteral("engine"))))
        return fail("the engine did not start (is BACKBENCH_BINARY built?)");
    const QString base = engine.baseUrl();

    // Setup outside the panel: an admin token, and one post whose body is ~1 MB.
    QString token;
    QString bigId;
    {
        bb::client::HttpClient client;
        bb::client::HttpRequest login;
        login.url = base + QStringLiteral("/api/v1/auth/login");
        jsonRequest(login, {{"email", kAdminEmail}, {"password", kAdminPassword}});
        token = QJsonDocument::fromJson(fetch(client, login).body)
                    .object()
                    .value(QStringLiteral("accessToken"))
                    .toString();
        if (token.isEmpty())
            return fail("cannot log in to the engine as its admin");
        bb::client::HttpRequest big;
        big.url = base + QStringLiteral("/api/v1/posts");
        big.headers.append(qMakePair(QByteArray("Authorization"), "Bearer " + token.toUtf8()));
        jsonRequest(big, {{"title", "A post of a megabyte"},
                          {"slug", "bench-megabyte"},
                          {"body", QString(kBigBodyBytes, QLatin1Char('m'))},
                          {"author_id", 1},
                          {"owner_id", 1},
                          {"published", true}});
        const auto created = fetch(client, big);
        bigId = QString::number(
            QJsonDocument::fromJson(created.body).object().value(QStringLiteral("id")).toInt());
        if (created.status != 201 || bigId == QStringLiteral("0"))
            return fail("cannot create the 1 MB post");
    }

    // The workspace: one collection with the three requests and an environment naming the engine.
    const QString wsDir = tmp.filePath(QStringLiteral("workspace"));
    QStringList ids;
    {
        auto store = ws::WorkspaceStore::open(wsDir);
        if (!store)
            return fail("cannot create the workspace");
        auto coll = (*store)->addCollection(QStringLiteral("Sends"));
        ws::HttpRequest small = benchRequest(QStringLiteral("Read a post"), QStringLiteral("GET"),
                                             QStringLiteral("/api/v1/posts/{{postId}}"));
        small.preRequestScript =
            QStringLiteral("pm.variables.set('postId', String(1 + Math.floor(Math.random() * "
                           "2000)));\nconsole.log('reading post', pm.variables.get('postId'));\n");
        ws::HttpRequest big =
            benchRequest(QStringLiteral("Read the big post"), QStringLiteral("GET"),
                         QStringLiteral("/api/v1/posts/{{bigId}}"));
        ws::HttpRequest post = benchRequest(QStringLiteral("Create a post"), QStringLiteral("POST"),
                                            QStringLiteral("/api/v1/posts"));
        post.preRequestScript = QStringLiteral(
            "pm.variables.set('slug', 'bench-' + Date.now() + '-' + Math.floor(Math.random() * "
            "1e9));\n");
        post.body.kind = ws::Body::Kind::Raw;
        post.body.contentType = QStringLiteral("application/json");
        post.body.text =
            QStringLiteral("{\n  \"title\": \"Posted from the bench\",\n  \"slug\": \"{{slug}}\",\n"
                           "  \"body\": \"A short body that the engine stores and returns.\",\n"
                           "  \"author_id\": 1,\n  \"owner_id\": 1,\n  \"published\": false\n}");
        if (!coll)
            return fail("cannot add the collection");
        for (const ws::HttpRequest &r : {small, big, post}) {
            auto id = (*store)->addRequest(*coll, r);
            if (!id)
                return fail("cannot add a request");
            ids.append(*id);
        }
        ws::Environment env{QStringLiteral("Bench"),
                            {{QStringLiteral("baseUrl"), base, true, false},
                             {QStringLiteral("bigId"), bigId, true, false}}};
        if (!(*store)->saveEnvironment(env))
            return fail("cannot save the environment");
    }

    bb::shell::ShellContext context(nullptr);
    context.setTarget({QStringLiteral("Bench engine"), QUrl(base), token, false});
    auto *panel = new EndpointsWidget(context, wsDir);
    panel->resize(1280, 800);
    panel->show();
    panel->setEnvironment(QStringLiteral("Bench"));
    QList<RequestTab *> tabs;
    for (const QString &id : ids) {
        RequestTab *tab = panel->openRequest(id);
        if (!tab)
            return fail("cannot open a request tab");
        tabs.append(tab);
    }
    settle(500);

    // The event-loop probe: a 5 ms timer; its lateness is how long the GUI thread was busy.
    QElapsedTimer sinceTick;
    // Each stall is charged to the kind of send that was running (see Kind). On a shared machine
    // a late tick may only mean the thread was not scheduled, so the GUI thread's own CPU time
    // between two ticks is kept too: that part is work the panel did on it.
    double worstStallMs = 0;
    double worstBusyMs = 0;
    int worstBusyAt = 0; // the send during which it happened
    int sendIndex = 0;
    double lastCpuMs = threadCpuMs();
    double worstByKind[3] = {0, 0, 0};
    int stallsOver50[3] = {0, 0, 0};
    int kind = kSmall;
    bool probing = false;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(kProbeMs);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        if (probing) {
            const double late = double(sinceTick.nsecsElapsed()) / 1e6 - kProbeMs;
            worstStallMs = std::max(worstStallMs, late);
            const double busy = threadCpuMs() - lastCpuMs - kProbeMs;
            if (busy > worstBusyMs) {
                worstBusyMs = busy;
                worstBusyAt = sendIndex;
            }
            worstByKind[kind] = std::max(worstByKind[kind], late);
            stallsOver50[kind] += late > 50 ? 1 : 0;
        }
        sinceTick.restart();
        lastCpuMs = threadCpuMs();
    });

    const Memory before = memoryNow();
    std::vector<std::pair<int, Memory>> series;
    std::vector<double> sendMs;
    std::vector<double> traceMs;
    int failures = 0;
    int testsFailed = 0;
    int traces = 0;
    int traceMissing = 0;
    QString firstFailure;
    RequestTab *finishedTab = nullptr;
    bool traceDone = false;
    QObject::connect(panel, &EndpointsWidget::sendFinished,
                     [&](RequestTab *tab) { finishedTab = tab; });
    QObject::connect(panel, &EndpointsWidget::traceReady, [&](RequestTab *, const QByteArray &) {
        ++traces;
        traceDone = true;
    });
    QObject::connect(panel, &EndpointsWidget::traceUnavailable, [&](RequestTab *, const QString &) {
        ++traceMissing;
        traceDone = true;
    });

    // Waits (bounded) until `done` holds, running the event loop meanwhile.
    auto waitFor = [](const std::function<bool()> &done, int timeoutMs) {
        QElapsedTimer clock;
        clock.start();
        while (!done() && clock.elapsed() < timeoutMs)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        return done();
    };

    sinceTick.start();
    probe.start();
    probing = true;
    QElapsedTimer total;
    total.start();
    for (int i = 1; i <= sends; ++i) {
        sendIndex = i;
        kind = i % kBigEvery == 0 ? kBig : i % kPostEvery == 0 ? kPost : kSmall;
        RequestTab *tab = tabs[kind];
        panel->tabs()->setCurrentWidget(tab);
        finishedTab = nullptr;
        traceDone = false;
        QElapsedTimer clock;
        clock.start();
        // Ctrl+Enter in the URL field: the shortcut a user presses.
        QTest::keyClick(tab->editor()->urlEdit(), Qt::Key_Return, Qt::ControlModifier);
        if (!waitFor([&] { return finishedTab == tab; }, kSendTimeoutMs))
            return fail(qPrintable(QStringLiteral("send %1 did not finish in 30 s").arg(i)));
        sendMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        const SendOutcome &o = *tab->lastOutcome();
        if (o.response.status < 200 || o.response.status > 299 || !o.scriptError.isEmpty()) {
            ++failures;
            if (firstFailure.isEmpty())
                firstFailure = QStringLiteral("send %1: status %2 %3 %4")
                                   .arg(i)
                                   .arg(o.response.status)
                                   .arg(o.error, o.scriptError);
        }
        for (const auto &t : o.tests)
            testsFailed += t.passed ? 0 : 1;
        // The Server trace tab's fetch is part of the send as a user sees it.
        waitFor([&] { return traceDone; }, kTraceTimeoutMs);
        traceMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        if (i % 100 == 0)
            series.emplace_back(i, memoryNow());
    }
    const double totalS = double(total.elapsed()) / 1000.0;
    probing = false;
    probe.stop();

    // Closing every tab (edits dropped, nothing asked) and letting the deletions run.
    while (panel->tabs()->count() > 0)
        panel->closeTab(0, false);
    settle(500);
    const Memory closed = memoryNow();
    malloc_trim(0);
    const Memory trimmed = memoryNow();
    const int historyEntries = panel->history() ? panel->history()->size() : -1;
    delete panel;

    auto at = [&](int n) {
        for (const auto &[i, m] : series)
            if (i == n)
                return m;
        return series.back().second;
    };
    const Memory m100 = at(100);
    const Memory m500 = at(std::min(500, sends));
    const Memory mEnd = series.back().second;
    const int last = series.back().first;
    const double perSend100 =
        last > 100 ? double(mEnd.rssKb - m100.rssKb) * 1024.0 / double(last - 100) : 0;
    const double perSend500 =
        last > 500 ? double(mEnd.rssKb - m500.rssKb) * 1024.0 / double(last - 500) : 0;
    const double heapPerSend500 =
        last > 500 ? (mEnd.heapMb - m500.heapMb) * 1024.0 * 1024.0 / double(last - 500) : 0;
    // History holds at most 500 entries (HistoryStore::kDefaultLimit), so the heap climbs until
    // then, and a few buffers reach their size a little later (one step of ~1 MB between sends
    // 600 and 700 in every run so far). The verdict reads the heap in use over the last 30% of
    // the run (sends 700..1,000 by default), past both: a leak of 1 KiB a send shows there as
    // 300 KiB, while a step that happened once does not. RSS is printed but not judged: the
    // allocator keeps freed pages, so it moves by megabytes either way (see malloc_trim below).
    const int windowStart = int(double(last) * 0.7 / 100.0 + 0.5) * 100;
    const Memory mWindow = at(std::max(100, windowStart));
    const double heapPerSendLate = last > windowStart
                                       ? (mEnd.heapMb - mWindow.heapMb) * 1024.0 * 1024.0 /
                                             double(last - std::max(100, windowStart))
                                       : 0;
    const char *verdict = last < 1000                ? "too few sends to judge"
                          : heapPerSendLate < 1024.0 ? "flat"
                                                     : "grows";

    std::printf("BBSENDS sends=%d rss_before_kb=%ld rss_100_kb=%ld rss_500_kb=%ld rss_end_kb=%ld "
                "rss_closed_kb=%ld rss_trimmed_kb=%ld hwm_kb=%ld heap_before_mb=%.1f "
                "heap_100_mb=%.1f heap_end_mb=%.1f heap_closed_mb=%.1f "
                "growth_100_end_b_per_send=%.0f growth_500_end_b_per_send=%.0f "
                "heap_growth_500_end_b_per_send=%.0f heap_growth_late_b_per_send=%.0f "
                "send_median_ms=%.1f send_p95_ms=%.1f "
                "with_trace_median_ms=%.1f max_stall_ms=%.1f max_busy_ms=%.1f stall_small_ms=%.1f "
                "stall_big_ms=%.1f "
                "stall_post_ms=%.1f failures=%d tests_failed=%d "
                "traces=%d traces_missing=%d history=%d total_s=%.1f verdict=%s\n",
                sends, before.rssKb, m100.rssKb, m500.rssKb, mEnd.rssKb, closed.rssKb,
                trimmed.rssKb, trimmed.hwmKb, before.heapMb, m100.heapMb, mEnd.heapMb,
                closed.heapMb, perSend100, perSend500, heapPerSend500, heapPerSendLate,
                percentile(sendMs, 0.5), percentile(sendMs, 0.95), percentile(traceMs, 0.5),
                worstStallMs, worstBusyMs, worstByKind[kSmall], worstByKind[kBig],
                worstByKind[kPost], failures, testsFailed, traces, traceMissing, historyEntries,
                totalS, verdict);
    std::printf("\n%d sends through the Endpoints panel (Ctrl+Enter; every %dth a ~1 MB response, "
                "every %dth a POST) in %.1f s\n",
                sends, kBigEvery, kPostEvery, totalS);
    std::printf("%-22s %10s %10s %10s\n", "", "VmRSS MB", "VmHWM MB", "heap MB");
    auto row = [](const char *label, const Memory &m) {
        std::printf("%-22s %10.1f %10.1f %10.1f\n", label, m.rssKb / 1024.0, m.hwmKb / 1024.0,
                    m.heapMb);
    };
    row("before", before);
    for (const auto &[i, m] : series)
        row(qPrintable(QStringLiteral("after %1").arg(i)), m);
    row("tabs closed", closed);
    row("after malloc_trim", trimmed);
    std::printf("RSS growth, sends 100..%d: %.0f bytes/send; %d..%d: %.0f bytes/send (heap %.0f)\n",
                last, perSend100, std::min(500, last), last, perSend500, heapPerSend500);
    std::printf("time per send: median %.1f ms, p95 %.1f ms (with the server trace: median %.1f "
                "ms); longest event-loop stall %.1f ms\n",
                percentile(sendMs, 0.5), percentile(sendMs, 0.95), percentile(traceMs, 0.5),
                worstStallMs);
    std::printf("longest stretch of GUI-thread CPU work between two ticks: %.1f ms (send %d)\n",
                worstBusyMs, worstBusyAt);
    std::printf("longest stall while sending: a small GET %.1f ms, the 1 MB GET %.1f ms, a POST "
                "%.1f ms; ticks later than 50 ms: %d, %d, %d\n",
                worstByKind[kSmall], worstByKind[kBig], worstByKind[kPost], stallsOver50[kSmall],
                stallsOver50[kBig], stallsOver50[kPost]);
    std::printf("failed sends %d, failed tests %d, traces shown %d, unavailable %d, history "
                "entries %d\n",
                failures, testsFailed, traces, traceMissing, historyEntries);
    if (!firstFailure.isEmpty())
        std::printf("first failure: %s\n", qPrintable(firstFailure));
    std::printf("heap in use, sends %d..%d: %.0f bytes/send\nverdict: %s\n",
                std::max(100, windowStart), last, heapPerSendLate, verdict);
    return failures > sends / 100 ? 1 : 0;
}
