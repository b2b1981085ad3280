#include "engine/rate_limiter.h"

#include <QTest>

using namespace bb::engine;

class tst_RateLimiter : public QObject {
    Q_OBJECT
private slots:
    void disabledAllowsEverything()
    {
        RateLimiter l;
        QVERIFY(!l.enabled());
        for (int i = 0; i < 1000; ++i)
            QCOMPARE(l.acquire("ip", 0), 0);
    }

    void burstThenRefill()
    {
        RateLimiter l(2, 3); // 2 per second, burst 3
        const std::int64_t t0 = 1'000'000'000;
        QCOMPARE(l.acquire("a", t0), 0);
        QCOMPARE(l.acquire("a", t0), 0);
        QCOMPARE(l.acquire("a", t0), 0);
        QCOMPARE(l.acquire("a", t0), 1); // empty: one token in half a second → Retry-After 1
        QCOMPARE(l.acquire("b", t0), 0); // other clients have their own bucket
        QCOMPARE(l.acquire("a", t0 + 500'000'000), 0);
        QVERIFY(l.acquire("a", t0 + 500'000'000) >= 1);
    }

    void retryAfterRoundsUp()
    {
        RateLimiter l(0.25, 1); // one token every 4 s
        QCOMPARE(l.acquire("a", 0), 0);
        QCOMPARE(l.acquire("a", 0), 4);
        QCOMPARE(l.acquire("a", 3'000'000'000), 1);
    }
};

QTEST_GUILESS_MAIN(tst_RateLimiter)
#include "tst_rate_limiter.moc"
