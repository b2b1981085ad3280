#include "telemetry/latency_window.h"

#include <QTest>

using namespace bb::telemetry;

class tst_LatencyWindow : public QObject {
    Q_OBJECT
private slots:
    void bucketsCoverTheirValues_data()
    {
        QTest::addColumn<qint64>("micros");
        for (qint64 v :
             {0LL, 1LL, 63LL, 64LL, 65LL, 100LL, 1000LL, 12345LL, 1'000'000LL, 3'600'000'000LL})
            QTest::newRow(qPrintable(QString::number(v))) << v;
    }
    void bucketsCoverTheirValues()
    {
        QFETCH(qint64, micros);
        const int b = LatencyWindow::bucketOf(micros);
        QVERIFY(LatencyWindow::bucketUpperMicros(b) >= micros);
        if (b > 0)
            QVERIFY(LatencyWindow::bucketUpperMicros(b - 1) < micros);
        // Resolution: the bucket is at most ~3.2 % wider than its value.
        QVERIFY(double(LatencyWindow::bucketUpperMicros(b)) <= double(micros) * 1.035 + 1);
    }

    void quantiles()
    {
        LatencyWindow w;
        const qint64 now = 1000;
        for (int i = 1; i <= 1000; ++i)
            w.record(i * 100, now); // 0.1 ms .. 100 ms, uniform
        QCOMPARE(w.count(now), 1000u);
        QVERIFY(qAbs(w.quantileMs(0.50, now) - 50.0) < 2.0);
        QVERIFY(qAbs(w.quantileMs(0.95, now) - 95.0) < 3.5);
        QVERIFY(qAbs(w.quantileMs(0.99, now) - 99.0) < 3.5);
    }

    void oldSecondsFallOut()
    {
        LatencyWindow w;
        w.record(5000, 100);
        QCOMPARE(w.count(100), 1u);
        QCOMPARE(w.count(100 + LatencyWindow::kSeconds - 1), 1u);
        QCOMPARE(w.count(100 + LatencyWindow::kSeconds), 0u);
        // A slot reused for a later second starts empty.
        w.record(7000, 100 + 12);
        QCOMPARE(w.count(100 + 12), 1u);
        QVERIFY(w.quantileMs(0.5, 112) >= 7.0);
    }

    void emptyIsZero()
    {
        LatencyWindow w;
        QCOMPARE(w.quantileMs(0.99, 5), 0.0);
    }
};

QTEST_GUILESS_MAIN(tst_LatencyWindow)
#include "tst_latency_window.moc"
