// The Load Test panel's non-widget parts: run records round-trip through JSON (histograms
// included), the time series is merged down without hiding peaks, the history is bounded and
// survives a reload, and the engine's /metrics is read into a rate and a p99.
#include "data_file.h"
#include "engine_metrics.h"
#include "load_command_text.h"
#include "report_export.h"
#include "run_history.h"
#include "tst_loadtest_support.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::plugins::loadtest;

class TestLoadTestModels : public QObject {
    Q_OBJECT
private slots:
    void recordRoundTrips()
    {
        RunRecord r = bbtest::madeUpRun("http://127.0.0.1:1/x?q={{v}}", 12.5, 800);
        r.scenario.checks = {
            std::get<bb::loadtest::Check>(bb::loadtest::Check::parse("json:$.id"))};
        r.scenario.stages = {{5, 10}, {5, 0}};
        r.scenario.dataRows = {{{"v", "1"}}};
        const QByteArray text = QJsonDocument(recordToJson(r)).toJson();
        const RunRecord back = recordFromJson(QJsonDocument::fromJson(text).object());
        QCOMPARE(back.id, r.id);
        QCOMPARE(back.startedAt, r.startedAt);
        QCOMPARE(back.scenario.requests.at(0).url, r.scenario.requests.at(0).url);
        QCOMPARE(back.scenario.stages.size(), std::size_t(2));
        QCOMPARE(back.scenario.stages.at(1).seconds, 5.0);
        QCOMPARE(back.scenario.checks.at(0).kind, bb::loadtest::Check::Kind::JsonPath);
        QCOMPARE(back.scenario.checks.at(0).target, std::string("$.id"));
        QCOMPARE(back.scenario.thresholds.at(0).text, std::string("p99<20ms"));
        QCOMPARE(back.scenario.dataRows.at(0).at("v"), std::string("1"));
        QCOMPARE(back.summary->requests, std::uint64_t(800));
        QCOMPARE(back.summary->statusCounts.at(500), std::uint64_t(8));
        // The histogram comes back bucket for bucket: same count, same percentiles.
        QCOMPARE(back.summary->latency.count(), r.summary->latency.count());
        QCOMPARE(back.summary->latency.valueAtQuantile(0.99),
                 r.summary->latency.valueAtQuantile(0.99));
        QCOMPARE(back.summary->thresholds.size(), std::size_t(1));
        QCOMPARE(back.summary->thresholdsPassed, r.summary->thresholdsPassed);
        QCOMPARE(back.samples.size(), r.samples.size());
        QCOMPARE(back.samples.at(3).corrected.p99Ms, 12.5);
        QVERIFY(recordFromJson(QJsonObject{{"id", "x"}}).id.isEmpty()); // not a record
    }

    void storedRecordsMaskCredentials()
    {
        RunRecord r = bbtest::madeUpRun("http://127.0.0.1:1/x", 1, 10);
        r.scenario.requests[0].headers = {{"Accept", "*/*"},
                                          {"Authorization", "Bearer hist-secret"},
                                          {"X-Session-Token", "{{session}}"}};
        r.scenario.dataRows = {{{"session", "row-secret"}}};
        const QByteArray text = QJsonDocument(recordToJson(r)).toJson();
        QVERIFY2(!text.contains("hist-secret") && !text.contains("row-secret"), text.constData());
        const RunRecord back = recordFromJson(QJsonDocument::fromJson(text).object());
        const auto &h = back.scenario.requests.at(0).headers;
        QCOMPARE(h.at(0).second, std::string("*/*"));
        QCOMPARE(QString::fromStdString(h.at(1).second), QString("Bearer ••••"));
        QCOMPARE(h.at(2).second, std::string("{{session}}"));
        QCOMPARE(QString::fromStdString(back.scenario.dataRows.at(0).at("session")),
                 QString("••••"));
    }

    void downsampleKeepsCountsAndPeaks()
    {
        std::vector<bb::loadtest::Sample> samples;
        for (int i = 1; i <= 1000; ++i) {
            bb::loadtest::Sample s;
            s.tSeconds = 0.25 * i;
            s.requests = 10;
            s.errors = i == 500 ? 7 : 0;
            s.corrected.p99Ms = i == 500 ? 900 : 5;
            samples.push_back(s);
        }
        const auto merged = downsample(samples, 100);
        QVERIFY(merged.size() <= 100);
        std::uint64_t requests = 0, errors = 0;
        double peak = 0;
        for (const auto &s : merged) {
            requests += s.requests;
            errors += s.errors;
            peak = std::max(peak, s.corrected.p99Ms);
        }
        QCOMPARE(requests, std::uint64_t(10'000));
        QCOMPARE(errors, std::uint64_t(7));
        QCOMPARE(peak, 900.0); // the spike survives
        QCOMPARE(merged.back().tSeconds, 250.0);
        QCOMPARE(merged.front().rps, 40.0); // 100 requests in 2.5 s
        QCOMPARE(downsample(samples, 2000).size(), samples.size());
    }

    void historyIsBoundedAndSurvivesReload()
    {
        QTemporaryDir dir;
        {
            RunHistory h(dir.path(), 3);
            QCOMPARE(h.size(), 0);
            for (int i = 0; i < 5; ++i) {
                QString error;
                QVERIFY2(
                    h.add(bbtest::madeUpRun("http://127.0.0.1:1/", 10 + i, 100, 10'000 - i * 1000),
                          &error),
                    qPrintable(error));
            }
            QCOMPARE(h.size(), 3);
            QCOMPARE(QDir(dir.path()).entryList({"*.json"}, QDir::Files).size(), 3);
        }
        QFile junk(dir.filePath("99999999-zzz.json"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("{ not json");
        junk.close();
        RunHistory again(dir.path(), 10);
        QCOMPARE(again.size(), 3);
        QCOMPARE(again.skippedFiles(), 1);
        // Newest first: the last added run (14 ms) leads.
        QVERIFY(qAbs(again.at(0).summary->corrected.p99Ms - 14.0) < 0.05);
        QCOMPARE(again.data(again.index(0, RunHistory::Requests)).toULongLong(), 100ull);
        QCOMPARE(again.data(again.index(0, RunHistory::Thresholds)).toString(), "✓ passed");
        QVERIFY(again.remove(0));
        QCOMPARE(again.size(), 2);
        QCOMPARE(RunHistory(dir.path(), 10).size(), 2);
    }

    void anHourLongRunIsStoredBounded()
    {
        QTemporaryDir dir;
        RunHistory h(dir.path());
        RunRecord r = bbtest::madeUpRun("http://127.0.0.1:1/", 3, 1'000'000);
        r.samples.clear();
        for (int i = 1; i <= 14'400; ++i) { // an hour of 250 ms samples
            bb::loadtest::Sample s;
            s.tSeconds = 0.25 * i;
            s.requests = 70;
            s.corrected.p99Ms = i == 9'000 ? 700 : 3;
            r.samples.push_back(s);
        }
        QVERIFY(h.add(r));
        const QFileInfo file(dir.filePath(r.id + ".json"));
        qInfo("an hour-long run is stored in %lld bytes", file.size());
        QVERIFY2(file.size() < 2'000'000, qPrintable(QString::number(file.size())));
        const RunRecord back = RunHistory(dir.path()).at(0);
        QVERIFY(back.samples.size() <= RunHistory::kStoredSamples);
        double peak = 0;
        std::uint64_t requests = 0;
        for (const auto &s : back.samples) {
            peak = std::max(peak, s.corrected.p99Ms);
            requests += s.requests;
        }
        QCOMPARE(peak, 700.0);
        QCOMPARE(requests, std::uint64_t(70 * 14'400));
    }

    void historyReportsAnUnwritableFolder()
    {
        QTemporaryDir dir;
        QFile blocker(dir.filePath("file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        RunHistory h(dir.filePath("file/runs")); // a folder below a file cannot exist
        QString error;
        QVERIFY(!h.add(bbtest::madeUpRun("http://127.0.0.1:1/", 1, 10), &error));
        QVERIFY(error.contains("Cannot save the run"));
        QCOMPARE(h.size(), 1); // still shown until restart
    }

    void readsTheEnginesMetrics()
    {
        const QByteArray before =
            "# HELP http_requests_total HTTP requests.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{method=\"GET\",route=\"/api/v1/posts\",status=\"200\"} 100\n"
            "http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"} 5\n"
            "# TYPE http_request_duration_seconds histogram\n"
            "http_request_duration_seconds_bucket{route=\"/api/v1/posts\",le=\"0.001\"} 50\n"
            "http_request_duration_seconds_bucket{route=\"/api/v1/posts\",le=\"0.01\"} 100\n"
            "http_request_duration_seconds_bucket{route=\"/api/v1/posts\",le=\"+Inf\"} 100\n"
            "http_request_duration_seconds_sum{route=\"/api/v1/posts\"} 0.2\n"
            "http_request_duration_seconds_count{route=\"/api/v1/posts\"} 100\n"
            "http_request_duration_seconds_bucket{route=\"/metrics\",le=\"+Inf\"} 5\n";
        const QByteArray after =
            "# TYPE http_requests_total counter\n"
            "http_requests_total{method=\"GET\",route=\"/api/v1/posts\",status=\"200\"} 300\n"
            "http_requests_total{method=\"POST\",route=\"/api/v1/posts\",status=\"201\"} 100\n"
            "http_requests_total{method=\"GET\",route=\"/metrics\",status=\"200\"} 6\n"
            "# TYPE http_request_duration_seconds histogram\n"
            "http_request_duration_seconds_bucket{route=\"/api/v1/posts\",le=\"0.001\"} 50\n"
            "http_request_duration_seconds_bucket{route=\"/api/v1/posts\",le=\"0.01\"} 300\n"
            "http_request_duration_seconds_bucket{route=\"/api/v1/posts\",le=\"+Inf\"} 400\n";
        const EngineScrape a = parseEngineScrape(before);
        const EngineScrape b = parseEngineScrape(after);
        QVERIFY(a.valid && b.valid);
        QCOMPARE(a.requests, 100.0); // the /metrics route is left out
        QCOMPARE(b.requests, 400.0);
        QCOMPARE(a.buckets.size(), std::size_t(3));
        // Between the scrapes: 0 in ≤1 ms, 200 in 1–10 ms, 100 above 10 ms → p50 in 1–10 ms.
        const double p50 = quantileBetweenMs(a, b, 0.5);
        QVERIFY2(p50 > 1 && p50 <= 10, qPrintable(QString::number(p50)));
        QCOMPARE(quantileBetweenMs(a, b, 0.99), 10.0); // in +Inf: the highest finite bound
        QCOMPARE(quantileBetweenMs(a, a, 0.99), 0.0);  // nothing finished in between
        QVERIFY(!parseEngineScrape("just text\n").valid);
        QVERIFY(!parseEngineScrape(after + "http_requests_total{broken 12\n").valid);
        QVERIFY(!parseEngineScrape("# TYPE up gauge\nup 1\n").valid); // not an engine
    }

    void readsDataFilesAndLocatesTheirErrors_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::newRow("csv") << "rows.csv" << QByteArray("id,name\n1,ann\n2,\"b,ob\"\n") << 2 << 0
                             << 0;
        QTest::newRow("json") << "rows.json" << QByteArray(R"([{"id": 1, "name": "ann"}])") << 1
                              << 0 << 0;
        QTest::newRow("a field too many")
            << "rows.csv" << QByteArray("id,name\n1,ann\n2,bob,extra\n") << 0 << 3 << 7;
        QTest::newRow("a field short")
            << "rows.csv" << QByteArray("id,name\r\n1\r\n") << 0 << 2 << 2;
        QTest::newRow("stray quote")
            << "rows.csv" << QByteArray("id,name\n1,a\"b\n") << 0 << 2 << 4;
        QTest::newRow("after a closing quote")
            << "rows.csv" << QByteArray("id,name\n1,\"a\"x\n") << 0 << 2 << 6;
        QTest::newRow("unterminated")
            << "rows.csv" << QByteArray("id,name\n1,\"abc\n") << 0 << 2 << 3;
        QTest::newRow("unnamed column")
            << "rows.csv" << QByteArray("id,,x\n1,2,3\n") << 0 << 1 << 4;
        QTest::newRow("json syntax")
            << "rows.json" << QByteArray("[\n  {\"id\": 1},\n  {\"id\" 2}\n]") << 0 << 3 << 9;
        QTest::newRow("header only") << "rows.csv" << QByteArray("id,name\n") << 0 << 0 << 0;
    }
    void readsDataFilesAndLocatesTheirErrors()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, content);
        QFETCH(int, rows);
        QFETCH(int, line);
        QFETCH(int, column);
        QTemporaryDir dir;
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const DataFile data = loadDataFile(f.fileName());
        QCOMPARE(int(data.rows.size()), rows);
        QCOMPARE(data.ok(), rows > 0);
        QCOMPARE(data.line, line);
        QCOMPARE(data.column, column);
        if (line > 0)
            QVERIFY2(data.summary().startsWith(
                         QString("%1: line %2, column %3: ").arg(name).arg(line).arg(column)),
                     qPrintable(data.summary()));
        if (rows > 0) {
            QCOMPARE(data.names.first(), QString("id"));
            QVERIFY2(data.summary().contains(QString("%1 row").arg(rows)),
                     qPrintable(data.summary()));
        }
    }

    void dataRowsSummaryAndCommandLine()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("users.csv"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("user,token\nann,t1\nbob,t2\n");
        f.close();
        const DataFile data = loadDataFile(f.fileName());
        QCOMPARE(data.summary(), QString("users.csv · 2 rows · user, token")); // file order
        QCOMPARE(data.rows.at(1).at("token"), std::string("t2"));
        bb::loadtest::Scenario sc;
        sc.requests = {{"", "GET", "http://127.0.0.1:1/{{user}}", {}, "", 1}};
        QVERIFY(loadCommandLine(sc, f.fileName()).endsWith("--data '" + f.fileName() + "'"));
        QCOMPARE(dataFromRows(data.rows).summary(), QString("stored rows · 2 rows · token, user"));
        QVERIFY(!loadDataFile(dir.filePath("missing.csv")).ok());
    }

    void spellsTheScenarioAsACommandLine()
    {
        using namespace bb::loadtest;
        Scenario sc;
        RequestSpec r;
        r.method = "POST";
        r.url = "http://127.0.0.1:8080/api/v1/posts";
        r.headers = {{"Authorization", "Bearer x"}};
        r.body = "{\"title\":\"it's\"}";
        sc.requests = {r};
        sc.connections = 20;
        sc.durationSeconds = 30;
        sc.maxRequests = 1000;
        sc.thinkTimeMs = 50;
        sc.thresholds = {std::get<Threshold>(Threshold::parse("p95<200ms"))};
        sc.checks = {std::get<Check>(Check::parse("status=201"))};
        QCOMPARE(loadCommandLine(sc),
                 "backbench load 'http://127.0.0.1:8080/api/v1/posts' -m POST "
                 "-H 'Authorization: Bearer x' -b '{\"title\":\"it'\\''s\"}' -c 20 -d 30s "
                 "-n 1000 --think 50 --threshold 'p95<200ms' --check 'status=201'");
        sc.model = Model::Open;
        sc.rate = 500;
        QVERIFY(loadCommandLine(sc).contains("-d 30s --rate 500 --threshold"));
        QVERIFY(!loadCommandLine(sc).contains("--think")); // think time is closed-model only
        sc.stages = {{10, 100}, {5, 0}};
        QVERIFY(loadCommandLine(sc).contains("--model open --stages 10s:100,5s:0"));
        QCOMPARE(shellQuote("a'b"), "'a'\\''b'");
    }

    void rendersEveryReportFormat()
    {
        const RunRecord r = bbtest::madeUpRun("http://127.0.0.1:1/x", 5, 100);
        for (ReportFormat f : {ReportFormat::Json, ReportFormat::Csv, ReportFormat::Html,
                               ReportFormat::K6, ReportFormat::Text}) {
            QVERIFY(!renderReport(f, r).isEmpty());
            QVERIFY(defaultFileName(f, r).startsWith("loadtest-"));
            QVERIFY(!fileFilter(f).isEmpty());
        }
        QVERIFY(defaultFileName(ReportFormat::Html, r).endsWith(".html"));
        QVERIFY(renderReport(ReportFormat::K6, r).contains("export default function"));
    }
};

QTEST_MAIN(TestLoadTestModels)
#include "tst_loadtest_models.moc"
