// The report writers on a known run: k6-shaped JSON, the CSV time series, the self-contained
// HTML report, the wrk-like text and the k6 script (checked by `node --check` when node exists).
#include "loadtest/report_csv.h"
#include "loadtest/report_format.h"
#include "loadtest/report_html.h"
#include "loadtest/report_json.h"
#include "loadtest/report_k6.h"
#include "loadtest/report_svg.h"
#include "loadtest/report_text.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::loadtest;

namespace {

Threshold threshold(const std::string &metric, char op, double value, const std::string &text,
                    bool abort = false)
{
    Threshold t;
    t.metric = metric;
    t.op = op;
    t.value = value;
    t.text = text;
    t.abortOnFail = abort;
    return t;
}

Scenario knownScenario()
{
    Scenario sc;
    RequestSpec r;
    r.name = "List posts";
    r.method = "GET";
    r.url = "http://127.0.0.1:8080/api/v1/posts?limit={{limit}}";
    r.headers = {{"Accept", "application/json"}, {"X-Tag", "a \"quoted\" </script> value"}};
    sc.requests.push_back(r);
    RequestSpec post;
    post.method = "POST";
    post.url = "http://127.0.0.1:8080/api/v1/posts";
    post.body = "{\"title\":\"{{title}}\"}";
    post.weight = 3;
    sc.requests.push_back(post);
    sc.connections = 20;
    sc.durationSeconds = 10;
    sc.thresholds = {threshold("p95", '<', 200, "p95<200ms"),
                     threshold("error_rate", '<', 0.01, "error_rate<0.01"),
                     threshold("rps", 'g', 50, "rps>=50", true)};
    Check status;
    status.kind = Check::Kind::Status;
    status.name = "status is 200";
    status.expected = "200,201";
    Check json;
    json.kind = Check::Kind::JsonPath;
    json.name = "has an id";
    json.target = "$.items[0].id";
    sc.checks = {status, json};
    sc.dataRows = {{{"limit", "5"}, {"title", "one"}}, {{"limit", "10"}, {"title", "two"}}};
    return sc;
}

/// 1,000 requests over 10 s: 900 at 10 ms, 90 at 50 ms, 10 at 400 ms; 20 errors.
Summary knownSummary()
{
    Summary s;
    s.durationSeconds = 10;
    s.requests = 1000;
    s.errors = 20;
    s.bytesIn = 2 * 1024 * 1024;
    s.bytesOut = 100'000;
    s.rps = 100;
    s.statusCounts = {{200, 980}, {500, 10}, {404, 10}};
    s.errorsByKind = {{"connect", 3}, {"timeout", 2}, {"status", 15}};
    s.latency.recordCount(10'000, 900);
    s.latency.recordCount(50'000, 90);
    s.latency.recordCount(400'000, 10);
    s.uncorrectedLatency.recordCount(9'000, 990);
    s.uncorrectedLatency.recordCount(20'000, 10);
    s.corrected = LatencyStats::from(s.latency);
    s.uncorrected = LatencyStats::from(s.uncorrectedLatency);
    s.checks = {{"status is 200", 980, 20}, {"has an id", 1000, 0}};
    s.thresholds = {{threshold("p95", '<', 200, "p95<200ms"), 50.0, true},
                    {threshold("error_rate", '<', 0.01, "error_rate<0.01"), 0.02, false},
                    {threshold("rps", 'g', 50, "rps>=50", true), 100.0, true}};
    s.thresholdsPassed = false;
    return s;
}

std::vector<Sample> knownSamples()
{
    std::vector<Sample> out;
    for (int i = 1; i <= 4; ++i) {
        Sample s;
        s.tSeconds = 0.25 * i;
        s.requests = 25;
        s.errors = i == 3 ? 5 : 0;
        s.rps = 100;
        s.corrected.p50Ms = 10;
        s.corrected.p99Ms = 40 + i;
        s.uncorrected.p99Ms = 20;
        s.activeConnections = 5 * i;
        s.bytesIn = 1000;
        s.bytesOut = 100;
        s.targetRate = 20;
        out.push_back(s);
    }
    return out;
}

QJsonObject parseJson(const std::string &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "JSON error at" << error.offset << error.errorString();
    return doc.object();
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT
private slots:
    void formatsNumbersWithoutLocale_data()
    {
        QTest::addColumn<QString>("actual");
        QTest::addColumn<QString>("expected");
        QTest::newRow("fixed") << QString::fromStdString(report::fixed(1.5, 2)) << "1.50";
        QTest::newRow("fixed nan") << QString::fromStdString(report::fixed(0.0 / 0.0, 1)) << "0.0";
        QTest::newRow("number int") << QString::fromStdString(report::number(200)) << "200";
        QTest::newRow("number small") << QString::fromStdString(report::number(0.001)) << "0.001";
        QTest::newRow("number tiny") << QString::fromStdString(report::number(1e-7)) << "0.0000001";
        QTest::newRow("us") << QString::fromStdString(report::duration(0.5)) << "500us";
        QTest::newRow("ms") << QString::fromStdString(report::duration(12.345)) << "12.35ms";
        QTest::newRow("s") << QString::fromStdString(report::duration(1500)) << "1.50s";
        QTest::newRow("bytes") << QString::fromStdString(report::bytes(512)) << "512B";
        QTest::newRow("KB") << QString::fromStdString(report::bytes(1536)) << "1.50KB";
        QTest::newRow("MB") << QString::fromStdString(report::bytes(3.0 * 1024 * 1024)) << "3.00MB";
        QTest::newRow("html") << QString::fromStdString(report::htmlEscape("<a href=\"x\">&'"))
                              << "&lt;a href=&quot;x&quot;&gt;&amp;&#39;";
        QTest::newRow("quoted") << QString::fromStdString(report::quoted("a\"b\n</script>"))
                                << "\"a\\\"b\\n<\\/script>\"";
        QTest::newRow("quoted control")
            << QString::fromStdString(report::quoted(std::string("\x01", 1))) << "\"\\u0001\"";
    }
    void formatsNumbersWithoutLocale()
    {
        QFETCH(QString, actual);
        QFETCH(QString, expected);
        QCOMPARE(actual, expected);
    }

    void translatesThresholdsToK6_data()
    {
        QTest::addColumn<QString>("metric");
        QTest::addColumn<QString>("op");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("k6Metric");
        QTest::addColumn<QString>("expression");
        QTest::newRow("p95") << "p95"
                             << "<" << 200.0 << "http_req_duration"
                             << "p(95)<200";
        QTest::newRow("p99.9") << "p99.9"
                               << "<" << 1000.0 << "http_req_duration"
                               << "p(99.9)<1000";
        QTest::newRow("p50 is med") << "p50"
                                    << "l" << 5.0 << "http_req_duration"
                                    << "med<=5";
        QTest::newRow("mean is avg") << "mean"
                                     << "<" << 2.5 << "http_req_duration"
                                     << "avg<2.5";
        QTest::newRow("max") << "max"
                             << "<" << 3000.0 << "http_req_duration"
                             << "max<3000";
        QTest::newRow("error rate") << "error_rate"
                                    << "<" << 0.01 << "http_req_failed"
                                    << "rate<0.01";
        QTest::newRow("rps") << "rps"
                             << "g" << 1000.0 << "http_reqs"
                             << "rate>=1000";
        QTest::newRow("checks") << "checks"
                                << ">" << 0.99 << "checks"
                                << "rate>0.99";
    }
    void translatesThresholdsToK6()
    {
        QFETCH(QString, metric);
        QFETCH(QString, op);
        QFETCH(double, value);
        QFETCH(QString, k6Metric);
        QFETCH(QString, expression);
        const Threshold t = threshold(metric.toStdString(), op.at(0).toLatin1(), value, "");
        QCOMPARE(QString::fromStdString(report::k6Metric(t)), k6Metric);
        QCOMPARE(QString::fromStdString(report::k6Expression(t)), expression);
    }

    void summaryJsonHasK6Shape()
    {
        const Summary s = knownSummary();
        const QJsonObject root = parseJson(summaryJson(knownScenario(), s, knownSamples()));
        const QJsonObject m = root.value("metrics").toObject();
        QCOMPARE(m.value("http_reqs").toObject().value("count").toDouble(), 1000.0);
        QCOMPARE(m.value("http_reqs").toObject().value("rate").toDouble(), 100.0);
        const QJsonObject d = m.value("http_req_duration").toObject();
        for (const char *key : {"avg", "min", "med", "max", "p(90)", "p(95)", "p(99)", "p(99.9)"})
            QVERIFY2(d.contains(key), key);
        // 900 of 1,000 at 10 ms: the median is 10 ms to the histogram's 3 digits.
        QVERIFY(qAbs(d.value("med").toDouble() - 10.0) < 0.02);
        QVERIFY(qAbs(d.value("p(95)").toDouble() - 50.0) < 0.1);
        QVERIFY(qAbs(d.value("max").toDouble() - 400.0) < 0.5);
        QCOMPARE(d.value("p(95)").toDouble(), std::round(s.corrected.p95Ms * 1000) / 1000);
        const QJsonObject u = m.value("http_req_duration_uncorrected").toObject();
        QVERIFY(qAbs(u.value("med").toDouble() - 9.0) < 0.02);

        const QJsonObject failed = m.value("http_req_failed").toObject();
        QCOMPARE(failed.value("passes").toDouble(), 20.0); // k6: a "pass" of this rate = a failure
        QCOMPARE(failed.value("fails").toDouble(), 980.0);
        QCOMPARE(failed.value("rate").toDouble(), 0.02);
        QCOMPARE(failed.value("value").toDouble(), 0.02);

        QCOMPARE(d.value("thresholds").toObject().value("p(95)<200").toObject().value("ok"),
                 QJsonValue(true));
        QCOMPARE(failed.value("thresholds").toObject().value("rate<0.01").toObject().value("ok"),
                 QJsonValue(false));
        QCOMPARE(m.value("http_reqs")
                     .toObject()
                     .value("thresholds")
                     .toObject()
                     .value("rate>=50")
                     .toObject()
                     .value("ok"),
                 QJsonValue(true));

        QCOMPARE(m.value("data_received").toObject().value("count").toDouble(), 2097152.0);
        QCOMPARE(m.value("data_sent").toObject().value("rate").toDouble(), 10000.0);
        QCOMPARE(m.value("vus").toObject().value("max").toInt(), 20);
        QCOMPARE(m.value("vus").toObject().value("min").toInt(), 5);
        QCOMPARE(m.value("iterations").toObject().value("count").toDouble(), 1000.0);
        const QJsonObject checks = m.value("checks").toObject();
        QCOMPARE(checks.value("passes").toDouble(), 1980.0);
        QCOMPARE(checks.value("fails").toDouble(), 20.0);
        const QJsonObject rootChecks =
            root.value("root_group").toObject().value("checks").toObject();
        QCOMPARE(rootChecks.value("status is 200").toObject().value("fails").toDouble(), 20.0);
        QCOMPARE(rootChecks.value("has an id").toObject().value("path").toString(), "::has an id");

        const QJsonObject ours = root.value("backbench").toObject();
        QCOMPARE(ours.value("statusCounts").toObject().value("500").toDouble(), 10.0);
        QCOMPARE(ours.value("errorsByKind").toObject().value("timeout").toDouble(), 2.0);
        QCOMPARE(ours.value("thresholdsPassed").toBool(), false);
        QCOMPARE(ours.value("scenario").toObject().value("requests").toArray().size(), 2);
        QCOMPARE(root.value("state").toObject().value("testRunDurationMs").toDouble(), 10000.0);
        QVERIFY(!m.contains("dropped_iterations")); // closed model
    }

    void summaryJsonCountsDroppedInOpenModel()
    {
        Scenario sc = knownScenario();
        sc.model = Model::Open;
        sc.rate = 200;
        Summary s = knownSummary();
        s.missedSends = 7;
        const QJsonObject m = parseJson(summaryJson(sc, s, {})).value("metrics").toObject();
        QCOMPARE(m.value("dropped_iterations").toObject().value("count").toDouble(), 7.0);
        QCOMPARE(m.value("vus").toObject().value("max").toInt(), 0); // no samples, no crash
    }

    void csvHasOneRowPerSample()
    {
        const std::string csv = timeSeriesCsv(knownSamples());
        const QStringList lines =
            QString::fromStdString(csv).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        const QStringList header = lines.at(0).split(',');
        QCOMPARE(header.size(), 24);
        QCOMPARE(header.at(0), "t_s");
        QCOMPARE(header.at(13), "p99_ms");
        QCOMPARE(header.at(21), "p99_uncorrected_ms");
        for (int i = 1; i < lines.size(); ++i)
            QCOMPARE(lines.at(i).split(',').size(), 24);
        const QStringList third = lines.at(3).split(',');
        QCOMPARE(third.at(0), "0.750");
        QCOMPARE(third.at(2), "5");       // errors in that interval
        QCOMPARE(third.at(5), "15");      // active connections
        QCOMPARE(third.at(13), "43.000"); // corrected p99
        QCOMPARE(third.at(21), "20.000"); // uncorrected p99
        QCOMPARE(QString::fromStdString(timeSeriesCsv({})).count("\r\n"), 1); // header only
    }

    void htmlIsSelfContained()
    {
        Scenario sc = knownScenario();
        sc.requests[0].url = "http://127.0.0.1/x?q=\"><script>alert(1)</script>";
        const QString html = QString::fromStdString(
            htmlReport(sc, knownSummary(), knownSamples(), "Nightly", "2026-11-21"));
        QVERIFY(html.startsWith("<!DOCTYPE html>"));
        // Nothing is fetched: no script at all, no src/href to another host or protocol.
        QVERIFY(!html.contains("<script", Qt::CaseInsensitive));
        QVERIFY(!html.contains(QRegularExpression("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//",
                                                  QRegularExpression::CaseInsensitiveOption)));
        QVERIFY(!html.contains("<link", Qt::CaseInsensitive));
        QVERIFY(!html.contains("@import"));
        QVERIFY(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // The charts are inline SVG: four over time and the histogram.
        QCOMPARE(html.count("<svg "), 5);
        for (const char *title : {"Requests per second", "Latency (corrected)", "Errors per second",
                                  "Active connections", "Requests by latency (corrected)"})
            QVERIFY2(html.contains(title), title);
        QVERIFY(html.contains("<path")); // the lines are drawn
        QVERIFY(html.contains("class=\"bar\""));
        // The figures and the thresholds with their verdicts.
        QVERIFY(html.contains("<b>1000</b><span>requests</span>"));
        QVERIFY(html.contains("p95&lt;200ms"));
        QVERIFY(html.contains("\u2713 passed"));
        QVERIFY(html.contains("\u2717 failed"));
        QVERIFY(html.contains(">failed</span>")); // the overall verdict
        QVERIFY(html.contains("Nightly"));
        QVERIFY(html.contains("2026-11-21"));
        QVERIFY(html.contains("<td>500</td><td>10</td>"));
        QVERIFY(html.contains("<td>timeout</td><td>2</td>"));
        QVERIFY(html.contains("<td>has an id</td><td>1000</td><td>0</td>"));
        QVERIFY(html.contains("400.00ms")); // max latency
    }

    void htmlShowsUncorrectedInOpenModel()
    {
        Scenario sc = knownScenario();
        QVERIFY(!QString::fromStdString(htmlReport(sc, knownSummary(), knownSamples()))
                     .contains("p99 uncorrected"));
        sc.model = Model::Open;
        sc.rate = 100;
        const QString html = QString::fromStdString(htmlReport(sc, knownSummary(), knownSamples()));
        QVERIFY(html.contains("p99 uncorrected"));
        QVERIFY(html.contains("stroke-dasharray"));
        QVERIFY(html.contains("Open model, 100 req/s"));
    }

    void htmlOfAnEmptyRunSaysNoData()
    {
        const QString html = QString::fromStdString(htmlReport(Scenario{}, Summary{}, {}));
        QVERIFY(html.contains("no data"));
        QVERIFY(html.endsWith("</html>\n"));
    }

    void histogramBinsKeepEveryCount()
    {
        const Summary s = knownSummary();
        const auto bins = report::logBins(s.latency, 32);
        QCOMPARE(int(bins.size()), 32);
        double total = 0;
        for (const auto &b : bins) {
            total += b.count;
            QVERIFY(b.highMs > b.lowMs);
        }
        QCOMPARE(total, 1000.0);
        QVERIFY(bins.front().lowMs <= 10.0 + 1e-9);
        QVERIFY(bins.back().highMs >= 400.0);
        QVERIFY(report::logBins(Histogram{}, 32).empty());
        QCOMPARE(report::niceCeiling(73), 100.0);
        QCOMPARE(report::niceCeiling(0.3), 0.5);
        QCOMPARE(report::niceCeiling(2.1), 2.5);
    }

    void anHourLongRunKeepsTheReportSmall()
    {
        // 14,400 samples (an hour at 250 ms) with one 900 ms spike in the middle.
        std::vector<Sample> samples;
        for (int i = 1; i <= 14'400; ++i) {
            Sample s;
            s.tSeconds = 0.25 * i;
            s.requests = 250;
            s.rps = 1000 + (i % 7);
            s.corrected.p50Ms = 2;
            s.corrected.p99Ms = i == 7'200 ? 900 : 8;
            s.activeConnections = 10;
            samples.push_back(s);
        }
        QElapsedTimer timer;
        timer.start();
        const std::string html = htmlReport(knownScenario(), knownSummary(), samples);
        const qint64 ms = timer.elapsed();
        qInfo("HTML report of an hour-long run: %zu bytes in %lld ms", html.size(), ms);
        QVERIFY2(html.size() < 400'000, qPrintable(QString::number(html.size())));
        // The spike is still drawn: the latency axis is scaled to it (900 ms → 1000ms).
        QVERIFY(QString::fromStdString(html).contains(">1000ms</text>"));

        std::vector<std::pair<double, double>> points;
        for (int i = 0; i < 10'000; ++i)
            points.emplace_back(i, i == 5'000 ? 99.0 : 1.0);
        const auto thin = report::thinForWidth(points, 10'000, 500);
        QVERIFY(thin.size() <= 1000);
        QVERIFY(
            std::any_of(thin.begin(), thin.end(), [](const auto &p) { return p.second == 99; }));
        for (std::size_t i = 1; i < thin.size(); ++i)
            QVERIFY(thin[i].first > thin[i - 1].first); // still in time order
        QCOMPARE(report::thinForWidth({{0, 1}, {1, 2}}, 1, 500).size(), std::size_t(2));
    }

    void textSummaryReadsLikeWrk()
    {
        const QString text = QString::fromStdString(textSummary(knownScenario(), knownSummary()));
        const QStringList lines = text.split('\n');
        auto line = [&lines](const QString &start) {
            for (const QString &l : lines) {
                if (l.trimmed().startsWith(start))
                    return l.trimmed();
            }
            return QString();
        };
        QVERIFY(text.startsWith("Ran 10.00s test @ GET http://127.0.0.1:8080/api/v1/posts"));
        QVERIFY(text.contains("(+1 more)"));
        QVERIFY(line("Latency").contains("400.00ms")); // max
        QVERIFY(text.contains("Latency Distribution (corrected / uncorrected)"));
        // Values read back as their bucket's highest equivalent (10 ms → 10.007 ms).
        const QRegularExpression tenMs("\\b10\\.0\\dms"), nineMs("\\b9\\.0\\dms");
        QVERIFY2(line("50%").contains(tenMs), qPrintable(line("50%")));
        QVERIFY2(line("50%").contains(nineMs), qPrintable(line("50%")));
        QVERIFY2(line("75%").contains(tenMs), qPrintable(line("75%")));
        QVERIFY2(line("99%").contains(QRegularExpression("\\b50\\.0\\dms")),
                 qPrintable(line("99%")));
        QVERIFY(!line("99.9%").isEmpty());
        QCOMPARE(line("1000 requests"), "1000 requests in 10.00s, 2.00MB read");
        QCOMPARE(line("Non-2xx"), "Non-2xx or 3xx responses: 20");
        QCOMPARE(line("Errors:"), "Errors: connect 3, status 15, timeout 2");
        QCOMPARE(line("Requests/sec:").simplified(), "Requests/sec: 100.00");
        QCOMPARE(line("Transfer/sec:").simplified(), "Transfer/sec: 204.80KB");
        QVERIFY(text.contains("\u2713 p95<200ms  (observed 50.00ms)"));
        QVERIFY(text.contains("\u2717 error_rate<0.01  (observed 0.02)"));
        QVERIFY(text.contains("\u2717 status is 200: 980 passed, 20 failed"));
        QVERIFY(text.endsWith('\n'));
    }

    void stdevComesFromTheBuckets()
    {
        Histogram h;
        h.recordCount(10'000, 50);
        h.recordCount(20'000, 50);
        // Two equal halves at 10 and 20 ms: σ = 5 ms (to the bucket's width).
        QVERIFY(qAbs(latencyStdevMs(h) - 5.0) < 0.02);
        QCOMPARE(latencyStdevMs(Histogram{}), 0.0);
    }

    void k6PicksTheExecutor_data()
    {
        QTest::addColumn<int>("model");
        QTest::addColumn<bool>("staged");
        QTest::addColumn<int>("maxRequests");
        QTest::addColumn<QString>("executor");
        QTest::addColumn<QString>("detail");
        QTest::newRow("closed") << 0 << false << 0 << "constant-vus"
                                << "duration: \"10s\"";
        QTest::newRow("closed count") << 0 << false << 500 << "shared-iterations"
                                      << "iterations: 500";
        QTest::newRow("closed stages") << 0 << true << 0 << "ramping-vus"
                                       << "{ duration: \"30s\", target: 100 }";
        QTest::newRow("open") << 1 << false << 0 << "constant-arrival-rate"
                              << "rate: 250";
        QTest::newRow("open stages") << 1 << true << 0 << "ramping-arrival-rate"
                                     << "{ duration: \"500ms\", target: 0 }";
    }
    void k6PicksTheExecutor()
    {
        QFETCH(int, model);
        QFETCH(bool, staged);
        QFETCH(int, maxRequests);
        QFETCH(QString, executor);
        QFETCH(QString, detail);
        Scenario sc = knownScenario();
        sc.model = model ? Model::Open : Model::Closed;
        sc.rate = 250;
        sc.maxRequests = std::uint64_t(maxRequests);
        if (staged)
            sc.stages = {{10, 100}, {30, 100}, {0.5, 0}};
        const QString js = QString::fromStdString(k6Script(sc));
        QVERIFY2(js.contains("executor: \"" + executor + "\""), qPrintable(js));
        QVERIFY2(js.contains(detail), qPrintable(detail));
        QCOMPARE(js.count("executor:"), 1);
    }

    void k6KeepsThresholdsChecksAndData()
    {
        Scenario sc = knownScenario();
        sc.thinkTimeMs = 250;
        const QString js = QString::fromStdString(k6Script(sc));
        QVERIFY(js.contains("import http from 'k6/http';"));
        QVERIFY(js.contains("import { check, sleep } from 'k6';"));
        QVERIFY(js.contains("import { SharedArray } from 'k6/data';"));
        QVERIFY(js.contains("export const options = {"));
        QVERIFY(js.contains("export default function () {"));
        QVERIFY(js.contains("http_req_duration: [\"p(95)<200\"]"));
        QVERIFY(js.contains("http_req_failed: [\"rate<0.01\"]"));
        QVERIFY(js.contains("http_reqs: [{ threshold: \"rate>=50\", abortOnFail: true }]"));
        QVERIFY(js.contains("check(res, {"));
        QVERIFY(js.contains("\"status is 200\": (r) => statusMatches(r.status, \"200,201\")"));
        QVERIFY(js.contains(
            "\"has an id\": (r) => valueMatches(jsonAt(r, [\"items\", 0, \"id\"]), \"\")"));
        QVERIFY(js.contains("new SharedArray('rows'"));
        QVERIFY(js.contains("{\"limit\": \"5\", \"title\": \"one\"}"));
        QVERIFY(js.contains("\"X-Tag\": \"a \\\"quoted\\\" <\\/script> value\""));
        QVERIFY(js.contains("body: \"{\\\"title\\\":\\\"{{title}}\\\"}\""));
        QVERIFY(js.contains("sleep(0.25);"));
        QVERIFY(js.contains("return requests[n % requests.length];")); // round-robin
        QVERIFY(js.contains("timeout: \"10s\""));
        sc.weighted = true;
        QVERIFY(QString::fromStdString(k6Script(sc)).contains("Math.random() * totalWeight"));
    }

    void reportsNeverHoldACredential()
    {
        Scenario sc = knownScenario();
        sc.requests[0].headers.emplace_back("Authorization", "Bearer topsecret-1");
        sc.requests[1].headers.emplace_back("X-API-Key", "topsecret-2");
        const Summary s = knownSummary();
        const std::vector<Sample> samples = knownSamples();
        const std::string json = summaryJson(sc, s, samples);
        for (const std::string &text : {json, htmlReport(sc, s, samples, "t", "now"),
                                        timeSeriesCsv(samples), textSummary(sc, s)})
            QVERIFY2(text.find("topsecret") == std::string::npos, text.c_str());
        // The JSON keeps the header and its scheme, so the reader sees what was sent.
        const QJsonObject scenario =
            parseJson(json).value("backbench").toObject().value("scenario").toObject();
        const QJsonObject headers =
            scenario.value("requests").toArray().at(0).toObject().value("headers").toObject();
        QCOMPARE(headers["Authorization"].toString(), QStringLiteral("Bearer ••••"));
        QCOMPARE(headers["Accept"].toString(), QStringLiteral("application/json"));
    }

    void k6ReadsCredentialsFromTheEnvironment()
    {
        Scenario sc = knownScenario();
        sc.requests[0].headers.emplace_back("Authorization", "Bearer topsecret-1");
        sc.requests[1].headers.emplace_back("Authorization", "Bearer topsecret-2");
        sc.requests[1].headers.emplace_back("X-API-Key", "{{key}}"); // no secret in the script
        const QString script = QString::fromStdString(k6Script(sc));
        QVERIFY2(!script.contains("topsecret"), qPrintable(script));
        QVERIFY(script.contains("\"Authorization\": __ENV.AUTHORIZATION }"));
        QVERIFY(script.contains("\"Authorization\": __ENV.AUTHORIZATION_2,"));
        QVERIFY(script.contains("\"X-API-Key\": \"{{key}}\""));
        QVERIFY2(script.contains("// Run it with:   k6 run -e AUTHORIZATION='Bearer …' "
                                 "-e AUTHORIZATION_2='Bearer …' script.js"),
                 qPrintable(script.left(400)));
        QVERIFY(script.contains("for (const name of [\"AUTHORIZATION\", \"AUTHORIZATION_2\"])"));
        // Without credentials, nothing about them.
        QVERIFY(!QString::fromStdString(k6Script(knownScenario())).contains("__ENV"));
    }

    void k6NotesWhatItCannotExpress()
    {
        Scenario sc = knownScenario();
        QVERIFY(k6Caveats(sc).empty());
        sc.pipeline = 4;
        sc.threads = 2;
        QCOMPARE(int(k6Caveats(sc).size()), 2);
        QVERIFY(QString::fromStdString(k6Script(sc)).contains("// Note: HTTP/1.1 pipelining"));
    }

    void jsonPathSteps_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("steps");
        QTest::newRow("dotted") << "$.items[0].id"
                                << "[\"items\", 0, \"id\"]";
        QTest::newRow("quoted key") << "$['a b'].c"
                                    << "[\"a b\", \"c\"]";
        QTest::newRow("root") << "$"
                              << "[]";
        QTest::newRow("no dollar") << "data.total"
                                   << "[\"data\", \"total\"]";
        QTest::newRow("unclosed") << "$.a[1"
                                  << "[\"a\", \"[1\"]";
    }
    void jsonPathSteps()
    {
        QFETCH(QString, path);
        QFETCH(QString, steps);
        QCOMPARE(QString::fromStdString(bb::loadtest::jsonPathSteps(path.toStdString())), steps);
    }

    void k6ScriptIsValidJavaScript_data()
    {
        QTest::addColumn<int>("variant");
        for (int i = 0; i < 4; ++i)
            QTest::newRow(qPrintable(QString::number(i))) << i;
    }
    void k6ScriptIsValidJavaScript()
    {
        QFETCH(int, variant);
        const QString node = QStandardPaths::findExecutable("node");
        if (node.isEmpty())
            QSKIP("node is not installed: the script's syntax is checked by the structure tests "
                  "only");
        Scenario sc = knownScenario();
        sc.model = variant % 2 ? Model::Open : Model::Closed;
        sc.rate = 100;
        sc.weighted = variant >= 2;
        sc.thinkTimeMs = 100;
        if (variant == 3)
            sc.stages = {{5, 10}, {5, 0}};
        if (variant >= 2) // the credential read from __ENV, and the check that it was passed
            sc.requests[0].headers.emplace_back("Authorization", "Bearer it's-secret");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // k6 scripts are ES modules; .mjs makes node parse them as such.
        QFile f(dir.filePath("script.mjs"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(k6Script(sc)));
        f.close();
        QProcess p;
        p.start(node, {"--check", f.fileName()});
        QVERIFY(p.waitForFinished(30'000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
