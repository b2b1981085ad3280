// The Server panel's models without a window: batching, bounds, rates, cURL text.
#include "live_stats_model.h"
#include "recent_requests_model.h"
#include "route_table_model.h"

#include <QSignalSpy>
#include <QTest>

using namespace bb;
using namespace bb::plugins::server;

namespace {
std::vector<engine::RecentRequest> synthetic(std::uint64_t firstSeq, int count)
{
    std::vector<engine::RecentRequest> out;
    out.reserve(std::size_t(count));
    for (int i = 0; i < count; ++i) {
        const std::uint64_t seq = firstSeq + std::uint64_t(i);
        out.push_back({seq, qint64(seq) * 20, "GET", QString("/api/v1/posts/%1").arg(seq),
                       seq % 50 == 0 ? 500 : 200, 0.25, QString(),
                       seq % 2 == 0 ? QString() : QString::number(seq)});
    }
    return out;
}

engine::EngineStats stats(qint64 total, qint64 server = 0, qint64 client = 0, double p99 = 1)
{
    engine::EngineStats s;
    s.requestsTotal = total;
    s.serverErrorsTotal = server;
    s.clientErrorsTotal = client;
    s.p50Ms = p99 / 4;
    s.p95Ms = p99 / 2;
    s.p99Ms = p99;
    return s;
}
} // namespace

class TestServerModels : public QObject {
    Q_OBJECT
private slots:
    void recentRequestsStayBoundedAndBatchedAt50k()
    {
        RecentRequestsModel model;
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        // 50,000 requests arriving as the monitor polls them: 2,000 per tick.
        for (std::uint64_t first = 1; first <= 50'000; first += 2000)
            model.append(synthetic(first, 2000));
        QCOMPARE(inserted.size(), 25); // one insert batch per poll
        QVERIFY(removed.size() <= 25); // at most one removal batch per poll
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.rowCount(), RecentRequestsModel::kDefaultMaxRows);
        QCOMPARE(model.at(0).seq, std::uint64_t(45'001));
        QCOMPARE(model.at(model.rowCount() - 1).seq, std::uint64_t(50'000));
        QCOMPARE(model.lastSeq(), std::uint64_t(50'000));
        QCOMPARE(model.totalAppended(), qint64(50'000));
        // Removals are whole ranges from the top, never more than one poll's worth.
        int removedRows = 0;
        for (const QList<QVariant> &args : removed) {
            QCOMPARE(args.at(1).toInt(), 0);
            const int n = args.at(2).toInt() + 1;
            QVERIFY(n <= 2000);
            removedRows += n;
        }
        QCOMPARE(removedRows, 45'000);
    }

    void oversizedBatchKeepsTheNewest()
    {
        RecentRequestsModel model;
        model.append(synthetic(1, 100));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.append(synthetic(101, 12'000));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(model.at(0).seq, std::uint64_t(7101));
        QCOMPARE(model.at(4999).seq, std::uint64_t(12'100));
    }

    void repeatedPollsDoNotDuplicate()
    {
        RecentRequestsModel model;
        model.append(synthetic(1, 10));
        model.append(synthetic(5, 10)); // overlaps 5..10
        QCOMPARE(model.rowCount(), 14);
        QCOMPARE(model.at(13).seq, std::uint64_t(14));
        model.append({});
        QCOMPARE(model.rowCount(), 14);
        model.restartSequence(); // a restarted engine counts from 1 again
        model.append(synthetic(1, 3));
        QCOMPARE(model.rowCount(), 17);
    }

    void recentRequestsDisplay()
    {
        RecentRequestsModel model;
        model.append(synthetic(49, 2));
        QCOMPARE(model.columnCount(), 6);
        // seq 49 was signed in as user 49, seq 50 came without credentials.
        QCOMPARE(model.index(0, RecentRequestsModel::UserColumn).data().toString(),
                 QString("user 49"));
        QCOMPARE(model.index(1, RecentRequestsModel::UserColumn).data().toString(),
                 QString("anonymous"));
        QCOMPARE(model.index(0, RecentRequestsModel::MethodColumn).data().toString(),
                 QString("GET"));
        QCOMPARE(model.index(1, RecentRequestsModel::StatusColumn).data().toInt(), 500);
        QCOMPARE(model.index(0, RecentRequestsModel::DurationColumn).data().toString(),
                 QString("0.25 ms"));
        // 2xx and 5xx get different, palette-derived colours.
        const QVariant ok =
            model.index(0, RecentRequestsModel::StatusColumn).data(Qt::ForegroundRole);
        const QVariant bad =
            model.index(1, RecentRequestsModel::StatusColumn).data(Qt::ForegroundRole);
        QVERIFY(ok.isValid() && bad.isValid());
        QVERIFY(ok.value<QColor>() != bad.value<QColor>());
        model.setMaxRows(1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.at(0).seq, std::uint64_t(50));
    }

    void liveStatsRatesFromCounterDeltas()
    {
        LiveStatsModel m;
        QSignalSpy updated(&m, &LiveStatsModel::updated);
        QVERIFY(!m.hasData());
        m.addSample(stats(0), 0);
        m.addSample(stats(500, 5, 50), 500);
        QCOMPARE(m.requestsPerSecond(), 1000.0);
        QCOMPARE(m.serverErrorRate(), 0.01);
        QCOMPARE(m.clientErrorRate(), 0.1);
        m.addSample(stats(1000, 10, 100), 1000);
        QCOMPARE(m.requestsPerSecond(), 1000.0);
        // The window slides: the next rate covers only the last second.
        m.addSample(stats(1200, 10, 100), 1500);
        m.addSample(stats(1400, 10, 100), 2000);
        QCOMPARE(m.requestsPerSecond(), 400.0);
        QCOMPARE(m.serverErrorRate(), 0.0);
        QCOMPARE(updated.size(), 5);
        QCOMPARE(int(m.history().size()), 5);
    }

    void liveStatsResetsWhenCountersGoBackwards()
    {
        LiveStatsModel m;
        m.addSample(stats(10'000), 0);
        m.addSample(stats(11'000), 1000);
        m.addSample(stats(5), 2000); // a fresh engine
        QCOMPARE(m.requestsPerSecond(), 0.0);
        m.addSample(stats(105), 2500);
        QCOMPARE(m.requestsPerSecond(), 200.0);
    }

    void liveStatsHistoryIsBounded()
    {
        LiveStatsModel m;
        m.setHistorySpanMs(10'000);
        for (qint64 t = 0; t <= 60'000; t += 250)
            m.addSample(stats(t, 0, 0, double(t) / 1000.0), t);
        QVERIFY(m.history().size() <= 41);
        QCOMPARE(m.history().back().p99Ms, 60.0);
        QVERIFY(m.history().front().tMs >= 50'000);
        m.reset();
        QVERIFY(!m.hasData());
        QVERIFY(m.history().empty());
    }

    void formats()
    {
        QCOMPARE(LiveStatsModel::formatUptime(59'000), QString("59 s"));
        QCOMPARE(LiveStatsModel::formatUptime(3'725'000), QString("1 h 2 min"));
        QCOMPARE(LiveStatsModel::formatRate(52'340), QString("52.3k/s"));
        QCOMPARE(LiveStatsModel::formatMs(0.5), QString("0.50 ms"));
        QCOMPARE(LiveStatsModel::formatPercent(0.25), QString("25.0 %"));
    }

    void curlCommands_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("expected");
        const QString base = "http://127.0.0.1:8090";
        QTest::newRow("get with placeholder") << "GET"
                                              << "/api/v1/posts/{id}"
                                              << "curl 'http://127.0.0.1:8090/api/v1/posts/{id}'";
        QTest::newRow("post") << "POST"
                              << "/api/v1/posts"
                              << "curl -X POST 'http://127.0.0.1:8090/api/v1/posts' -H "
                                 "'Content-Type: application/json' -d '{}'";
        QTest::newRow("put") << "PUT"
                             << "/api/v1/posts/{id}"
                             << "curl -X PUT 'http://127.0.0.1:8090/api/v1/posts/{id}' -H "
                                "'Content-Type: application/json' -d '{}'";
        QTest::newRow("patch") << "PATCH"
                               << "/api/v1/posts/{id}"
                               << "curl -X PATCH 'http://127.0.0.1:8090/api/v1/posts/{id}' -H "
                                  "'Content-Type: application/json' -d '{}'";
        QTest::newRow("delete") << "DELETE"
                                << "/api/v1/posts/{id}"
                                << "curl -X DELETE 'http://127.0.0.1:8090/api/v1/posts/{id}'";
        QTest::newRow("quote in path") << "GET"
                                       << "/it's"
                                       << "curl 'http://127.0.0.1:8090/it'\\''s'";
    }

    void curlCommands()
    {
        QFETCH(QString, method);
        QFETCH(QString, pattern);
        QFETCH(QString, expected);
        engine::RouteInfo r{method, pattern, "summary", "posts"};
        QCOMPARE(curlCommand(r, "http://127.0.0.1:8090"), expected);
        QCOMPARE(curlCommand(r, "http://127.0.0.1:8090/"), expected); // no double slash
    }

    void routeTable()
    {
        RouteTableModel model;
        model.setBaseUrl("http://127.0.0.1:9000");
        model.setRoutes({{"GET", "/healthz", "Liveness", ""},
                         {"GET", "/api/v1/posts", "List posts", "posts"},
                         {"POST", "/api/v1/posts", "Create a post", "posts"},
                         {"GET", "/api/v1/authors", "List authors", "authors"}});
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.resourceCount(), 2);
        QCOMPARE(model.index(1, RouteTableModel::PathColumn).data().toString(),
                 QString("/api/v1/posts"));
        QCOMPARE(model.curlForRow(0), QString("curl 'http://127.0.0.1:9000/healthz'"));
        QCOMPARE(model.index(2, 0).data(Qt::ToolTipRole).toString(), model.curlForRow(2));
        QVERIFY(model.curlForRow(9).isEmpty());
    }
};

QTEST_MAIN(TestServerModels) // status colours read the application palette
#include "tst_servermodels.moc"
