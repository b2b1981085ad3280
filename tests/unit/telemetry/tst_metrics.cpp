#include "telemetry/metrics.h"

#include <QTest>

using namespace bb::telemetry;

class tst_Metrics : public QObject {
    Q_OBJECT
private slots:
    void counterWithLabels()
    {
        MetricsRegistry r;
        auto &f = r.counter("http_requests_total", "Requests.", {"method", "status"});
        f.with({"GET", "200"}).inc();
        f.with({"GET", "200"}).inc(2);
        f.with({"POST", "201"}).inc();
        const QString text = QString::fromStdString(r.render());
        QVERIFY(text.contains("# HELP http_requests_total Requests.\n"));
        QVERIFY(text.contains("# TYPE http_requests_total counter\n"));
        QVERIFY(text.contains("http_requests_total{method=\"GET\",status=\"200\"} 3\n"));
        QVERIFY(text.contains("http_requests_total{method=\"POST\",status=\"201\"} 1\n"));
    }

    void labelEscapes()
    {
        MetricsRegistry r;
        r.gauge("g", "help with \\ and\nnewline", {"path"}).with({"a\"b\\c\nd"}).set(1.5);
        const std::string text = r.render();
        QVERIFY(text.find("# HELP g help with \\\\ and\\nnewline\n") != std::string::npos);
        QVERIFY(text.find("g{path=\"a\\\"b\\\\c\\nd\"} 1.5\n") != std::string::npos);
    }

    void histogramIsCumulative()
    {
        MetricsRegistry r;
        auto &h = r.histogram("lat_seconds", "Latency.", {"route"}, {0.1, 1});
        h.with({"/x"}).observe(0.05);
        h.with({"/x"}).observe(0.5);
        h.with({"/x"}).observe(5);
        const QString text = QString::fromStdString(r.render());
        QVERIFY(text.contains("lat_seconds_bucket{route=\"/x\",le=\"0.1\"} 1\n"));
        QVERIFY(text.contains("lat_seconds_bucket{route=\"/x\",le=\"1\"} 2\n"));
        QVERIFY(text.contains("lat_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n"));
        QVERIFY(text.contains("lat_seconds_count{route=\"/x\"} 3\n"));
        QVERIFY(text.contains("lat_seconds_sum{route=\"/x\"} 5.55\n"));
    }

    void numbers_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::newRow("int") << 42.0 << "42";
        QTest::newRow("fraction") << 0.25 << "0.25";
        QTest::newRow("tenth") << 0.1 << "0.1";
        QTest::newRow("nan") << std::nan("") << "NaN";
        QTest::newRow("+inf") << HUGE_VAL << "+Inf";
        QTest::newRow("-inf") << -HUGE_VAL << "-Inf";
    }
    void numbers()
    {
        QFETCH(double, value);
        QFETCH(QString, text);
        std::string out;
        appendPromNumber(out, value);
        QCOMPARE(QString::fromStdString(out), text);
    }

    void concurrentIncrements()
    {
        MetricsRegistry r;
        auto &f = r.counter("c_total", "c", {"k"});
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&f, t] {
                for (int i = 0; i < 10000; ++i)
                    f.with({i % 2 ? "odd" : "even"}).inc();
                (void)t;
            });
        for (auto &t : threads)
            t.join();
        QCOMPARE(f.with({"odd"}).value() + f.with({"even"}).value(), 40000u);
    }
};

QTEST_GUILESS_MAIN(tst_Metrics)
#include "tst_metrics.moc"
