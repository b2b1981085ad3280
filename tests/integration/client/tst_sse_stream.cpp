// bb::client::SseStream against an event-stream server in the test that sends events one at a
// time, so delivery as they arrive (not at the end) is what is checked.
#include "scripted_server.h"

#include "client/sse_stream.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace bb::client;
using bbtest::httpResponse;
using bbtest::RawRequest;
using bbtest::ScriptedServer;

namespace {

/// Answers every request with an event-stream head and keeps the socket, so the test pushes
/// each event when it wants.
class StreamServer : public QTcpServer {
public:
    StreamServer()
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] {
                    m_request += s->readAll();
                    if (!m_request.contains("\r\n\r\n") || m_socket)
                        return;
                    m_socket = s;
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8"
                             "\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");
                });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/events").arg(serverPort()); }
    bool connected() const { return m_socket != nullptr; }
    void push(const QByteArray &bytes)
    {
        m_socket->write(bytes);
        m_socket->flush();
    }
    void hangUp() { m_socket->disconnectFromHost(); }
    QByteArray request() const { return m_request; }

private:
    QTcpSocket *m_socket = nullptr;
    QByteArray m_request;
};

/// Sends each connection a "retry:" and two events with increasing ids, then closes it; keeps
/// every request head so the test can check the Last-Event-ID of the reconnects. After
/// serveLimit connections (-1 = no limit) it stops listening, so reconnects are refused.
class ClosingServer : public QTcpServer {
public:
    explicit ClosingServer(int retryMs, int serveLimit = -1)
        : m_retryMs(retryMs)
        , m_serveLimit(serveLimit)
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    if (!buffer->contains("\r\n\r\n"))
                        return;
                    heads.append(buffer->toLower());
                    buffer->clear();
                    QByteArray out = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                                     "Connection: close\r\n\r\nretry: " +
                                     QByteArray::number(m_retryMs) + "\n\n";
                    for (int i = 0; i < 2; ++i) {
                        const QByteArray id = QByteArray::number(++m_nextId);
                        out += "id: " + id + "\ndata: e" + id + "\n\n";
                    }
                    s->write(out);
                    s->disconnectFromHost();
                    if (heads.size() == m_serveLimit)
                        close();
                });
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/events").arg(serverPort()); }
    QList<QByteArray> heads;

private:
    int m_retryMs;
    int m_serveLimit;
    int m_nextId = 0;
};

} // namespace

class tst_SseStream : public QObject {
    Q_OBJECT

private slots:
    void eventsArriveAsTheyAreSent()
    {
        StreamServer server;
        SseStream stream;
        stream.setReconnectPolicy({.enabled = false}); // the hang-up ends it here
        QSignalSpy opened(&stream, &SseStream::opened);
        QSignalSpy events(&stream, &SseStream::eventReceived);
        QSignalSpy finished(&stream, &SseStream::finished);
        HttpRequest req;
        req.url = server.url();
        req.headers = {{"Authorization", "Bearer abc"}};
        stream.start(req, "41");
        QVERIFY(stream.isRunning());
        QVERIFY(QTest::qWaitFor([&] { return server.connected(); }, 10000));
        const QByteArray head = server.request().toLower();
        QVERIFY(head.contains("accept: text/event-stream"));
        QVERIFY(head.contains("last-event-id: 41"));
        QVERIFY(head.contains("authorization: bearer abc"));

        server.push(": hello\n\nevent: tick\nid: 42\ndata: {\"n\":1}\n\n");
        QVERIFY(QTest::qWaitFor([&] { return events.size() == 1; }, 10000));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened[0][0].toInt(), 200);
        auto first = events[0][0].value<SseEvent>();
        QCOMPARE(first.type, QString("tick"));
        QCOMPARE(first.lastEventId, QString("42"));
        QCOMPARE(first.data, QString("{\"n\":1}"));

        server.push("data: split ");
        QTest::qWait(100);
        QCOMPARE(events.size(), 1); // half an event is held back
        server.push("across\ndata: two writes\n\n");
        QVERIFY(QTest::qWaitFor([&] { return events.size() == 2; }, 10000));
        QCOMPARE(events[1][0].value<SseEvent>().data, QString("split across\ntwo writes"));
        QVERIFY(finished.isEmpty());

        server.hangUp();
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 1; }, 10000));
        QCOMPARE(finished[0][0].toString(), QString());
        QVERIFY(!stream.isRunning());
    }

    void reconnectsWithLastEventId()
    {
        ClosingServer server(150);
        SseStream stream;
        QSignalSpy events(&stream, &SseStream::eventReceived);
        QSignalSpy reconnecting(&stream, &SseStream::reconnecting);
        QSignalSpy finished(&stream, &SseStream::finished);
        HttpRequest req;
        req.url = server.url();
        stream.start(req);
        QVERIFY(QTest::qWaitFor([&] { return events.size() >= 4; }, 10000));
        QCOMPARE(server.heads.size(), 2);
        QVERIFY(!server.heads[0].contains("last-event-id"));
        QVERIFY2(server.heads[1].contains("last-event-id: 2\r\n"), server.heads[1].constData());
        QCOMPARE(events[2][0].value<SseEvent>().data, QString("e3"));
        QVERIFY(reconnecting.size() >= 1);
        QCOMPARE(reconnecting[0][0].toInt(), 1);            // attempt 1 ...
        QCOMPARE(reconnecting[0][1].toInt(), 150);          // ... after the server's retry:
        QCOMPARE(reconnecting[0][2].toString(), QString()); // closed normally
        QCOMPARE(stream.retryDelayMs(), 150);
        QVERIFY(finished.isEmpty());
        QVERIFY(stream.isRunning());
        stream.stop();
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 1; }, 5000));
        QCOMPARE(finished[0][0].toString(), QString());
        QVERIFY(!stream.isRunning());
    }

    void stopCancelsAPendingReconnect()
    {
        ClosingServer server(5000);
        SseStream stream;
        QSignalSpy reconnecting(&stream, &SseStream::reconnecting);
        QSignalSpy finished(&stream, &SseStream::finished);
        HttpRequest req;
        req.url = server.url();
        stream.start(req);
        QVERIFY(QTest::qWaitFor([&] { return reconnecting.size() == 1; }, 10000));
        QCOMPARE(reconnecting[0][1].toInt(), 5000);
        QVERIFY(stream.reconnectRemainingMs() > 3000);
        QVERIFY(stream.isRunning());
        stream.stop();
        QCOMPARE(finished.size(), 1); // at once: nothing to cancel on the network
        QCOMPARE(finished[0][0].toString(), QString());
        QCOMPARE(stream.reconnectRemainingMs(), -1);
        QTest::qWait(300);
        QCOMPARE(server.heads.size(), 1);
    }

    void reconnectsBackOffAndGiveUp()
    {
        ClosingServer server(50, 1); // one stream, then every reconnect is refused
        SseStream stream;
        stream.setReconnectPolicy(
            {.defaultDelayMs = 1000, .maxAttempts = 3, .backoff = 2.0, .maxDelayMs = 150});
        QSignalSpy reconnecting(&stream, &SseStream::reconnecting);
        QSignalSpy finished(&stream, &SseStream::finished);
        HttpRequest req;
        req.url = server.url();
        stream.start(req);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 1; }, 15000));
        QVERIFY2(finished[0][0].toString().startsWith("gave up after 3 reconnect attempt(s): "),
                 qPrintable(finished[0][0].toString()));
        QCOMPARE(reconnecting.size(), 3);
        // The server's retry: 50, doubled per failed attempt, capped at 150.
        QCOMPARE(reconnecting[0][1].toInt(), 50);
        QCOMPARE(reconnecting[1][1].toInt(), 100);
        QCOMPARE(reconnecting[2][1].toInt(), 150);
        QCOMPARE(reconnecting[2][0].toInt(), 3);
        QVERIFY(!reconnecting[1][2].toString().isEmpty()); // the network error
        QCOMPARE(server.heads.size(), 1);
        QVERIFY(!stream.isRunning());
    }

    void reconnectCanBeSwitchedOff()
    {
        ClosingServer server(10);
        SseStream stream;
        stream.setReconnectPolicy({.enabled = false});
        QSignalSpy events(&stream, &SseStream::eventReceived);
        QSignalSpy finished(&stream, &SseStream::finished);
        HttpRequest req;
        req.url = server.url();
        stream.start(req);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 1; }, 10000));
        QCOMPARE(finished[0][0].toString(), QString());
        QCOMPARE(events.size(), 2);
        QTest::qWait(200);
        QCOMPARE(server.heads.size(), 1);
        QCOMPARE(stream.lastEventId(), QString("2"));
    }

    void stopEndsTheStreamQuickly()
    {
        StreamServer server;
        SseStream stream;
        QSignalSpy finished(&stream, &SseStream::finished);
        HttpRequest req;
        req.url = server.url();
        stream.start(req);
        QVERIFY(QTest::qWaitFor([&] { return server.connected(); }, 10000));
        QElapsedTimer timer;
        timer.start();
        stream.stop();
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 1; }, 5000));
        QVERIFY(timer.elapsed() < 2000);
        QCOMPARE(finished[0][0].toString(), QString()); // stopping is not an error
    }

    void refusalsAreErrors()
    {
        ScriptedServer notFound([](const RawRequest &) { return httpResponse(404, "nope"); });
        ScriptedServer html([](const RawRequest &) {
            return httpResponse(200, "<html>", {{"Content-Type", "text/html"}});
        });
        SseStream stream;
        QSignalSpy finished(&stream, &SseStream::finished);
        QSignalSpy events(&stream, &SseStream::eventReceived);
        HttpRequest req;
        req.url = QString(notFound.url("/events"));
        stream.start(req);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 1; }, 10000));
        QVERIFY2(finished[0][0].toString().contains("404"), qPrintable(finished[0][0].toString()));

        req.url = QString(html.url("/events"));
        stream.start(req);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 2; }, 10000));
        QVERIFY2(finished[1][0].toString().contains("not an event stream"),
                 qPrintable(finished[1][0].toString()));

        QTcpServer closed;
        closed.listen(QHostAddress::LocalHost, 0);
        req.url = QStringLiteral("http://127.0.0.1:%1/").arg(closed.serverPort());
        closed.close();
        stream.start(req);
        QVERIFY(QTest::qWaitFor([&] { return finished.size() == 3; }, 10000));
        QVERIFY(!finished[2][0].toString().isEmpty());
        QVERIFY(events.isEmpty());
    }

    void destroyingARunningStreamIsSafe()
    {
        StreamServer server;
        auto *stream = new SseStream;
        HttpRequest req;
        req.url = server.url();
        stream->start(req);
        QVERIFY(QTest::qWaitFor([&] { return server.connected(); }, 10000));
        server.push("data: x\n\n");
        delete stream; // joins the worker; queued events die with the object
        QTest::qWait(50);
    }
};

QTEST_GUILESS_MAIN(tst_SseStream)
#include "tst_sse_stream.moc"
