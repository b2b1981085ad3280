// GET /api/admin/logs/stream against a real engine on 127.0.0.1: live events, filters, replay
// after Last-Event-ID with no gap or duplicate at the seam, resuming across an engine restart,
// a client that never reads being dropped while others are served, and a prompt shutdown.
#include "engine_fixture.h"
#include "sse_test_client.h"
#include "test_http_client.h"

#include "client/sse_stream.h"
#include "engine/engine.h"
#include "telemetry/log_ring.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <sys/socket.h>
#include <thread>

using bb::telemetry::Level;
using bb::telemetry::LogRecord;
using bbtest::SseClient;
using bbtest::SseEvent;

namespace {

std::uint64_t append(bb::engine::Engine &engine, const std::string &msg, Level level = Level::Info)
{
    LogRecord r;
    r.msg = msg;
    r.level = level;
    return engine.logs().append(std::move(r));
}

QList<quint64> seqs(const QList<SseEvent> &events)
{
    QList<quint64> out;
    for (const auto &e : events)
        out << e.seq();
    return out;
}

struct RunningEngine {
    std::unique_ptr<bb::engine::Engine> engine;
    QByteArray auth;

    bool start(const bb::engine::EngineConfig &config)
    {
        engine = std::make_unique<bb::engine::Engine>(config);
        auto port = engine->start();
        if (!port.ok())
            return false;
        auth = "Authorization: Bearer " + engine->issueLocalAdminToken().toLatin1() + "\r\n";
        return true;
    }
    quint16 port() const { return engine->port(); }
};

} // namespace

class tst_LogStream : public QObject {
    Q_OBJECT

private:
    bbtest::EngineFixture *m_fixture = nullptr;

    bb::engine::EngineConfig config() const
    {
        auto c = m_fixture->config();
        c.demo = false;
        return c;
    }

private slots:
    void initTestCase()
    {
        m_fixture = new bbtest::EngineFixture;
        if (!m_fixture->unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fixture->unavailableReason()));
    }

    void cleanupTestCase() { delete m_fixture; }

    void liveEventsArrive()
    {
        RunningEngine e;
        QVERIFY(e.start(config()));
        SseClient client;
        // The stream request's own access-log line comes after the point it starts from, so
        // it would be the first event: keep to the records this test writes.
        QVERIFY(client.open(e.port(),
                            "/api/admin/logs/stream?q=" + QUrl::toPercentEncoding("msg ~ 'live'"),
                            e.auth));
        QCOMPARE(client.status(), 200);
        const QByteArray head = client.head().toLower();
        QVERIFY(head.contains("content-type: text/event-stream"));
        QVERIFY(head.contains("cache-control: no-cache"));
        QVERIFY(head.contains("transfer-encoding: chunked"));
        QVERIFY(!head.contains("content-length"));
        QTest::qWait(100); // the stream subscribes once its head is written
        const auto first = append(*e.engine, "live one");
        append(*e.engine, "live two", Level::Warn);
        const auto events = client.read(2);
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[0].seq(), first);
        QCOMPARE(events[0].event, QByteArray("log"));
        QCOMPARE(events[0].json()["msg"].toString(), QString("live one"));
        QCOMPARE(quint64(events[0].json()["seq"].toDouble()), first);
        QCOMPARE(events[1].json()["level"].toString(), QString("warn"));
        QCOMPARE(client.retry(), QByteArray("2000"));
    }

    void levelAndQueryFilterTheStream()
    {
        RunningEngine e;
        QVERIFY(e.start(config()));
        SseClient client;
        const QByteArray q = QUrl::toPercentEncoding("msg ~ 'keep'");
        QVERIFY(client.open(e.port(), "/api/admin/logs/stream?level=warn&q=" + q, e.auth));
        QTest::qWait(100);
        append(*e.engine, "keep but info");
        const auto wanted = append(*e.engine, "KEEP this warning", Level::Warn);
        append(*e.engine, "drop this warning", Level::Warn);
        const auto last = append(*e.engine, "keep this error", Level::Error);
        const auto events = client.readFor(500);
        QCOMPARE(seqs(events), QList<quint64>({wanted, last}));
        // A bad filter is refused before any streaming, with its position.
        const auto bad = bbtest::request(
            e.port(), "GET", "/api/admin/logs/stream?q=" + QUrl::toPercentEncoding("msg ~~ 'x'"),
            {}, {{"Authorization", e.auth.mid(15).trimmed()}});
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json()["position"].toInt(), 5);
    }

    void lastEventIdReplaysExactlyTheMissingOnes()
    {
        RunningEngine e;
        QVERIFY(e.start(config()));
        QList<quint64> written;
        for (int i = 0; i < 1000; ++i)
            written << append(*e.engine, "replay " + std::to_string(i));
        const QByteArray q = QUrl::toPercentEncoding("msg ~ 'replay '");
        // Header form: everything after record 399, then live ones, with no seam.
        SseClient header;
        QVERIFY(
            header.open(e.port(), "/api/admin/logs/stream?q=" + q,
                        e.auth + "Last-Event-ID: " + QByteArray::number(written[399]) + "\r\n"));
        // Appends race the replay on purpose: the seam must hold while it is running.
        std::thread writer([&e, &written] {
            for (int i = 1000; i < 1500; ++i)
                written << append(*e.engine, "replay " + std::to_string(i));
        });
        writer.join();
        const auto got = header.read(1100, 10000);
        QCOMPARE(seqs(got), written.mid(400));
        QVERIFY(header.readFor(200).isEmpty()); // nothing twice
        // Query form, as EventSource's first connection would use.
        SseClient query;
        QVERIFY(query.open(e.port(),
                           "/api/admin/logs/stream?q=" + q +
                               "&lastEventId=" + QByteArray::number(written[1490]),
                           e.auth));
        QCOMPARE(seqs(query.read(9)), written.mid(1491));
        // An id from beyond this engine's history starts live instead of waiting.
        SseClient future;
        QVERIFY(future.open(e.port(), "/api/admin/logs/stream?q=" + q,
                            e.auth + "Last-Event-ID: 99999999999999999\r\n"));
        QTest::qWait(100);
        const auto next = append(*e.engine, "replay after future id");
        QCOMPARE(seqs(future.read(1)), QList<quint64>({next}));
        // follow=false: the replay, then the end of the body.
        SseClient catchUp;
        QVERIFY(catchUp.open(e.port(),
                             "/api/admin/logs/stream?follow=false&q=" + q +
                                 "&lastEventId=" + QByteArray::number(written[1495]),
                             e.auth));
        QCOMPARE(seqs(catchUp.read(10, 2000)), written.mid(1496) + QList<quint64>{next});
        QVERIFY(catchUp.waitEnded(2000));
        const QByteArray bad = e.auth + "Last-Event-ID: soon\r\n";
        SseClient refused;
        QVERIFY(refused.open(e.port(), "/api/admin/logs/stream", bad));
        QCOMPARE(refused.status(), 400);
    }

    void resumesAcrossAnEngineRestartWithoutDuplicates()
    {
        const auto cfg = config(); // the same data folder both times
        quint64 lastSeen = 0;
        QList<quint64> firstRun;
        {
            RunningEngine e;
            QVERIFY(e.start(cfg));
            SseClient client;
            QVERIFY(client.open(e.port(), "/api/admin/logs/stream?lastEventId=0", e.auth));
            for (int i = 0; i < 20; ++i)
                firstRun << append(*e.engine, "before restart " + std::to_string(i));
            const auto events = client.read(1000, 1500);
            QVERIFY(!events.isEmpty());
            lastSeen = events.last().seq();
            QVERIFY(lastSeen >= firstRun.last());
            e.engine->stop();
            QVERIFY(client.waitEnded(2000));
        }
        RunningEngine again;
        QVERIFY(again.start(cfg));
        const auto afterRestart = append(*again.engine, "after restart");
        QVERIFY2(afterRestart > lastSeen, "seqs must keep increasing across a restart");
        SseClient resumed;
        QVERIFY(
            resumed.open(again.port(), "/api/admin/logs/stream",
                         again.auth + "Last-Event-ID: " + QByteArray::number(lastSeen) + "\r\n"));
        const auto events = resumed.readFor(700);
        QVERIFY(!events.isEmpty());
        quint64 previous = lastSeen;
        bool sawAfterRestart = false;
        for (const auto &ev : events) {
            QVERIFY2(ev.seq() > previous, "a duplicate or out-of-order seq after the resume");
            previous = ev.seq();
            sawAfterRestart = sawAfterRestart || ev.json()["msg"].toString() == "after restart";
            QVERIFY(!ev.json()["msg"].toString().startsWith("before restart"));
        }
        QVERIFY(sawAfterRestart);
        // The new run's first record ("engine listening") is replayed too: no gap.
        QCOMPARE(events.first().json()["msg"].toString(), QString("engine listening"));
    }

    // The app's own EventSource-like client (reconnect with Last-Event-ID) across a restart of
    // the engine on the same port and data folder: every record once, in order.
    void theAppsSseClientResumesAcrossARestart()
    {
        auto cfg = config();
        RunningEngine first;
        QVERIFY(first.start(cfg));
        cfg.port = first.port();
        bb::client::SseStream stream;
        QList<bb::client::SseEvent> events;
        connect(&stream, &bb::client::SseStream::eventReceived, this,
                [&events](const bb::client::SseEvent &e) { events.append(e); });
        QSignalSpy reconnecting(&stream, &bb::client::SseStream::reconnecting);
        bb::client::HttpRequest request;
        request.url = QStringLiteral("http://127.0.0.1:%1/api/admin/logs/stream?q=%2")
                          .arg(first.port())
                          .arg(QString::fromLatin1(QUrl::toPercentEncoding("msg ~ 'resume-'")));
        request.headers = {{"Authorization", first.auth.mid(15).trimmed()}};
        stream.start(request);
        QTRY_VERIFY_WITH_TIMEOUT(stream.isRunning(), 5000);
        QTest::qWait(300);
        for (int i = 0; i < 5; ++i)
            append(*first.engine, "resume-a-" + std::to_string(i));
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 5, 5000);
        first.engine->stop();
        QTRY_VERIFY_WITH_TIMEOUT(reconnecting.count() >= 1, 5000);

        RunningEngine second;
        QVERIFY(second.start(cfg)); // the same port, so the client's reconnects find it
        for (int i = 0; i < 5; ++i)
            append(*second.engine, "resume-b-" + std::to_string(i));
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 10, 15000);
        for (int i = 5; i < 7; ++i)
            append(*second.engine, "resume-b-" + std::to_string(i));
        QTRY_COMPARE_WITH_TIMEOUT(events.size(), 12, 5000);
        stream.stop();
        QStringList messages;
        quint64 previous = 0;
        for (const auto &e : events) {
            const quint64 seq = e.lastEventId.toULongLong();
            QVERIFY2(seq > previous, "a duplicate or out-of-order event");
            previous = seq;
            messages << QJsonDocument::fromJson(e.data.toUtf8()).object()["msg"].toString();
        }
        QCOMPARE(messages, QStringList({"resume-a-0", "resume-a-1", "resume-a-2", "resume-a-3",
                                        "resume-a-4", "resume-b-0", "resume-b-1", "resume-b-2",
                                        "resume-b-3", "resume-b-4", "resume-b-5", "resume-b-6"}));
    }

    void clientThatNeverReadsIsDroppedOthersStayFast()
    {
        auto cfg = config();
        cfg.logStreamMaxQueuedBytes = 64 * 1024;
        RunningEngine e;
        QVERIFY(e.start(cfg));
        SseClient reader;
        QVERIFY(reader.open(
            e.port(), "/api/admin/logs/stream?q=" + QUrl::toPercentEncoding("msg ~ 'unrelated'"),
            e.auth));
        SseClient stalled;
        stalled.socket().setReadBufferSize(1);
        QVERIFY(stalled.open(e.port(), "/api/admin/logs/stream", e.auth));
        int small = 4096;
        ::setsockopt(int(stalled.socket().socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &small,
                     sizeof small);
        QTest::qWait(100);
        const std::string filler(400, 'f');
        QElapsedTimer appendTime;
        appendTime.start();
        for (int i = 0; i < 20'000; ++i)
            append(*e.engine, "flood " + std::to_string(i) + " " + filler);
        // Appending never waited for the stalled client.
        QVERIFY2(appendTime.elapsed() < 5000, QByteArray::number(appendTime.elapsed()));
        // Dropped: the counter says so and a warning is in the log.
        QElapsedTimer t;
        t.start();
        bbtest::HttpResult metrics;
        while (t.elapsed() < 5000) {
            metrics = bbtest::request(e.port(), "GET", "/metrics");
            if (metrics.body.contains("log_stream_dropped_total 1"))
                break;
            QTest::qWait(50);
        }
        QVERIFY2(metrics.body.contains("log_stream_dropped_total 1"), metrics.body.right(2000));
        QVERIFY(metrics.body.contains("log_stream_clients 1")); // the reader is still there
        const auto warn = bbtest::request(e.port(), "GET",
                                          "/api/admin/logs?level=warn&q=" +
                                              QUrl::toPercentEncoding("msg ~ 'dropped'"),
                                          {}, {{"Authorization", e.auth.mid(15).trimmed()}});
        QCOMPARE(warn.json()["items"].toArray().size(), 1);
        // Other requests keep normal latency.
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer one;
            one.start();
            QCOMPARE(bbtest::request(e.port(), "GET", "/healthz").status, 200);
            QVERIFY2(one.elapsed() < 500, QByteArray::number(one.elapsed()));
        }
        // The reader that keeps up still gets live events.
        const auto wanted = append(*e.engine, "unrelated but wanted");
        const auto events = reader.read(1, 3000);
        QCOMPARE(seqs(events), QList<quint64>({wanted}));
    }

    void shutdownWithOpenStreamsIsPrompt()
    {
        RunningEngine e;
        QVERIFY(e.start(config()));
        std::vector<std::unique_ptr<SseClient>> clients;
        for (int i = 0; i < 3; ++i) {
            clients.push_back(std::make_unique<SseClient>());
            QVERIFY(clients.back()->open(e.port(), "/api/admin/logs/stream", e.auth));
        }
        QTest::qWait(100);
        append(*e.engine, "last words");
        for (auto &c : clients)
            QCOMPARE(c->read(1).size(), 1);
        QElapsedTimer t;
        t.start();
        std::thread stopper([&e] { e.engine->stop(); });
        for (auto &c : clients)
            QVERIFY(c->waitEnded(3000));
        stopper.join();
        QVERIFY2(t.elapsed() < 2000, QByteArray::number(t.elapsed()));
        QVERIFY(!e.engine->running());
    }
};

QTEST_GUILESS_MAIN(tst_LogStream)
#include "tst_log_stream.moc"
