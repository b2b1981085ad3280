// The response viewer with 100 MB bodies: the longest event-loop stall while showing the raw
// body, pretty-printing it, folding the root, scrolling to the end and searching for a rare
// string, plus peak RSS. Each body is given to ResponseView as a file-backed HttpResponse, as
// the client hands over any body above its 16 MB threshold. Offscreen; prints a table and
// BBLR key=value lines. The stall is measured like app/event_loop_probe: a 5 ms timer and how
// late each tick arrives (that probe itself needs the engine controller, so it is not linked).
#include "body_text_view.h"
#include "body_viewer.h"
#include "response_view.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>

using namespace bb;
using namespace bb::plugins::endpoints;

namespace {

constexpr qint64 kTargetBytes = 100LL * 1024 * 1024;
constexpr double kTargetStallMs = 100;
constexpr int kStepTimeoutMs = 120'000;

/// Ticks every 5 ms and keeps the worst lateness seen since reset().
class StallProbe : public QObject {
public:
    StallProbe()
    {
        m_timer.setInterval(5);
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_maxMs = std::max(m_maxMs, double(now - m_last) / 1e6 - 5);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void reset()
    {
        m_last = m_clock.nsecsElapsed();
        m_maxMs = 0;
    }
    /// Also counts the time since the last tick: a step that blocks right to its end.
    double maxMs() const
    {
        return std::max(m_maxMs, double(m_clock.nsecsElapsed() - m_last) / 1e6 - 5);
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_maxMs = 0;
};

/// One object of a realistic API listing.
QByteArray object(qint64 i)
{
    return R"({"id":)" + QByteArray::number(i) + R"(,"uuid":"6f1c)" + QByteArray::number(i, 16) +
           R"(-4a1e-9c1d","name":"Customer )" + QByteArray::number(i) + R"(","email":"customer)" +
           QByteArray::number(i) + R"(@example.com","active":)" + (i % 3 ? "true" : "false") +
           R"(,"balance":)" + QByteArray::number(i % 10007) +
           R"(.25,"tags":["retail","eu"],"address":{"street":")" + QByteArray::number(i % 400) +
           R"( Rue de la République","city":"Lyon","zip":"69002","geo":{"lat":45.76,"lng":4.83}},)"
           R"("createdAt":"2026-01-01T10:00:00Z","notes":null})";
}

/// Writes ~100 MB of JSON: one object per line, or all on one line (minified); the rare
/// string appears once, near the end.
bool writeJson(const QString &path, bool oneLine, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = f.errorString();
        return false;
    }
    QByteArray buf = oneLine ? "[" : "[\n";
    qint64 written = 0;
    bool marked = false;
    for (qint64 i = 0; written + buf.size() < kTargetBytes; ++i) {
        if (i)
            buf += oneLine ? "," : ",\n";
        buf += object(i);
        if (!marked && written > kTargetBytes * 4 / 5) {
            buf +=
                oneLine ? R"(,{"marker":"rare-needle-42"})" : ",\n{\"marker\":\"rare-needle-42\"}";
            marked = true;
        }
        if (buf.size() > 4 * 1024 * 1024) {
            written += f.write(buf);
            buf.clear();
        }
    }
    buf += oneLine ? "]" : "\n]\n";
    f.write(buf);
    return f.flush();
}

/// A /proc/self/status figure in MB: VmHWM (peak RSS), RssAnon (heap), RssFile (mapped files,
/// which the kernel can drop and re-read).
double statusMb(const QByteArray &key)
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024;
    return -1;
}

struct Step {
    QString name;
    double stallMs = -1;
    double wallMs = -1;
    bool ok = false;
};

/// Runs `start` and spins the event loop until `done` (bounded), measuring the worst stall.
Step measure(StallProbe &probe, const QString &name, const std::function<void()> &start,
             const std::function<bool()> &done)
{
    Step s{name};
    QElapsedTimer wall;
    probe.reset();
    wall.start();
    start();
    while (!done() && wall.elapsed() < kStepTimeoutMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    // Let the view paint what the step changed.
    const qint64 settle = wall.elapsed() + 100;
    while (wall.elapsed() < settle)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    s.ok = done();
    s.wallMs = double(wall.elapsed() - 100);
    s.stallMs = probe.maxMs();
    return s;
}

QList<Step> runBody(StallProbe &probe, ResponseView &view, const QString &path)
{
    client::HttpResponse r;
    r.status = 200;
    r.httpVersion = "1.1";
    r.headers = {{"Content-Type", "application/json"}};
    r.bodyFile = std::make_shared<client::BodyFile>(path);
    r.bodySize = QFileInfo(path).size();
    BodyViewer *viewer = view.bodyViewer();
    BodyTextView *text = viewer->textView();
    QList<Step> steps;
    steps << measure(
        probe, QStringLiteral("show raw (map + index lines)"), [&] { view.setResponse(r); },
        [&] { return viewer->rawDocument() && viewer->rawDocument()->isIndexed(); });
    steps << measure(
        probe, QStringLiteral("pretty-print (to a temp file) + index"),
        [&] { viewer->setMode(BodyViewer::Mode::Pretty); },
        [&] {
            return !viewer->isPrettyRunning() && viewer->prettyDocument() &&
                   viewer->prettyDocument()->isIndexed();
        });
    steps << measure(
        probe, QStringLiteral("fold the root"), [&] { text->toggleFold(0); },
        [&] { return text->rowCount() == 1; });
    steps << measure(
        probe, QStringLiteral("unfold and scroll to the end"),
        [&] {
            text->unfoldAll();
            text->scrollToEnd();
        },
        [&] { return text->firstVisibleRow() + text->rowsPerPage() >= text->rowCount(); });
    steps << measure(
        probe, QStringLiteral("search a rare string"),
        [&] { viewer->find(QStringLiteral("rare-needle-42"), true); },
        [&] { return !viewer->search()->isRunning() && viewer->search()->matches().size() == 1; });
    return steps;
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder\n");
        return 1;
    }
    StallProbe probe;
    ResponseView view;
    view.resize(1200, 800);
    view.show();

    std::printf("Response viewer with ~100 MB JSON bodies (offscreen, file-backed responses)\n");
    std::printf("No peer can show such a body at all: Bruno freezes from ~4.5 MB, Insomnia hides "
                "bodies over 5 MB, so there is no peer figure to compare with.\n\n");
    std::printf("%-10s %-40s %12s %10s %8s %6s\n", "body", "step", "max stall ms", "wall ms",
                "x 100ms", "done");
    // The machine's own noise: the same probe while nothing happens.
    const Step idle = measure(
        probe, QStringLiteral("idle (baseline, 2 s)"), [] {},
        [t = QElapsedTimer()]() mutable {
            if (!t.isValid())
                t.start();
            return t.elapsed() >= 2000;
        });
    std::printf("%-10s %-40s %12.1f %10.0f %8.2f %6s\n", "-", qPrintable(idle.name), idle.stallMs,
                idle.wallMs, idle.stallMs / kTargetStallMs, "yes");
    std::printf("BBLR idle_stall_ms=%.1f\n", idle.stallMs);
    double worst = 0;
    for (const bool oneLine : {false, true}) {
        const QString label = oneLine ? QStringLiteral("minified") : QStringLiteral("lines");
        const QString path = dir.filePath(label + QStringLiteral(".json"));
        QString error;
        if (!writeJson(path, oneLine, &error)) {
            std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(path), qPrintable(error));
            return 1;
        }
        const qint64 size = QFileInfo(path).size();
        const QList<Step> steps = runBody(probe, view, path); // the response owns the file now
        int k = 0;
        for (const Step &s : steps) {
            worst = std::max(worst, s.stallMs);
            std::printf("%-10s %-40s %12.1f %10.0f %8.2f %6s\n", qPrintable(label),
                        qPrintable(s.name), s.stallMs, s.wallMs, s.stallMs / kTargetStallMs,
                        s.ok ? "yes" : "NO");
            std::printf("BBLR %s_step%d_stall_ms=%.1f\n", qPrintable(label), k++, s.stallMs);
        }
        std::printf("BBLR %s_bytes=%lld rss_anon_mb=%.1f rss_file_mb=%.1f\n", qPrintable(label),
                    size, statusMb("RssAnon"), statusMb("RssFile"));
        std::printf("%-10s %.1f MB body: heap %.1f MB, mapped file pages %.1f MB resident\n",
                    qPrintable(label), double(size) / (1024 * 1024), statusMb("RssAnon"),
                    statusMb("RssFile"));
        view.clear(); // drops the response, its documents and its temporary files
        QCoreApplication::processEvents();
    }
    const double rss = statusMb("VmHWM");
    std::printf("\nworst stall %.1f ms (target < %.0f ms: ratio %.2f; idle baseline %.1f ms), "
                "peak RSS %.1f MB (mapped file pages included)\n",
                worst, kTargetStallMs, worst / kTargetStallMs, idle.stallMs, rss);
    std::printf("BBLR worst_stall_ms=%.1f peak_rss_mb=%.1f\n", worst, rss);
    return 0;
}
