// Histogram: 3 significant digits from 1 µs to 1 h in fixed memory, quantiles as HdrHistogram
// reports them, merge and reset.
#include "loadtest/histogram.h"
#include "loadtest/results.h"

#include <QTest>

#include <random>

using namespace bb::loadtest;

class tst_Histogram : public QObject {
    Q_OBJECT

private slots:
    void indexRoundTripsWithinThreeDigits()
    {
        for (std::int64_t v : {0LL, 1LL, 999LL, 1000LL, 2047LL, 2048LL, 123456LL, 10'000'000LL,
                               3'599'999'999LL, 3'600'000'000LL}) {
            const std::size_t i = hdr::indexOf(v);
            QVERIFY(i < hdr::kCountsLength);
            const std::int64_t low = hdr::valueFromIndex(i), high = hdr::highestAtIndex(i);
            QVERIFY2(low <= v && v <= high, qPrintable(QString::number(v)));
            QVERIFY2(double(high - low) <= std::max(1.0, double(v) / 1000.0),
                     qPrintable(QString::number(v)));
        }
        // Values below 2048 are exact.
        QCOMPARE(hdr::valueFromIndex(hdr::indexOf(1234)), std::int64_t(1234));
    }

    void memoryIsFixed()
    {
        QVERIFY(sizeof(Histogram) < 200 * 1024);
        Histogram h;
        for (int i = 0; i < 1'000'000; ++i)
            h.record(i % 5000);
        QCOMPARE(h.count(), std::uint64_t(1'000'000));
    }

    void quantilesOfAUniformSpread()
    {
        Histogram h;
        for (std::int64_t v = 1; v <= 100'000; ++v)
            h.record(v);
        QCOMPARE(h.count(), std::uint64_t(100'000));
        QCOMPARE(h.min(), std::int64_t(1));
        QCOMPARE(h.max(), std::int64_t(100'000));
        QCOMPARE(h.mean(), 50'000.5);
        for (double q : {0.5, 0.9, 0.99, 0.999}) {
            const double got = double(h.valueAtQuantile(q));
            QVERIFY2(std::abs(got - q * 100'000) <= q * 100'000 / 1000.0 + 1,
                     qPrintable(QStringLiteral("q=%1 got %2").arg(q).arg(got)));
        }
        QCOMPARE(h.valueAtQuantile(1.0), std::int64_t(100'000));
        QCOMPARE(h.valueAtQuantile(0.0), std::int64_t(1));
    }

    void clampsOutOfRange()
    {
        Histogram h;
        h.record(-5);
        h.record(hdr::kHighestUs * 10);
        QCOMPARE(h.min(), std::int64_t(0));
        QCOMPARE(h.max(), hdr::kHighestUs);
        QCOMPARE(h.count(), std::uint64_t(2));
    }

    void mergeEqualsRecordingEverything()
    {
        std::mt19937_64 rng(7);
        std::lognormal_distribution<double> dist(8, 1.5);
        Histogram a, b, all;
        for (int i = 0; i < 50'000; ++i) {
            const auto v = std::int64_t(dist(rng));
            (i % 3 ? a : b).record(v);
            all.record(v);
        }
        a.merge(b);
        QCOMPARE(a.count(), all.count());
        QCOMPARE(a.min(), all.min());
        QCOMPARE(a.max(), all.max());
        for (double q : {0.1, 0.5, 0.95, 0.999})
            QCOMPARE(a.valueAtQuantile(q), all.valueAtQuantile(q));
        std::uint64_t sum = 0;
        a.forEachBucket([&](std::int64_t low, std::int64_t high, std::uint64_t n) {
            QVERIFY(low <= high);
            sum += n;
        });
        QCOMPARE(sum, a.count());
    }

    void resetEmpties()
    {
        Histogram h;
        h.record(10);
        h.record(1'000'000);
        h.reset();
        QCOMPARE(h.count(), std::uint64_t(0));
        QCOMPARE(h.valueAtQuantile(0.5), std::int64_t(0));
        int buckets = 0;
        h.forEachBucket([&](auto, auto, auto) { ++buckets; });
        QCOMPARE(buckets, 0);
        h.record(20);
        QCOMPARE(h.min(), std::int64_t(20));
        QCOMPARE(h.max(), std::int64_t(20));
    }

    void statsInMilliseconds()
    {
        Histogram h;
        for (int i = 0; i < 99; ++i)
            h.record(10'000);
        h.record(2'000'000);
        const LatencyStats s = LatencyStats::from(h);
        QVERIFY(std::abs(s.p50Ms - 10.0) < 0.02);
        QVERIFY(std::abs(s.p99Ms - 10.0) < 0.02);
        QVERIFY(std::abs(s.maxMs - 2000.0) < 0.001);
        QVERIFY(std::abs(s.p999Ms - 2000.0) < 2.1);
        QCOMPARE(s.minMs, 10.0);
    }
};

QTEST_GUILESS_MAIN(tst_Histogram)
#include "tst_histogram.moc"
