// The Logs panel under 50,000 lines per second (issue 6, DESIGN §5): the real LogsWidget (model,
// table view, chips, histogram), offscreen, receives engine-shaped JSON lines the way its sources
// hand them over: a producer thread formats them and every 50 ms queues a batch to the GUI
// thread, which pushes it into the model's ingest (as EngineLogSource does with its SSE events).
// A 5 ms QTimer measures how late the event loop gets.
//
// Three phases, 10 s each by default: an empty ring; the ring full at 1,000,000 lines (every
// batch evicts); the full ring while the query changes (a refilter of a million lines runs in
// slices under the same input). Prints a `BBLOGS key=value ...` line per phase for run.sh and a
// table.
//
// Usage: bench_logs_ingest [--seconds S] [--rate LINES_PER_S] [--ring N]
#include "logs_widget.h"
#include "logview/log_table_model.h"
#include "query_edit.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <malloc.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

using bb::plugins::logs::LogsWidget;

namespace {

constexpr int kProbeMs = 5;
constexpr int kBatchMs = 50;

struct Phase {
    const char *name;
    double maxStallMs = 0;
    double p99StallMs = 0;
    double maxBusyMs = 0;
    long hwmMb = 0;
    long rssMb = 0;
    double heldMb = 0;
    qint64 fed = 0;
    qint64 committed = 0;
    qint64 held = 0;
    qint64 lagLines = 0;
};

long statusKb(const char *key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(qsizetype(std::strlen(key))).trimmed().split(' ').value(0).toLong();
    }
    return 0;
}

// An engine access-log line: what /api/admin/logs/stream sends for a request.
QByteArray engineLine(quint64 seq, qint64 ms)
{
    static const char *paths[] = {"/api/v1/posts", "/api/v1/posts/17", "/api/v1/users/3",
                                  "/healthz", "/api/v1/comments?post=4"};
    static const char *methods[] = {"GET", "GET", "POST", "GET", "DELETE"};
    const int status = seq % 97 == 0 ? 500 : seq % 13 == 0 ? 404 : 200;
    const char *level = status >= 500 ? "error" : status >= 400 ? "warn" : "info";
    char buf[512];
    const int n = std::snprintf(
        buf, sizeof buf,
        "{\"seq\":%llu,\"ts\":%lld,\"level\":\"%s\",\"msg\":\"%s %s\",\"traceId\":"
        "\"%016llx%016llx\",\"method\":\"%s\",\"path\":\"%s\",\"status\":%d,\"durationMs\":%.3f,"
        "\"userId\":\"u%llu\",\"ip\":\"127.0.0.1\"}",
        static_cast<unsigned long long>(seq), static_cast<long long>(ms), level, methods[seq % 5],
        paths[seq % 5], static_cast<unsigned long long>(seq * 2654435761u),
        static_cast<unsigned long long>(seq), methods[seq % 5], paths[seq % 5], status,
        0.2 + double(seq % 1000) / 100.0, static_cast<unsigned long long>(seq % 50));
    return QByteArray(buf, n);
}

// Formats lines on its own thread at `rate` per second and queues a batch to the GUI thread
// every kBatchMs.
class Producer {
public:
    Producer(QObject *gui, bb::logview::LogIngest *ingest, int rate)
        : m_gui(gui)
        , m_ingest(ingest)
        , m_rate(rate)
    {}
    ~Producer() { stop(); }

    void start(quint64 firstSeq)
    {
        m_seq = firstSeq;
        m_stop = false;
        m_thread = std::thread([this] { run(); });
    }
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    qint64 fed() const { return m_fed; }
    quint64 seq() const { return m_seq; }

private:
    void run()
    {
        QElapsedTimer clock;
        clock.start();
        qint64 sent = 0;
        while (!m_stop) {
            const qint64 due = clock.elapsed() * m_rate / 1000;
            QByteArrayList batch;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            for (; sent < due; ++sent)
                batch.append(engineLine(++m_seq, now));
            if (!batch.isEmpty()) {
                m_fed += batch.size();
                QMetaObject::invokeMethod(
                    m_gui,
                    [ingest = m_ingest, batch = std::move(batch), now]() mutable {
                        ingest->push(std::move(batch), now);
                    },
                    Qt::QueuedConnection);
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(kBatchMs));
        }
    }

    QObject *m_gui;
    bb::logview::LogIngest *m_ingest;
    int m_rate;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_fed{0};
    std::atomic<quint64> m_seq{0};
    std::thread m_thread;
};

double threadCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// How late each 5 ms tick arrives, and the GUI thread's own CPU time between two ticks: on a
// shared machine a late tick may only mean the thread was not scheduled; the CPU time is the
// work the panel really did in one go.
class StallProbe {
public:
    StallProbe()
    {
        m_timer.setInterval(kProbeMs);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double cpu = threadCpuMs();
            m_stalls.push_back(std::max(0.0, double(now - m_last) / 1e6 - kProbeMs));
            m_busy = std::max(m_busy, cpu - m_lastCpu);
            m_last = now;
            m_lastCpu = cpu;
        });
    }
    void start()
    {
        m_stalls.clear();
        m_busy = 0;
        m_lastCpu = threadCpuMs();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double max() const
    {
        return m_stalls.empty() ? 0 : *std::max_element(m_stalls.begin(), m_stalls.end());
    }
    double maxBusy() const { return m_busy; }
    double p99() const
    {
        if (m_stalls.empty())
            return 0;
        std::vector<double> s = m_stalls;
        std::sort(s.begin(), s.end());
        return s[std::size_t(double(s.size() - 1) * 0.99)];
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_lastCpu = 0;
    double m_busy = 0;
    std::vector<double> m_stalls;
};

void runFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

} // namespace

int main(int argc, char **argv)
{
    QTemporaryDir home;
    qputenv("HOME", home.path().toUtf8());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toUtf8());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toUtf8());
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("backbench-bench"));
    int seconds = 10, rate = 50'000, ring = 1'000'000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--seconds"))
            seconds = qBound(1, args[i + 1].toInt(), 60);
        else if (args[i] == QLatin1String("--rate"))
            rate = qBound(1000, args[i + 1].toInt(), 500'000);
        else if (args[i] == QLatin1String("--ring"))
            ring = qBound(10'000, args[i + 1].toInt(), 5'000'000);
    }

    LogsWidget widget(nullptr, bb::shell::PluginSettings(QStringLiteral("logs")));
    widget.resize(1400, 900);
    widget.show();
    bb::logview::LogTableModel *model = widget.model();
    model->setCapacity(std::size_t(ring));
    runFor(200);

    Producer producer(&widget, &model->ingest(), rate);
    StallProbe probe;
    std::vector<Phase> phases;
    qint64 committed = 0;
    QObject::connect(model, &bb::logview::LogTableModel::batchCommitted,
                     [&committed](int lines, int) { committed += lines; });

    auto measure = [&](const char *name, int ms, const std::function<void()> &during) {
        Phase p{name};
        const qint64 fed0 = producer.fed();
        const qint64 committed0 = committed;
        probe.start();
        if (during)
            QTimer::singleShot(ms / 2, during);
        runFor(ms);
        probe.stop();
        p.maxStallMs = probe.max();
        p.p99StallMs = probe.p99();
        p.maxBusyMs = probe.maxBusy();
        p.hwmMb = statusKb("VmHWM:") / 1024;
        p.rssMb = statusKb("VmRSS:") / 1024;
        p.heldMb = double(model->memoryBytes()) / (1024.0 * 1024.0);
        p.fed = producer.fed() - fed0;
        p.committed = committed - committed0;
        p.held = qint64(model->heldLines());
        p.lagLines = model->pendingCount();
        phases.push_back(p);
    };

    // 1. An empty ring filling at the rate.
    producer.start(0);
    measure("empty_ring", seconds * 1000, nullptr);
    producer.stop();

    // 2. Fill to the bound (fast, unmeasured), then the same rate with every batch evicting.
    {
        QByteArrayList fill;
        quint64 seq = producer.seq();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 missing = qint64(ring) - qint64(model->heldLines());
        for (qint64 i = 0; i < missing; ++i) {
            fill.append(engineLine(++seq, now - (missing - i) / 50));
            if (fill.size() == 50'000) {
                model->ingest().push(std::move(fill), now);
                fill = {};
                QCoreApplication::processEvents();
            }
        }
        model->ingest().push(std::move(fill), now);
        QElapsedTimer wait;
        wait.start();
        while (model->heldLines() < std::size_t(ring) && wait.elapsed() < 120'000)
            runFor(100);
        producer.start(seq);
    }
    runFor(500);
    measure("full_ring", seconds * 1000, nullptr);
    // 3. The same, while the query changes halfway: a refilter of the full ring under load.
    measure("full_ring_query", seconds * 1000, [&widget] {
        widget.queryEdit()->setText(QStringLiteral("status>=400 && path~'/posts'"));
        widget.applyQuery();
    });
    producer.stop();

    std::printf("\nLogs panel ingest: %d lines/s for %d s per phase, ring %d lines (offscreen)\n",
                rate, seconds, ring);
    std::printf("%-18s %10s %10s %10s %10s %10s %10s %10s %10s\n", "phase", "max stall",
                "p99 stall", "max busy", "fed", "committed", "held", "ring MB", "peak RSS");
    for (const Phase &p : phases) {
        std::printf("%-18s %8.1fms %8.1fms %8.1fms %10lld %10lld %10lld %10.1f %8ldMB\n", p.name,
                    p.maxStallMs, p.p99StallMs, p.maxBusyMs, static_cast<long long>(p.fed),
                    static_cast<long long>(p.committed), static_cast<long long>(p.held), p.heldMb,
                    p.hwmMb);
        std::printf("BBLOGS phase=%s max_stall_ms=%.1f p99_stall_ms=%.1f max_busy_ms=%.1f fed=%lld "
                    "committed=%lld "
                    "held=%lld pending=%lld ring_mb=%.1f rss_mb=%ld hwm_mb=%ld\n",
                    p.name, p.maxStallMs, p.p99StallMs, p.maxBusyMs, static_cast<long long>(p.fed),
                    static_cast<long long>(p.committed), static_cast<long long>(p.held),
                    static_cast<long long>(p.lagLines), p.heldMb, p.rssMb, p.hwmMb);
    }
    std::fflush(stdout);
    return 0;
}
