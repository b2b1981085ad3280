// histogram_quantile against values computed by hand with Prometheus's rules, counter increase and
// rate across resets, and the scrape store's window and range queries.
#include "telemetry/metric_math.h"
#include "telemetry/scrape_store.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace bb::telemetry;

namespace {
constexpr double inf = std::numeric_limits<double>::infinity();

prom::Exposition parse(const std::string &text)
{
    auto r = prom::parseText(text);
    if (auto *e = std::get_if<prom::ParseError>(&r))
        qFatal("%s", e->toString().c_str());
    return std::get<prom::Exposition>(std::move(r));
}

prom::Selector selector(const std::string &text)
{
    return std::get<prom::Selector>(prom::Selector::parse(text));
}
} // namespace

class tst_MetricMath : public QObject {
    Q_OBJECT
private slots:
    void quantile_data()
    {
        QTest::addColumn<double>("q");
        QTest::addColumn<double>("expected");
        // Buckets (cumulative): <=0.1: 10, <=0.5: 30, <=1: 40, +Inf: 50.
        QTest::newRow("p10 in the lowest bucket, from 0") << 0.1 << 0.05;
        QTest::newRow("p50 interpolated") << 0.5 << 0.4;
        QTest::newRow("p80 at a bucket edge") << 0.8 << 1.0;
        QTest::newRow("p90 in +Inf answers the highest finite bound") << 0.9 << 1.0;
        QTest::newRow("p100") << 1.0 << 1.0;
        QTest::newRow("p0") << 0.0 << 0.0;
        QTest::newRow("q<0") << -0.5 << -inf;
        QTest::newRow("q>1") << 1.5 << inf;
    }
    void quantile()
    {
        QFETCH(double, q);
        QFETCH(double, expected);
        const std::vector<BucketCount> buckets{{1, 40}, {0.1, 10}, {inf, 50}, {0.5, 30}};
        QCOMPARE(histogramQuantile(q, buckets), expected);
    }

    void quantileNaNCases()
    {
        QVERIFY(std::isnan(histogramQuantile(std::nan(""), {{1, 1}, {inf, 1}})));
        QVERIFY(std::isnan(histogramQuantile(0.5, {{1, 1}, {2, 2}})));   // no +Inf bucket
        QVERIFY(std::isnan(histogramQuantile(0.5, {{inf, 5}})));         // fewer than two
        QVERIFY(std::isnan(histogramQuantile(0.5, {{1, 0}, {inf, 0}}))); // no observations
        QVERIFY(std::isnan(histogramQuantile(0.5, {})));
    }

    void quantileEdgeCases()
    {
        // A lowest bound <= 0 is returned as is (no interpolation from 0).
        QCOMPARE(histogramQuantile(0.25, {{-1, 10}, {0, 20}, {inf, 20}}), -1.0);
        // Non-monotonic counts are raised to the running maximum: 0.5 gets 10, not 8.
        QCOMPARE(histogramQuantile(0.5, {{0.1, 10}, {0.5, 8}, {1, 40}, {inf, 50}}), 0.75);
        // Equal bounds (two series spelling "0.1" differently) are merged by adding.
        QCOMPARE(histogramQuantile(0.5, {{0.1, 5}, {0.1, 5}, {1, 20}, {inf, 20}}), 0.1);
        // Everything in +Inf: the highest finite bound.
        QCOMPARE(histogramQuantile(0.5, {{0.1, 0}, {1, 0}, {inf, 7}}), 1.0);
    }

    void increaseAndRateAcrossResets()
    {
        // 10 → 20, then a restart (5), then 15: 10 + 5 + 10 = 25 over 30 s.
        const std::vector<TimedValue> points{{0, 10}, {10'000, 20}, {20'000, 5}, {30'000, 15}};
        QCOMPARE(counterIncrease(points), 25.0);
        QCOMPARE(*counterRate(points), 25.0 / 30.0);
        const auto steps = stepRates(points);
        QCOMPARE(int(steps.size()), 3);
        QCOMPARE(steps[0], (TimedValue{10'000, 1.0}));
        QCOMPARE(steps[1], (TimedValue{20'000, 0.5})); // the reset: 5 new since 0
        QCOMPARE(steps[2], (TimedValue{30'000, 1.0}));
        QVERIFY(!counterRate(std::vector<TimedValue>{{0, 1}}));
        QVERIFY(!counterRate(std::vector<TimedValue>{{5, 1}, {5, 2}}));
        QCOMPARE(counterIncrease(std::vector<TimedValue>{{0, 3}}), 0.0);
    }

    void storeWindowAndFamilies()
    {
        ScrapeStore store(10'000);
        const prom::Exposition one = parse("# HELP c_total Requests.\n# TYPE c_total counter\n"
                                           "c_total{s=\"200\"} 1\nc_total{s=\"500\"} 1\n"
                                           "# TYPE g gauge\ng 5\n");
        store.ingest(1'000, one);
        store.ingest(6'000, one);
        QCOMPARE(int(store.seriesCount()), 3);
        QCOMPARE(int(store.pointCount()), 6);
        const auto families = store.families();
        QCOMPARE(int(families.size()), 2);
        QCOMPARE(families[0].name, std::string("c_total"));
        QCOMPARE(families[0].help, std::string("Requests."));
        QCOMPARE(families[0].seriesCount, std::size_t(2));
        // 12 s later only the newest scrape is inside the 10 s window; g vanished from it.
        store.ingest(18'000, parse("c_total{s=\"200\"} 2\n"));
        QCOMPARE(int(store.seriesCount()), 1);
        QCOMPARE(store.scrapeTimes(), (std::vector<std::int64_t>{18'000}));
        QVERIFY(!store.has("g"));
        QCOMPARE(int(store.families().size()), 1);
        store.setWindow(0);
        QCOMPARE(int(store.pointCount()), 1);
        store.clear();
        QCOMPARE(int(store.seriesCount()), 0);
    }

    void storeBoundsPointsPerSeries()
    {
        ScrapeStore store(1'000'000'000, 8);
        const prom::Exposition e = parse("x 1\n");
        for (int i = 0; i < 100; ++i)
            store.ingest(i * 1000, e);
        QCOMPARE(int(store.pointCount()), 8);
    }

    void rateQueries()
    {
        ScrapeStore store;
        store.ingest(0, parse("r_total{s=\"200\"} 0\nr_total{s=\"500\"} 0\n"));
        store.ingest(5'000, parse("r_total{s=\"200\"} 40\nr_total{s=\"500\"} 10\n"));
        // The 200 series restarted: 3 since the restart.
        store.ingest(10'000, parse("r_total{s=\"200\"} 3\nr_total{s=\"500\"} 20\n"));
        const auto total = scrape_query::sumRate(store, "r_total");
        QCOMPARE(total, (std::vector<TimedValue>{{5'000, 10.0}, {10'000, 2.6}}));
        const auto errors = scrape_query::sumRate(store, "r_total", selector("{s=~\"5..\"}"));
        QCOMPARE(errors, (std::vector<TimedValue>{{5'000, 2.0}, {10'000, 2.0}}));
        const auto share = scrape_query::ratio(errors, total);
        QCOMPARE(share[0].value, 0.2);
        QCOMPARE(int(scrape_query::ratePerSeries(store, "r_total").size()), 2);
        QVERIFY(scrape_query::sumRate(store, "missing_total").empty());
        QCOMPARE(scrape_query::add(errors, total)[0].value, 12.0);
    }

    void quantileOverTime()
    {
        ScrapeStore store;
        const char *head = "# TYPE h histogram\n";
        store.ingest(0, parse(std::string(head) +
                              "h_bucket{r=\"a\",le=\"0.1\"} 0\nh_bucket{r=\"a\",le=\"1\"} 0\n"
                              "h_bucket{r=\"a\",le=\"+Inf\"} 0\n"
                              "h_bucket{r=\"b\",le=\"0.1\"} 0\nh_bucket{r=\"b\",le=\"1\"} 0\n"
                              "h_bucket{r=\"b\",le=\"+Inf\"} 0\n"));
        // Step 1: a got 10 fast ones, b 10 in (0.1, 1]: summed by le 10/20/20 per 10 s.
        store.ingest(10'000,
                     parse(std::string(head) +
                           "h_bucket{r=\"a\",le=\"0.1\"} 10\nh_bucket{r=\"a\",le=\"1\"} 10\n"
                           "h_bucket{r=\"a\",le=\"+Inf\"} 10\n"
                           "h_bucket{r=\"b\",le=\"0.1\"} 0\nh_bucket{r=\"b\",le=\"1\"} 10\n"
                           "h_bucket{r=\"b\",le=\"+Inf\"} 10\n"));
        // Step 2: nothing observed: no point (NaN is left out).
        store.ingest(20'000,
                     parse(std::string(head) +
                           "h_bucket{r=\"a\",le=\"0.1\"} 10\nh_bucket{r=\"a\",le=\"1\"} 10\n"
                           "h_bucket{r=\"a\",le=\"+Inf\"} 10\n"
                           "h_bucket{r=\"b\",le=\"0.1\"} 0\nh_bucket{r=\"b\",le=\"1\"} 10\n"
                           "h_bucket{r=\"b\",le=\"+Inf\"} 10\n"));
        const auto p75 = scrape_query::quantile(store, "h", 0.75);
        QCOMPARE(int(p75.size()), 1);
        QCOMPARE(p75[0].tMs, std::int64_t(10'000));
        // rank 15 of 20: 5 into the (0.1, 1] bucket of 10 → 0.1 + 0.9 * 0.5.
        QCOMPARE(p75[0].value, 0.55);
        const auto onlyA = scrape_query::quantile(store, "h", 0.5, selector("{r=\"a\"}"));
        QCOMPARE(onlyA[0].value, 0.05);
        QCOMPARE(store.family("h").seriesCount, std::size_t(6));
        QCOMPARE(store.family("h").type, prom::MetricType::Histogram);
    }
};

QTEST_GUILESS_MAIN(tst_MetricMath)
#include "tst_metric_math.moc"
