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

} // namespace

class tst_SseStream : public QObject {
    Q_OBJECT

private slots:
    void eventsArriveAsTheyAreSent()
    {
        StreamServer server;
        SseStream stream;
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
