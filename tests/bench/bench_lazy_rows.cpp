// Lazy rows of a 10 M-row SQLite table (DESIGN §5: first rows < 200 ms, last row < 300 ms,
// memory < 300 MB): time to first rows and to the last row through dbx::RowSource, the exact
// COUNT(*), peak RSS after 300 jumps across the table, and the sqlite3 CLI on the same file as
// the floor. Prints medians of 3 and one machine-readable line "BBLR key=value ...".
// Usage: bench_lazy_rows [ROWS]   (default 10000000; the table lives in a temporary folder)
#include "dbx/row_source.h"
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <sqlite3.h>

using namespace bb;

namespace {

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? -1 : v[v.size() / 2];
}

qint64 peakRssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// One transaction, one statement: a recursive CTE writes every row without a round trip.
bool generate(const QString &path, qint64 rows)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open(path.toUtf8().constData(), &db) != SQLITE_OK)
        return false;
    const QByteArray sql =
        QStringLiteral(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;"
            "CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER, note "
            "TEXT);"
            "INSERT INTO big WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
            "WHERE x < %1) SELECT x, 'name ' || x, x % 1000, CASE WHEN x % 10 = 0 THEN NULL "
            "ELSE 'note ' || (x % 7) END FROM c; COMMIT;")
            .arg(rows)
            .toUtf8();
    char *err = nullptr;
    const bool ok = sqlite3_exec(db, sql.constData(), nullptr, nullptr, &err) == SQLITE_OK;
    if (!ok)
        std::fprintf(stderr, "generate: %s\n", err);
    sqlite3_free(err);
    sqlite3_close(db);
    return ok;
}

// Runs the event loop until `done()` or 60 s; returns the elapsed ms or -1 on timeout.
template<typename F> double waitUntil(const QElapsedTimer &t, F done)
{
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(1);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done() || t.elapsed() > 60000)
            loop.quit();
    });
    poll.start();
    if (!done())
        loop.exec();
    return done() ? t.nsecsElapsed() / 1e6 : -1;
}

double cliMs(const QString &path, const QString &sql)
{
    QElapsedTimer t;
    t.start();
    QProcess p;
    p.start(QStringLiteral("sqlite3"), {path, sql});
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return -1;
    return t.nsecsElapsed() / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 rows = argc > 1 ? QByteArray(argv[1]).toLongLong() : 10000000;
    if (rows < 1000 || rows > 100000000) {
        std::fprintf(stderr, "ROWS must be between 1000 and 100000000\n");
        return 2;
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.db"));
    QElapsedTimer gen;
    gen.start();
    if (!dir.isValid() || !generate(path, rows))
        return 1;
    std::fprintf(stderr, "generated %lld rows in %.1f s\n", rows, gen.elapsed() / 1000.0);
    auto opened = store::Database::open(QStringLiteral("sqlite:") + path);
    if (!opened) {
        std::fprintf(stderr, "open: %s\n", qPrintable(opened.error().message));
        return 1;
    }
    auto db = opened.value();

    QList<double> first, last, count, cliFirst, cliLast, cliCount;
    for (int run = 0; run < 3; ++run) {
        // First rows: open (paging probe, estimate) plus the first 100 rows.
        QElapsedTimer t;
        t.start();
        auto src = dbx::RowSource::open(db, QStringLiteral("big"));
        if (!src) {
            std::fprintf(stderr, "RowSource: %s\n", qPrintable(src.error().message));
            return 1;
        }
        dbx::RowSource &s = *src.value();
        s.requestRows(0, 99);
        first << waitUntil(t, [&] { return s.row(99) != nullptr; });

        // The last row, as a scrollbar dragged to the bottom asks for it.
        auto fresh = dbx::RowSource::open(db, QStringLiteral("big"));
        dbx::RowSource &f = *fresh.value();
        t.restart();
        f.requestRows(f.rowCount() - 100, f.rowCount() - 1);
        last << waitUntil(t, [&] { return f.row(f.rowCount() - 1) != nullptr; });
        if (f.row(f.rowCount() - 1)->values.value(0).toLongLong() != rows) {
            std::fprintf(stderr, "the last row is not id %lld\n", rows);
            return 1;
        }

        t.restart();
        s.requestExactCount();
        count << waitUntil(t, [&] { return s.countIsExact(); });

        cliFirst << cliMs(path, QStringLiteral("SELECT * FROM big LIMIT 100"));
        cliLast << cliMs(path, QStringLiteral("SELECT * FROM big ORDER BY rowid DESC LIMIT 100"));
        cliCount << cliMs(path, QStringLiteral("SELECT count(*) FROM big"));
    }

    // 300 jumps anywhere (key-only seeks, then keyset): the cache bound keeps memory flat.
    {
        auto src = dbx::RowSource::open(db, QStringLiteral("big"));
        dbx::RowSource &s = *src.value();
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < 300; ++i) {
            const qint64 at = QRandomGenerator::global()->bounded(rows - 100);
            s.requestRows(at, at + 99);
            QElapsedTimer one;
            one.start();
            if (waitUntil(one, [&] { return s.row(at + 99) != nullptr; }) < 0) {
                std::fprintf(stderr, "jump %d timed out\n", i);
                return 1;
            }
        }
        std::fprintf(stderr, "300 random jumps in %.0f ms, cache %d blocks\n",
                     t.nsecsElapsed() / 1e6, s.cache().size());
    }
    const double rssMb = peakRssKb() / 1024.0;

    const double mf = median(first), ml = median(last), mc = median(count);
    const double cf = median(cliFirst), cl = median(cliLast), cc = median(cliCount);
    std::fprintf(stderr,
                 "first rows %.1f ms (cli %.1f, x%.2f), last row %.1f ms (cli %.1f, x%.2f), "
                 "exact count %.1f ms (cli %.1f, x%.2f), peak RSS %.1f MB\n",
                 mf, cf, mf / cf, ml, cl, ml / cl, mc, cc, mc / cc, rssMb);
    std::printf("BBLR rows=%lld first_ms=%.1f last_ms=%.1f count_ms=%.1f peak_rss_mb=%.1f "
                "cli_first_ms=%.1f cli_last_ms=%.1f cli_count_ms=%.1f first_vs_cli=%.2f "
                "last_vs_cli=%.2f count_vs_cli=%.2f\n",
                rows, mf, ml, mc, rssMb, cf, cl, cc, mf / cf, ml / cl, mc / cc);
    return 0;
}
