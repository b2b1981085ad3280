// The command-line spellings: stages, durations, thresholds and checks, with errors that name
// the position; threshold evaluation against a summary.
#include "loadtest/results.h"
#include "loadtest/scenario.h"

#include <QTest>

using namespace bb::loadtest;

class tst_Scenario : public QObject {
    Q_OBJECT

private slots:
    void stages()
    {
        auto r = parseStages("10s:100,30s:100,1m:0");
        QVERIFY(std::holds_alternative<std::vector<Stage>>(r));
        const auto &s = std::get<std::vector<Stage>>(r);
        QCOMPARE(s.size(), std::size_t(3));
        QCOMPARE(s[0].seconds, 10.0);
        QCOMPARE(s[0].target, 100.0);
        QCOMPARE(s[2].seconds, 60.0);
        QCOMPARE(s[2].target, 0.0);
        Scenario sc;
        sc.stages = s;
        QCOMPARE(sc.plannedSeconds(), 100.0);
    }

    void stageErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("unit") << "10x:5"
                              << R"("10x:5" at 3: expected s, m or h)";
        QTest::newRow("no colon") << "10s"
                                  << R"("10s" at 1: expected DURATION:TARGET, e.g. 30s:100)";
        QTest::newRow("target")
            << "10s:abc"
            << R"("10s:abc" at 5: expected a target number (connections or requests per second))";
        QTest::newRow("second item") << "10s:5,x:1"
                                     << R"("x:1" at 1: expected a number)";
        QTest::newRow("empty") << ""
                               << "no stages: expected DURATION:TARGET, e.g. 10s:100,30s:100,10s:0";
        QTest::newRow("zero") << "0s:5"
                              << R"("0s:5" at 1: a stage lasts longer than 0 s)";
    }
    void stageErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        auto r = parseStages(text.toStdString());
        QVERIFY(std::holds_alternative<std::string>(r));
        QCOMPARE(QString::fromStdString(std::get<std::string>(r)), error);
    }

    void durations()
    {
        QCOMPARE(std::get<double>(parseDuration("250ms")), 0.25);
        QCOMPARE(std::get<double>(parseDuration("1m30s")), 90.0);
        QCOMPARE(std::get<double>(parseDuration("2h")), 7200.0);
        QCOMPARE(std::get<double>(parseDuration("15")), 15.0);
        QCOMPARE(QString::fromStdString(std::get<std::string>(parseDuration("5q"))),
                 QStringLiteral(R"("5q" at 2: expected s, m or h)"));
    }

    void thresholds_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("metric");
        QTest::addColumn<int>("op");
        QTest::addColumn<double>("value");
        QTest::addColumn<bool>("abort");
        QTest::newRow("p95 ms") << "p95<200ms"
                                << "p95" << int('<') << 200.0 << false;
        QTest::newRow("p99 s") << "p99<1s"
                               << "p99" << int('<') << 1000.0 << false;
        QTest::newRow("error rate") << "error_rate<0.01"
                                    << "error_rate" << int('<') << 0.01 << false;
        QTest::newRow("percent") << "error_rate<=1%"
                                 << "error_rate" << int('l') << 0.01 << false;
        QTest::newRow("rps") << "rps>1000"
                             << "rps" << int('>') << 1000.0 << false;
        QTest::newRow("checks abort") << "checks>=0.99,abort"
                                      << "checks" << int('g') << 0.99 << true;
        QTest::newRow("k6 spelling") << "p(95) < 300"
                                     << "p95" << int('<') << 300.0 << false;
        QTest::newRow("p99.9") << "p99.9<2s!"
                               << "p99.9" << int('<') << 2000.0 << true;
    }
    void thresholds()
    {
        QFETCH(QString, text);
        QFETCH(QString, metric);
        QFETCH(int, op);
        QFETCH(double, value);
        QFETCH(bool, abort);
        auto r = Threshold::parse(text.toStdString());
        QVERIFY2(std::holds_alternative<Threshold>(r),
                 std::holds_alternative<std::string>(r) ? std::get<std::string>(r).c_str() : "");
        const Threshold &t = std::get<Threshold>(r);
        QCOMPARE(QString::fromStdString(t.metric), metric);
        QCOMPARE(int(t.op), op);
        QCOMPARE(t.value, value);
        QCOMPARE(t.abortOnFail, abort);
    }

    void thresholdErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("part");
        QTest::newRow("no op") << "p95"
                               << "expected METRIC<VALUE";
        QTest::newRow("metric") << "p42x<3"
                                << "unknown metric \"p42x\"";
        QTest::newRow("unit") << "p95<3kg"
                              << "at 6: expected ms, s or us";
        QTest::newRow("number") << "rps>lots"
                                << "at 5: expected a number";
        QTest::newRow("rate over 1") << "error_rate<5"
                                     << "a rate is a fraction";
    }
    void thresholdErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, part);
        auto r = Threshold::parse(text.toStdString());
        QVERIFY(std::holds_alternative<std::string>(r));
        QVERIFY2(QString::fromStdString(std::get<std::string>(r)).contains(part),
                 std::get<std::string>(r).c_str());
    }

    void checks()
    {
        auto st = std::get<Check>(Check::parse("status=200,201,3xx"));
        QVERIFY(st.kind == Check::Kind::Status);
        QVERIFY(st.statusMatches(200));
        QVERIFY(st.statusMatches(201));
        QVERIFY(st.statusMatches(304));
        QVERIFY(!st.statusMatches(404));
        auto h = std::get<Check>(Check::parse("header:ETag"));
        QVERIFY(h.kind == Check::Kind::Header);
        QCOMPARE(h.target, std::string("ETag"));
        QVERIFY(h.expected.empty());
        auto b = std::get<Check>(Check::parse("body~\"ok\""));
        QCOMPARE(b.expected, std::string("\"ok\""));
        auto j = std::get<Check>(Check::parse("json:$.items[0].id=7"));
        QCOMPARE(j.target, std::string("$.items[0].id"));
        QCOMPARE(j.expected, std::string("7"));
        QVERIFY(std::holds_alternative<std::string>(Check::parse("json:items")));
        QVERIFY(std::holds_alternative<std::string>(Check::parse("status=2o0")));
        QVERIFY(std::holds_alternative<std::string>(Check::parse("latency<3")));
    }

    void evaluatesAgainstASummary()
    {
        Scenario sc;
        for (const char *t :
             {"p50<20ms", "max<=30", "error_rate<0.1", "rps>=100", "checks>0.5", "p75<1"})
            sc.thresholds.push_back(std::get<Threshold>(Threshold::parse(t)));
        Summary s;
        for (int i = 0; i < 100; ++i)
            s.latency.record(10'000 + i * 100);
        s.corrected = LatencyStats::from(s.latency);
        s.requests = 1000;
        s.errors = 50;
        s.errorsByKind["connect"] = 0;
        s.rps = 100;
        s.checks.push_back({"c", 9, 1});
        evaluateThresholds(sc, s);
        QCOMPARE(s.thresholds.size(), std::size_t(6));
        QVERIFY(s.thresholds[0].passed);
        QVERIFY(s.thresholds[1].passed);
        QVERIFY(s.thresholds[2].passed);
        QCOMPARE(s.thresholds[2].observed, 0.05);
        QVERIFY(s.thresholds[3].passed);
        QCOMPARE(s.thresholds[4].observed, 0.9);
        QVERIFY(!s.thresholds[5].passed); // p75 is ~17.5 ms
        QVERIFY(!s.thresholdsPassed);
    }
};

QTEST_GUILESS_MAIN(tst_Scenario)
#include "tst_scenario.moc"
