// RowSource against a generated table: first rows, the last row, keyset walks under sort and
// filter, the cache bound, newest-wins cancellation, stale generations, the OFFSET fallback.
#include "dbx/row_source.h"
#include "store_test_support.h"
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace bb;
using namespace bb::dbx;

namespace {

constexpr qint64 kRows = 300000;

QString generateSql(bool pg)
{
    if (pg)
        return QStringLiteral("INSERT INTO items SELECT x, 'name' || x, x % 1000, CASE WHEN x % 10 "
                              "= 0 THEN NULL "
                              "ELSE 'n' || (x % 7) END, decode(repeat('00', (x % 5)::int), 'hex') "
                              "FROM generate_series(1, %1) AS x")
            .arg(kRows);
    return QStringLiteral("INSERT INTO items WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT "
                          "x + 1 FROM c WHERE x < %1) SELECT x, 'name' || x, x % 1000, CASE WHEN "
                          "x % 10 = 0 THEN NULL ELSE 'n' || (x % 7) END, zeroblob(x % 5) FROM c")
        .arg(kRows);
}

// Waits for rows [first, last] to be cached, asking once; false after `ms`.
bool fetch(RowSource &src, qint64 first, qint64 last, int ms = 20000)
{
    src.requestRows(first, last);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (src.row(first) && src.row(last))
            return true;
        QTest::qWait(5);
    }
    return false;
}

bool waitExactCount(RowSource &src, int ms = 30000)
{
    if (!src.countIsExact())
        src.requestExactCount();
    QElapsedTimer t;
    t.start();
    while (!src.countIsExact() && t.elapsed() < ms)
        QTest::qWait(5);
    return src.countIsExact();
}

} // namespace

class TestRowSource : public QObject {
    Q_OBJECT
    store::test::TestBackend *m_backend = nullptr;
    bool m_pg = false;

    // Opens the backend of the current data row and generates the tables once per backend.
    bool setUp()
    {
        QFETCH(QString, backend);
        delete m_backend;
        m_backend = new store::test::TestBackend;
        m_pg = backend == QLatin1String("postgres");
        if (!m_backend->open(backend)) {
            if (!m_backend->skipReason().isEmpty())
                return false;
            qFatal("cannot open %s: %s", qPrintable(backend), qPrintable(m_backend->error()));
        }
        const QString blob = m_pg ? QStringLiteral("BYTEA") : QStringLiteral("BLOB");
        const QString id = m_pg ? QStringLiteral("BIGINT") : QStringLiteral("INTEGER");
        QElapsedTimer t;
        t.start();
        bool ok = m_backend->run(QStringLiteral("CREATE TABLE items (id %1 PRIMARY KEY, name "
                                                "TEXT NOT NULL, qty INTEGER, note TEXT, data %2)")
                                     .arg(id, blob)) &&
                  m_backend->run(generateSql(m_pg)) &&
                  m_backend->run(
                      QStringLiteral("CREATE VIEW items_v AS SELECT id, name, qty FROM items")) &&
                  m_backend->run(QStringLiteral("CREATE VIEW slow_v AS SELECT a.id AS a, b.id AS "
                                                "b, a.qty + b.qty AS s FROM items a CROSS JOIN "
                                                "items b"));
        if (m_pg)
            ok = ok && m_backend->run(QStringLiteral("ANALYZE items"));
        if (!ok)
            qFatal("cannot generate the test tables");
        qInfo("generated %lld rows in %lld ms", kRows, t.elapsed());
        if (auto r = m_backend->db().reloadSchema(); !r)
            qFatal("reloadSchema: %s", qPrintable(r.error().message));
        return true;
    }

    std::unique_ptr<RowSource> source(const QString &table, SourceOptions o = {})
    {
        auto r = RowSource::open(m_backend->shared(), table, o);
        if (!r)
            qFatal("open %s: %s", qPrintable(table), qPrintable(r.error().message));
        return std::move(r.value());
    }

private slots:
    void cleanupTestCase() { delete m_backend; }

    void keysetPaging_data()
    {
        store::test::addBackendColumn();
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgres") << QStringLiteral("postgres");
    }
    // First rows, the last row by a backward read, a jump into the middle, its neighbour by keyset.
    void keysetPaging()
    {
        if (!setUp())
            QSKIP(qPrintable(m_backend->skipReason()));
        auto src = source(QStringLiteral("items"));
        QCOMPARE(src->paging(), m_pg ? Paging::PrimaryKey : Paging::Rowid);
        QVERIFY(src->rowCount() > 0); // the estimate, before any COUNT(*)
        if (!m_pg)
            QCOMPARE(src->rowCount(), kRows); // max(rowid) of a dense table
        QVERIFY(!src->countIsExact());

        QElapsedTimer t;
        t.start();
        QVERIFY(fetch(*src, 0, 99));
        qInfo("first rows in %lld ms", t.elapsed());
        QCOMPARE(src->row(0)->values.value(0).toLongLong(), 1);
        QCOMPARE(src->row(99)->values.value(0).toLongLong(), 100);
        QCOMPARE(src->row(0)->values.value(1).toString(), QStringLiteral("name1"));

        if (m_pg) // reltuples is approximate: place the tail by the exact count
            QVERIFY(waitExactCount(*src));
        t.restart();
        QVERIFY(fetch(*src, kRows - 50, kRows - 1));
        qInfo("last row in %lld ms", t.elapsed());
        QCOMPARE(src->row(kRows - 1)->values.value(0).toLongLong(), kRows);
        QCOMPARE(src->row(kRows - 50)->values.value(0).toLongLong(), kRows - 49);

        QVERIFY(fetch(*src, 150000, 150010)); // a jump: key-only seek, then keyset
        QCOMPARE(src->row(150000)->values.value(0).toLongLong(), 150001);
        const int offsetBefore = src->stats().offsetPages;
        const qint64 next = (150000 / src->blockRows() + 1) * src->blockRows();
        QVERIFY(fetch(*src, next, next + 5)); // the next block, anchored on the cached one
        QCOMPARE(src->row(next)->values.value(0).toLongLong(), next + 1);
        QCOMPARE(src->stats().offsetPages, offsetBefore);

        QVERIFY(waitExactCount(*src));
        QCOMPARE(src->rowCount(), kRows);
    }

    void sortAndFilter_data() { keysetPaging_data(); }
    // Walks every filtered row block by block (keyset anchors, NULLs first) and compares with
    // one direct query.
    void sortAndFilter()
    {
        if (!setUp())
            QSKIP(qPrintable(m_backend->skipReason()));
        SourceOptions o;
        o.blockRows = 64;
        o.maxBlocks = 4;
        auto src = source(QStringLiteral("items"), o);
        struct Case {
            QString sort;
            bool asc;
            QList<ColumnFilter> filters;
            QString where, order;
        };
        const QList<Case> cases = {
            {QStringLiteral("qty"),
             false,
             {{"qty", "<=20"}, {"name", "9"}},
             QStringLiteral("qty <= 20 AND name LIKE '%9%'"),
             QStringLiteral("qty DESC, id DESC")},
            {QStringLiteral("note"),
             true,
             {{"qty", "<2"}},
             QStringLiteral("qty < 2"),
             QStringLiteral("note ASC NULLS FIRST, id ASC")},
            {QStringLiteral("note"),
             false,
             {{"qty", "= 7"}},
             QStringLiteral("qty = 7"),
             QStringLiteral("note DESC NULLS LAST, id DESC")},
        };
        for (const Case &c : cases) {
            QVERIFY(src->setQuery(c.sort, c.asc, c.filters).ok());
            QVERIFY(waitExactCount(*src));
            const qint64 n = src->rowCount();
            const qint64 expectedCount =
                m_backend->value(QStringLiteral("SELECT count(*) FROM items WHERE ") + c.where)
                    .toLongLong();
            QCOMPARE(n, expectedCount);
            QVERIFY(n > 64 * 4); // more rows than the cache holds: the walk must evict
            QList<qint64> got;
            for (qint64 r = 0; r < n; r += 64) {
                QVERIFY(fetch(*src, r, std::min(n, r + 64) - 1));
                for (qint64 i = r; i < std::min(n, r + 64); ++i)
                    got << src->row(i)->values.value(0).toLongLong();
            }
            const QString agg = m_pg ? QStringLiteral("string_agg(id::text, ',' ORDER BY %1)")
                                     : QStringLiteral("group_concat(id, ',')");
            const QString sql =
                m_pg
                    ? QStringLiteral("SELECT %1 FROM items WHERE %2").arg(agg.arg(c.order), c.where)
                    : QStringLiteral("SELECT %1 FROM (SELECT id FROM items WHERE %2 ORDER BY %3)")
                          .arg(agg, c.where, c.order);
            QStringList ids;
            for (qint64 id : got)
                ids << QString::number(id);
            QCOMPARE(ids.join(','), m_backend->value(sql).toString());
            QVERIFY(src->cache().size() <= 4);
        }
        QCOMPARE(src->stats().offsetPages, 0);
    }

    void badQuery_data() { keysetPaging_data(); }
    void badQuery()
    {
        if (!setUp())
            QSKIP(qPrintable(m_backend->skipReason()));
        auto src = source(QStringLiteral("items"));
        auto r = src->setQuery({}, true, {{"qty", "  >= "}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().position, 4);
        QVERIFY(r.error().message.contains("qty"));
        QVERIFY(!src->setQuery(QStringLiteral("nope"), true, {}).ok());
        QVERIFY(!src->setQuery({}, true, {{"nope", "1"}}).ok());
        // A quote in a filter is a value, never SQL.
        QVERIFY(src->setQuery({}, true, {{"name", "'; DROP TABLE items; --"}}).ok());
        QVERIFY(waitExactCount(*src));
        QCOMPARE(src->rowCount(), 0);
        QVERIFY(!RowSource::open(m_backend->shared(), QStringLiteral("missing")).ok());
    }

    void cacheBound_data() { keysetPaging_data(); }
    // However far and wide the grid scrolls, at most maxBlocks blocks stay cached.
    void cacheBound()
    {
        if (!setUp())
            QSKIP(qPrintable(m_backend->skipReason()));
        SourceOptions o;
        o.blockRows = 100;
        o.maxBlocks = 8;
        auto src = source(QStringLiteral("items"), o);
        if (m_pg)
            QVERIFY(waitExactCount(*src));
        for (int i = 0; i < 40; ++i) {
            const qint64 at = (qint64(i) * 7919 * 100) % (kRows - 300);
            QVERIFY(fetch(*src, at, at + 250)); // spans three or four blocks
            QCOMPARE(src->row(at)->values.value(0).toLongLong(), at + 1);
            QVERIFY(src->cache().size() <= 8);
            QVERIFY(src->cache().rowCount() <= 800);
        }
        QCOMPARE(src->cache().size(), 8);
    }

    void newestWins_data() { keysetPaging_data(); }
    // A fetch superseded before its result is handled is dropped, never shown.
    void newestWins()
    {
        if (!setUp())
            QSKIP(qPrintable(m_backend->skipReason()));
        auto src = source(QStringLiteral("items"));
        QSignalSpy arrived(src.get(), &RowSource::rowsArrived);
        src->requestRows(100000, 100010);
        const quint64 firstGen = src->generation();
        // Block the event loop so the first result is read and queued before the second
        // request: it then arrives with a stale generation.
        QThread::msleep(500);
        QVERIFY(fetch(*src, 200000, 200010));
        QVERIFY(src->generation() > firstGen);
        QTest::qWait(300); // let any late result of the first request arrive
        QVERIFY(!src->row(100000));
        for (const auto &args : arrived)
            QVERIFY(args.at(0).toLongLong() >= 200000 - src->blockRows());
        QVERIFY(src->stats().staleDropped + src->stats().interrupted >= 1);
    }

    void cancelSlowQuery_data() { keysetPaging_data(); }
    // A 9e10-row cross join: the sorted fetch and the COUNT(*) would run for hours; a newer
    // request and cancelCount() end them within a bound.
    void cancelSlowQuery()
    {
        if (!setUp())
            QSKIP(qPrintable(m_backend->skipReason()));
        auto src = source(QStringLiteral("slow_v"));
        QCOMPARE(src->paging(), Paging::Offset);
        QSignalSpy cancelled(src.get(), &RowSource::countCancelled);
        QVERIFY(src->countRunning()); // no estimate for a view: the count starts by itself
        QVERIFY(src->setQuery(QStringLiteral("s"), false, {}).ok());
        src->requestRows(0, 10); // a sort on an unindexed expression over the whole join
        QTest::qWait(300);
        QVERIFY(!src->row(0));
        QElapsedTimer t;
        t.start();
        QVERIFY(src->setQuery({}, true, {}).ok()); // newest wins: unsorted rows come at once
        QVERIFY(fetch(*src, 0, 10, 10000));
        qInfo("slow fetch replaced in %lld ms", t.elapsed());
        QVERIFY(t.elapsed() < 5000);
        QCOMPARE(src->row(0)->values.size(), 3);

        QVERIFY(src->countRunning());
        QTest::qWait(200);
        t.restart();
        src->cancelCount();
        QVERIFY(cancelled.wait(5000) || cancelled.size() == 1);
        qInfo("count cancelled in %lld ms", t.elapsed());
        QVERIFY(t.elapsed() < 5000);
        QVERIFY(!src->countRunning());
        QVERIFY(!src->countIsExact());
        QVERIFY(src->stats().interrupted >= 1);
    }

    void offsetFallback_data() { keysetPaging_data(); }
    // A view has no key: OFFSET paging, said so, and still the right rows.
    void offsetFallback()
    {
        if (!setUp())
            QSKIP(qPrintable(m_backend->skipReason()));
        auto src = source(QStringLiteral("items_v"));
        QCOMPARE(src->paging(), Paging::Offset);
        QVERIFY(src->pagingNote().contains(QStringLiteral("OFFSET")));
        QVERIFY(waitExactCount(*src));
        QCOMPARE(src->rowCount(), kRows);
        QVERIFY(src->setQuery(QStringLiteral("id"), true, {}).ok());
        QVERIFY(waitExactCount(*src));
        QVERIFY(fetch(*src, 1000, 1009));
        QCOMPARE(src->row(1000)->values.value(0).toLongLong(), 1001);
        QVERIFY(src->stats().offsetPages >= 1);
        QCOMPARE(src->stats().keysetPages, 0);
    }
};

QTEST_GUILESS_MAIN(TestRowSource)
#include "tst_row_source.moc"
