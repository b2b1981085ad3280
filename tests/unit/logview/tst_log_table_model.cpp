// The Logs panel's model: batches, the ring bound, pause, the filter applied in slices, and
// counts that stay right as lines are evicted.
#include "logview/field_table.h"
#include "logview/log_line_parser.h"
#include "logview/log_table_model.h"

#include <QSignalSpy>
#include <QTest>

using namespace bb::logview;

namespace {

// Line i: level cycles info, warn, error; status 200 or 500; ts = base + i ms.
QByteArray jsonLine(int i, qint64 base = 1'700'000'000'000)
{
    static const char *levels[] = {"info", "warn", "error"};
    return QStringLiteral(
               R"({"ts":%1,"level":"%2","msg":"request %3","status":%4,"path":"/posts/%3"})")
        .arg(base + i)
        .arg(QLatin1String(levels[i % 3]))
        .arg(i)
        .arg(i % 2 ? 500 : 200)
        .toUtf8();
}

std::vector<LogLine> lines(LogTableModel &model, int from, int count)
{
    std::vector<LogLine> out;
    for (int i = from; i < from + count; ++i)
        out.push_back(parseLogLine(jsonLine(i), model.fields(), 0));
    return out;
}

qint64 total(const LevelCounts &c)
{
    qint64 t = 0;
    for (auto n : c)
        t += n;
    return t;
}

QString msgAt(const LogTableModel &model, int row)
{
    const std::string_view m = model.lineAt(row).msg();
    return QString::fromUtf8(m.data(), qsizetype(m.size()));
}

void waitFilter(LogTableModel &model)
{
    QTRY_VERIFY_WITH_TIMEOUT(!model.isRefiltering(), 20000);
}

} // namespace

class TstLogTableModel : public QObject {
    Q_OBJECT
private slots:
    void batchesInsertOnce();
    void ingestParsesOffThread();
    void ringBoundEvictsOldest();
    void pauseBuffersAndCounts();
    void queryFiltersAndCounts();
    void badQueryKeepsPrevious();
    void levelChips();
    void timeRange();
    void bigRefilterRunsInSlices();
    void refilterDuringEviction();
    void dedupBySeq();
    void extraColumns();
    void prependOlderKeepsOrderAndBound();
};

void TstLogTableModel::batchesInsertOnce()
{
    LogTableModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.enqueue(lines(model, 0, 500));
    model.flush();
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 500);
    QCOMPARE(msgAt(model, 3), QStringLiteral("request 3"));
    // The message column adds the fields, logfmt style.
    QCOMPARE(model.data(model.index(3, LogTableModel::MessageColumn)).toString(),
             QStringLiteral("request 3 path=/posts/3 status=500")); // path leads
    QCOMPARE(model.data(model.index(1, LogTableModel::LevelColumn)).toString(),
             QStringLiteral("WARN"));
}

void TstLogTableModel::ingestParsesOffThread()
{
    LogTableModel model;
    QByteArrayList raw;
    for (int i = 0; i < 1000; ++i)
        raw.append(jsonLine(i));
    raw.append("not json at all");
    model.ingest().push(raw, 5);
    QVERIFY(model.ingest().waitIdle(10000));
    QSignalSpy batches(&model, &LogTableModel::batchCommitted);
    QVERIFY(batches.wait(2000)); // the batch timer commits it
    QCOMPARE(model.rowCount(), 1001);
    QCOMPARE(model.ingest().nonJsonLines(), quint64(1));
    QCOMPARE(model.data(model.index(1000, LogTableModel::MessageColumn)).toString(),
             QStringLiteral("not json at all"));
}

void TstLogTableModel::ringBoundEvictsOldest()
{
    LogTableModel model;
    model.setCapacity(1000);
    for (int batch = 0; batch < 10; ++batch) {
        model.enqueue(lines(model, batch * 300, 300));
        model.flush();
        QVERIFY(model.heldLines() <= 1000);
        QCOMPARE(qint64(model.rowCount()), qint64(model.heldLines()));
        QCOMPARE(total(model.levelCounts()), qint64(model.heldLines()));
    }
    // The newest line is the last one fed; the oldest kept is within the last 1000.
    QCOMPARE(msgAt(model, model.rowCount() - 1), QStringLiteral("request 2999"));
    const QString first = msgAt(model, 0).mid(8);
    QVERIFY(first.toInt() >= 2000);
}

void TstLogTableModel::pauseBuffersAndCounts()
{
    LogTableModel model;
    model.enqueue(lines(model, 0, 10));
    model.flush();
    model.setPaused(true);
    QSignalSpy pending(&model, &LogTableModel::pendingChanged);
    model.enqueue(lines(model, 10, 25));
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.pendingCount(), 25);
    QCOMPARE(pending.last().at(0).value<qsizetype>(), 25);
    model.setPaused(false);
    QCOMPARE(model.rowCount(), 35);
    QCOMPARE(model.pendingCount(), 0);
}

void TstLogTableModel::queryFiltersAndCounts()
{
    LogTableModel model;
    model.enqueue(lines(model, 0, 300));
    model.flush();
    QVERIFY(!model.setQueryText(QStringLiteral("status>=500 && path~'/posts/1'")));
    waitFilter(model);
    // Odd i with "/posts/1" in the path: 1, 11..19, 101..199 (odd ones).
    int expected = 0;
    for (int i = 0; i < 300; ++i) {
        if (i % 2 && QStringLiteral("/posts/%1").arg(i).contains(QLatin1String("/posts/1")))
            ++expected;
    }
    QCOMPARE(model.rowCount(), expected);
    QCOMPARE(total(model.levelCounts()), qint64(expected));
    QCOMPARE(model.highlightTerms(), QStringList{QStringLiteral("/posts/1")});
    // New lines are filtered as they come.
    model.enqueue(lines(model, 1001, 1)); // odd, /posts/1001
    model.enqueue(lines(model, 1002, 1)); // even
    model.flush();
    QCOMPARE(model.rowCount(), expected + 1);
}

void TstLogTableModel::badQueryKeepsPrevious()
{
    LogTableModel model;
    model.enqueue(lines(model, 0, 10));
    model.flush();
    QVERIFY(!model.setQueryText(QStringLiteral("status=500")));
    waitFilter(model);
    const auto error = model.setQueryText(QStringLiteral("status >= && x"));
    QVERIFY(error);
    QCOMPARE(error->position, 10);
    QCOMPARE(model.queryText(), QStringLiteral("status=500"));
    QCOMPARE(model.rowCount(), 5);
}

void TstLogTableModel::levelChips()
{
    LogTableModel model;
    model.enqueue(lines(model, 0, 90));
    model.flush();
    model.setLevelEnabled(Severity::Info, false);
    waitFilter(model);
    QCOMPARE(model.rowCount(), 60);
    // Chips count lines matching the query whatever the chips say.
    QCOMPARE(model.levelCounts()[int(Severity::Info)], 30);
    model.enqueue(lines(model, 90, 3));
    model.flush();
    QCOMPARE(model.rowCount(), 62);
    model.setLevelEnabled(Severity::Info, true);
    waitFilter(model);
    QCOMPARE(model.rowCount(), 93);
}

void TstLogTableModel::timeRange()
{
    LogTableModel model;
    model.enqueue(lines(model, 0, 100));
    model.flush();
    const qint64 base = 1'700'000'000'000;
    model.setTimeRange(base + 10, base + 19);
    waitFilter(model);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.data(model.index(0, 0), LogTableModel::TimestampMsRole).toLongLong(), base + 10);
    model.resetTimeRange();
    waitFilter(model);
    QCOMPARE(model.rowCount(), 100);
}

void TstLogTableModel::bigRefilterRunsInSlices()
{
    LogTableModel model;
    model.setCapacity(400'000);
    for (int b = 0; b < 20; ++b) {
        model.enqueue(lines(model, b * 20'000, 20'000));
        model.flush();
    }
    QCOMPARE(model.rowCount(), 400'000);
    QSignalSpy progress(&model, &LogTableModel::refilterProgress);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!model.setQueryText(QStringLiteral("status=500 && msg~'7'")));
    const qint64 synchronous = clock.elapsed();
    QVERIFY(model.isRefiltering()); // far more than one slice of work
    QVERIFY2(synchronous < 100, qPrintable(QString::number(synchronous)));
    waitFilter(model);
    QVERIFY(progress.count() >= 3);
    QCOMPARE(progress.last().at(0).toInt(), 100);
    int expected = 0;
    for (int i = 0; i < 400'000; ++i) {
        if (i % 2 && QString::number(i).contains(QLatin1Char('7')))
            ++expected;
    }
    QCOMPARE(model.rowCount(), expected);
}

void TstLogTableModel::refilterDuringEviction()
{
    LogTableModel model;
    model.setCapacity(200'000);
    model.enqueue(lines(model, 0, 200'000));
    while (model.pendingCount() > 0)
        model.flush();
    QVERIFY(!model.setQueryText(QStringLiteral("status=500")));
    int next = 200'000;
    while (model.isRefiltering()) {
        // Live lines keep coming and evicting while the filter is applied.
        model.enqueue(lines(model, next, 2000));
        next += 2000;
        model.flush();
        QCoreApplication::processEvents();
    }
    model.enqueue(lines(model, next, 2000));
    next += 2000;
    model.flush();
    QVERIFY(model.heldLines() <= 200'000);
    // Every held line with an odd number is shown and counted, exactly once.
    qint64 odd = 0;
    for (int r = 0; r < model.rowCount(); ++r) {
        QVERIFY(msgAt(model, r).mid(8).toInt() % 2 == 1);
    }
    const LogFilter &f = model.filter();
    Q_UNUSED(f);
    for (int i = next - int(model.heldLines()); i < next; ++i)
        odd += i % 2;
    QCOMPARE(qint64(model.rowCount()), odd);
    QCOMPARE(total(model.levelCounts()), odd);
}

void TstLogTableModel::dedupBySeq()
{
    LogTableModel model;
    model.ingest().setDedupBySeq(true);
    model.ingest().push(QByteArrayList{R"({"seq":1,"msg":"a"})", R"({"seq":2,"msg":"b"})"}, 0);
    model.ingest().push(QByteArrayList{R"({"seq":2,"msg":"b"})", R"({"seq":3,"msg":"c"})"}, 0);
    QVERIFY(model.ingest().waitIdle(5000));
    model.flush();
    QCOMPARE(model.rowCount(), 3);
}

void TstLogTableModel::extraColumns()
{
    LogTableModel model;
    model.enqueue(lines(model, 0, 3));
    model.flush();
    model.setExtraColumns({QStringLiteral("status"), QStringLiteral("path")});
    QCOMPARE(model.columnCount(), 5);
    QCOMPARE(model.headerData(3, Qt::Horizontal).toString(), QStringLiteral("status"));
    QCOMPARE(model.data(model.index(1, 3)).toString(), QStringLiteral("500"));
    QCOMPARE(model.data(model.index(2, 4)).toString(), QStringLiteral("/posts/2"));
}

void TstLogTableModel::prependOlderKeepsOrderAndBound()
{
    LogTableModel model;
    model.setCapacity(100);
    model.enqueue(lines(model, 50, 60)); // 50..109
    model.flush();
    QVERIFY(!model.setQueryText(QStringLiteral("status=500")));
    waitFilter(model);
    QCOMPARE(model.rowCount(), 30);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // 0..49 are older; only 40 fit, the newest of them (10..49).
    QCOMPARE(model.prependOlder(lines(model, 0, 50)), 40);
    QCOMPARE(model.heldLines(), std::size_t(100));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(model.rowCount(), 50); // the odd ones of 10..109
    QCOMPARE(msgAt(model, 0), QStringLiteral("request 11"));
    QCOMPARE(msgAt(model, 20), QStringLiteral("request 51"));
    QCOMPARE(total(model.levelCounts()), 50);
    QCOMPARE(model.oldestHeldMs(), 1'700'000'000'010);
    // Live lines still evict the oldest first.
    model.enqueue(lines(model, 110, 2));
    model.flush();
    QVERIFY(model.heldLines() <= 100);
    QCOMPARE(msgAt(model, model.rowCount() - 1), QStringLiteral("request 111"));
    QVERIFY(msgAt(model, 0).mid(8).toInt() > 11);
}

QTEST_GUILESS_MAIN(TstLogTableModel)
#include "tst_log_table_model.moc"
