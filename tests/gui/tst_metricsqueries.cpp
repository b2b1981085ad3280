// The Metrics panel's queries without a window: the RED dashboard on an engine-like target and
// on a target that lacks most of it (node_exporter-like), error share by whichever status label
// the exporter uses, and the explorer's chart of each metric type.
#include "dashboard_queries.h"
#include "explorer_query.h"
#include "metric_chart.h"

#include <QTest>

using namespace bb;
using namespace bb::plugins::metrics;
using telemetry::ScrapeStore;

namespace {
telemetry::prom::Exposition parse(const std::string &text)
{
    auto r = telemetry::prom::parseText(text);
    if (auto *e = std::get_if<telemetry::prom::ParseError>(&r))
        qFatal("%s", e->toString().c_str());
    return std::get<telemetry::prom::Exposition>(std::move(r));
}

const ChartData &byId(const std::vector<ChartData> &charts, const QString &id)
{
    for (const ChartData &c : charts) {
        if (c.id == id)
            return c;
    }
    qFatal("no chart %s", qPrintable(id));
}

std::string engineText(int ok, int failed, int hits, int misses, double cpu, int fast, int slow)
{
    const std::string total = std::to_string(fast + slow);
    return "# TYPE http_requests_total counter\n"
           "http_requests_total{method=\"GET\",route=\"/a\",status=\"200\"} " +
           std::to_string(ok) +
           "\nhttp_requests_total{method=\"GET\",route=\"/a\",status=\"503\"} " +
           std::to_string(failed) +
           "\n# TYPE http_request_duration_seconds histogram\n"
           "http_request_duration_seconds_bucket{route=\"/a\",le=\"0.01\"} " +
           std::to_string(fast) +
           "\nhttp_request_duration_seconds_bucket{route=\"/a\",le=\"0.1\"} " + total +
           "\nhttp_request_duration_seconds_bucket{route=\"/a\",le=\"+Inf\"} " + total +
           "\nhttp_request_duration_seconds_sum{route=\"/a\"} 1\n"
           "http_request_duration_seconds_count{route=\"/a\"} " +
           total + "\n# TYPE http_requests_in_flight gauge\nhttp_requests_in_flight 3\n" +
           "# TYPE cache_hits_total counter\ncache_hits_total " + std::to_string(hits) +
           "\n# TYPE cache_misses_total counter\ncache_misses_total " + std::to_string(misses) +
           "\n# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total " +
           std::to_string(cpu) +
           "\n# TYPE process_resident_memory_bytes gauge\nprocess_resident_memory_bytes "
           "104857600\n";
}
} // namespace

class TestMetricsQueries : public QObject {
    Q_OBJECT
private slots:
    void redDashboardOfAnEngine()
    {
        ScrapeStore store;
        store.ingest(0, parse(engineText(0, 0, 0, 0, 1.0, 0, 0)));
        // 10 s later: 90 ok + 10 failed, 30 hits / 10 misses, 2 CPU-seconds, 80 fast + 20 slow.
        store.ingest(10'000, parse(engineText(90, 10, 30, 10, 3.0, 80, 20)));
        const auto charts = redDashboard(store);
        QCOMPARE(int(charts.size()), 8);
        QCOMPARE(byId(charts, "requestRate").lines[0].points[0].value, 10.0);
        QCOMPARE(byId(charts, "errorRate").lines[0].points[0].value, 0.1);
        QCOMPARE(byId(charts, "inFlight").lines[0].points.back().value, 3.0);
        QCOMPARE(byId(charts, "cacheHitRatio").lines[0].points[0].value, 0.75);
        QCOMPARE(byId(charts, "cpu").lines[0].points[0].value, 0.2);
        QCOMPARE(byId(charts, "rss").lines[0].points[0].value, 104857600.0);
        // p50: rank 50 of 100 in the first bucket (80 of them up to 10 ms) → 6.25 ms.
        const ChartData &latency = byId(charts, "latency");
        QCOMPARE(latency.lines[0].name, QStringLiteral("p50"));
        QCOMPARE(latency.lines[0].points[0].value, 0.00625);
        // p95: rank 95, 15 into the (0.01, 0.1] bucket of 20 → 0.01 + 0.09 · 0.75.
        QCOMPARE(latency.lines[1].points[0].value, 0.0775);
        // No SQL histogram on this target: the chart says so.
        QCOMPARE(byId(charts, "dbQuery").emptyText, notExportedText());
        QVERIFY(byId(charts, "dbQuery").note.contains("db_query_duration_seconds"));
    }

    void aTargetWithoutTheRedMetrics()
    {
        ScrapeStore store;
        const char *node = "# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\n"
                           "node_load1 0.5\n# TYPE process_cpu_seconds_total counter\n"
                           "process_cpu_seconds_total 1\n";
        store.ingest(0, parse(node));
        store.ingest(5'000, parse(node));
        const auto charts = redDashboard(store);
        for (const char *id :
             {"requestRate", "errorRate", "latency", "inFlight", "rss", "dbQuery", "cacheHitRatio"})
            QCOMPARE(byId(charts, id).emptyText, notExportedText());
        // CPU is exported but did not move: a flat zero, not "not exported".
        QVERIFY(byId(charts, "cpu").emptyText.isEmpty());
        QCOMPARE(byId(charts, "cpu").lines[0].points[0].value, 0.0);
    }

    void errorShareUsesTheExportersStatusLabel()
    {
        ScrapeStore store;
        store.ingest(0, parse("promhttp_metric_handler_requests_total{code=\"200\"} 0\n"
                              "promhttp_metric_handler_requests_total{code=\"500\"} 0\n"));
        store.ingest(1'000, parse("promhttp_metric_handler_requests_total{code=\"200\"} 3\n"
                                  "promhttp_metric_handler_requests_total{code=\"500\"} 1\n"));
        // A step with requests and no 5xx is a 0 % share, not a gap.
        store.ingest(2'000, parse("promhttp_metric_handler_requests_total{code=\"200\"} 5\n"
                                  "promhttp_metric_handler_requests_total{code=\"500\"} 1\n"));
        const auto charts = redDashboard(store);
        const ChartData &errors = byId(charts, "errorRate");
        QVERIFY(errors.note.contains("code=~"));
        QCOMPARE(int(errors.lines[0].points.size()), 2);
        QCOMPARE(errors.lines[0].points[0].value, 0.25);
        QCOMPARE(errors.lines[0].points[1].value, 0.0);
        QCOMPARE(byId(charts, "requestRate").lines[0].points[1].value, 2.0);
    }

    void noPointsSaysWhy()
    {
        ScrapeStore store;
        store.ingest(0, parse(engineText(1, 0, 0, 0, 1, 1, 0)));
        QCOMPARE(byId(redDashboard(store), "latency").emptyText, noPointsText(store));
        QVERIFY(noPointsText(store).contains("two scrapes"));
        store.ingest(1'000, parse(engineText(1, 0, 0, 0, 1, 1, 0)));
        QVERIFY(byId(redDashboard(store), "latency").emptyText.contains("Nothing observed"));
    }

    void explorerByType()
    {
        ScrapeStore store;
        const std::string a =
            "# HELP c_total A counter.\n# TYPE c_total counter\n"
            "c_total{k=\"x\",j=\"same\"} 0\nc_total{k=\"y\",j=\"same\"} 0\n"
            "# TYPE g_bytes gauge\ng_bytes 2048\n"
            "# TYPE s_seconds summary\ns_seconds{quantile=\"0.5\"} 0.2\n"
            "s_seconds{quantile=\"0.9\"} 0.4\ns_seconds_sum 1\ns_seconds_count 4\n"
            "u 7\n";
        const std::string b =
            "# TYPE c_total counter\n"
            "c_total{k=\"x\",j=\"same\"} 10\nc_total{k=\"y\",j=\"same\"} 40\n"
            "# TYPE g_bytes gauge\ng_bytes 4096\n"
            "# TYPE s_seconds summary\ns_seconds{quantile=\"0.5\"} 0.2\n"
            "s_seconds{quantile=\"0.9\"} 0.5\ns_seconds_sum 2\ns_seconds_count 8\n"
            "u 8\n";
        store.ingest(0, parse(a));
        store.ingest(10'000, parse(b));
        const auto all = std::get<telemetry::prom::Selector>(telemetry::prom::Selector::parse(""));
        const ChartData counter = exploreMetric(store, "c_total", all);
        QCOMPARE(counter.unit, ChartUnit::PerSecond);
        QCOMPARE(int(counter.lines.size()), 2);
        // Busiest first; the shared label is named once in the note, not in every line.
        QCOMPARE(counter.lines[0].name, QStringLiteral("{k=\"y\"}"));
        QCOMPARE(counter.lines[0].points[0].value, 4.0);
        QVERIFY(counter.note.contains("j=\"same\""));
        const ChartData gauge = exploreMetric(store, "g_bytes", all);
        QCOMPARE(gauge.unit, ChartUnit::Bytes);
        QCOMPARE(int(gauge.lines[0].points.size()), 2);
        const ChartData summary = exploreMetric(store, "s_seconds", all);
        QCOMPARE(int(summary.lines.size()), 2);
        QVERIFY(summary.lines[1].name.endsWith("q=0.9"));
        QCOMPARE(summary.lines[1].points[1].value, 0.5);
        QCOMPARE(exploreMetric(store, "u", all).lines[0].points[1].value, 8.0);
        const auto none =
            std::get<telemetry::prom::Selector>(telemetry::prom::Selector::parse("{k=\"zzz\"}"));
        QCOMPARE(exploreMetric(store, "c_total", none).emptyText,
                 QStringLiteral("No series match the label filter"));
        QVERIFY(!exploreMetric(store, "missing", all).emptyText.isEmpty());
    }

    void legendNames()
    {
        QCOMPARE(legendName(QStringLiteral("{method=\"GET\",route=\"/a\",status=\"200\"}")),
                 QStringLiteral("GET /a 200"));
        QCOMPARE(legendName(QStringLiteral("{path=\"say \\\"hi\\\"\"}")),
                 QStringLiteral("say \\\"hi\\\""));
        QCOMPARE(legendName(QStringLiteral("p99")), QStringLiteral("p99"));
    }
};

QTEST_MAIN(TestMetricsQueries)
#include "tst_metricsqueries.moc"
