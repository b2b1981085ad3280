#include "telemetry/trace.h"

#include <QTest>

using namespace bb::telemetry;

class tst_Trace : public QObject {
    Q_OBJECT
private slots:
    void traceparent_data()
    {
        QTest::addColumn<QString>("header");
        QTest::addColumn<bool>("valid");
        QTest::newRow("w3c example")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" << true;
        QTest::newRow("not sampled")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00" << true;
        QTest::newRow("future version with extra")
            << "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xyz" << true;
        QTest::newRow("version ff")
            << "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" << false;
        QTest::newRow("zero trace id")
            << "00-00000000000000000000000000000000-00f067aa0ba902b7-01" << false;
        QTest::newRow("zero parent")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01" << false;
        QTest::newRow("upper case")
            << "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01" << false;
        QTest::newRow("v00 with extra")
            << "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x" << false;
        QTest::newRow("short") << "00-4bf92f35-00f067aa0ba902b7-01" << false;
        QTest::newRow("empty") << "" << false;
    }
    void traceparent()
    {
        QFETCH(QString, header);
        QFETCH(bool, valid);
        const auto tp = parseTraceParent(header.toStdString());
        QCOMPARE(tp.has_value(), valid);
        if (valid) {
            QCOMPARE(QString::fromStdString(tp->traceId), header.mid(3, 32));
            QCOMPARE(QString::fromStdString(tp->parentId), header.mid(36, 16));
        }
    }

    void formatRoundTrips()
    {
        const std::string text =
            formatTraceParent("4bf92f3577b34da6a3ce929d0e0e4736", 0x00f067aa0ba902b7ULL);
        QCOMPARE(QString::fromStdString(text),
                 QString("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        QVERIFY(parseTraceParent(text).has_value());
    }

    void ringEvictsOldestAndFinds()
    {
        TraceRing ring(3);
        for (int i = 0; i < 5; ++i) {
            auto t = std::make_shared<Trace>();
            t->traceId = "t" + std::to_string(i);
            t->status = i % 2 ? 500 : 200;
            ring.add(t);
        }
        QCOMPARE(ring.size(), 3u);
        QVERIFY(!ring.find("t1"));
        QVERIFY(ring.find("t4"));
        const auto recent = ring.recent(10);
        QCOMPARE(recent.front()->traceId, std::string("t4"));
        const auto errors = ring.recent(10, [](const Trace &t) { return t.status >= 500; });
        QCOMPARE(errors.size(), 1u);
        QCOMPARE(errors.front()->traceId, std::string("t3"));
    }
};

QTEST_GUILESS_MAIN(tst_Trace)
#include "tst_trace.moc"
