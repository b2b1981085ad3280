// bb::client::WebSocketSession against an in-process QWebSocketServer that echoes, records the
// handshake headers and closes with a code when asked.
#include "client/websocket_session.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>
#include <QWebSocketServer>

using namespace bb::client;

namespace {

class EchoServer : public QObject {
public:
    EchoServer()
        : m_server(QStringLiteral("echo"), QWebSocketServer::NonSecureMode)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QWebSocketServer::newConnection, this, [this] {
            while (QWebSocket *s = m_server.nextPendingConnection()) {
                m_handshake = s->request();
                connect(s, &QWebSocket::textMessageReceived, s, [this, s](const QString &t) {
                    m_received << t;
                    if (t == QLatin1String("bye"))
                        s->close(QWebSocketProtocol::CloseCodePolicyViolated, "you said bye");
                    else
                        s->sendTextMessage("echo:" + t);
                });
                connect(s, &QWebSocket::binaryMessageReceived, s,
                        [s](const QByteArray &b) { s->sendBinaryMessage(b); });
                connect(s, &QWebSocket::disconnected, s, [this, s] {
                    m_closeCode = int(s->closeCode());
                    m_closeReason = s->closeReason();
                    s->deleteLater();
                });
            }
        });
    }
    QUrl url() const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1/socket").arg(m_server.serverPort()));
    }

    QWebSocketServer m_server;
    QNetworkRequest m_handshake;
    QStringList m_received;
    int m_closeCode = -1;
    QString m_closeReason;
};

} // namespace

class tst_WebSocketSession : public QObject {
    Q_OBJECT

private slots:
    void connectSendReceiveClose()
    {
        EchoServer server;
        WebSocketSession session;
        QSignalSpy connected(&session, &WebSocketSession::connected);
        QSignalSpy texts(&session, &WebSocketSession::textReceived);
        QSignalSpy closed(&session, &WebSocketSession::disconnected);
        QVERIFY(
            session.open(server.url(), {{"Authorization", "Bearer t0k"}, {"X-Trace", "abc"}}).ok());
        QVERIFY(QTest::qWaitFor([&] { return connected.size() == 1; }, 10000));
        QVERIFY(session.isConnected());
        QCOMPARE(server.m_handshake.rawHeader("Authorization"), QByteArray("Bearer t0k"));
        QCOMPARE(server.m_handshake.rawHeader("X-Trace"), QByteArray("abc"));

        QVERIFY(session.sendText("hello").ok());
        QVERIFY(QTest::qWaitFor([&] { return texts.size() == 1; }, 10000));
        QCOMPARE(texts[0][0].toString(), QString("echo:hello"));

        QVERIFY(session.sendJson("{\"a\": [1, 2]}").ok());
        QVERIFY(QTest::qWaitFor([&] { return texts.size() == 2; }, 10000));
        QCOMPARE(texts[1][0].toString(), QString("echo:{\"a\": [1, 2]}")); // sent as typed

        QSignalSpy binary(&session, &WebSocketSession::binaryReceived);
        QVERIFY(session.sendBinary(QByteArray("\x00\x01\xff", 3)).ok());
        QVERIFY(QTest::qWaitFor([&] { return binary.size() == 1; }, 10000));

        QSignalSpy pongs(&session, &WebSocketSession::pong);
        QVERIFY(session.ping("p1").ok());
        QVERIFY(QTest::qWaitFor([&] { return pongs.size() == 1; }, 10000));
        QCOMPARE(pongs[0][1].toByteArray(), QByteArray("p1"));

        session.close(4000, "done testing");
        QVERIFY(QTest::qWaitFor([&] { return closed.size() == 1; }, 10000));
        QVERIFY(QTest::qWaitFor([&] { return server.m_closeCode != -1; }, 10000));
        QCOMPARE(server.m_closeCode, 4000);
        QCOMPARE(server.m_closeReason, QString("done testing"));
        QVERIFY(!session.isConnected());

        // The log: every frame with its direction and size, events in between.
        WebSocketMessageLog *log = session.log();
        QList<WebSocketMessage> frames;
        for (int i = 0; i < log->count(); ++i)
            if (log->message(i).direction != WebSocketMessage::Direction::Event)
                frames << log->message(i);
        QCOMPARE(frames.size(), 6);
        QCOMPARE(frames[0].direction, WebSocketMessage::Direction::Sent);
        QCOMPARE(frames[0].text(), QString("hello"));
        QCOMPARE(frames[1].direction, WebSocketMessage::Direction::Received);
        QCOMPARE(frames[1].text(), QString("echo:hello"));
        QCOMPARE(frames[4].text(), QString("00 01 ff"));
        QVERIFY(frames[5].binary);
        QCOMPARE(log->columnCount(), 4);
        const int last = log->count() - 1;
        QVERIFY(log->data(log->index(last, WebSocketMessageLog::TextColumn))
                    .toString()
                    .contains("4000"));
        QVERIFY(log->message(0).time.isValid());
        QVERIFY(!log->data(log->index(1, WebSocketMessageLog::TimeColumn)).toString().isEmpty());
        int helloRow = 0;
        while (log->message(helloRow).direction != WebSocketMessage::Direction::Sent)
            ++helloRow;
        QCOMPARE(log->data(log->index(helloRow, WebSocketMessageLog::SizeColumn)).toString(),
                 QString("5 bytes"));
        QVERIFY(log->data(log->index(helloRow, WebSocketMessageLog::DirectionColumn))
                    .toString()
                    .contains("sent"));
        QCOMPARE(log->data(log->index(0, WebSocketMessageLog::SizeColumn)).toString(), QString());
    }

    void invalidJsonIsRefusedWithItsPosition()
    {
        EchoServer server;
        WebSocketSession session;
        QSignalSpy connected(&session, &WebSocketSession::connected);
        QVERIFY(session.open(server.url()).ok());
        QVERIFY(QTest::qWaitFor([&] { return connected.size() == 1; }, 10000));
        const int before = session.log()->count();
        const auto r = session.sendJson("{\n  \"a\": 1,\n  \"b\": }");
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains("line 3"), qPrintable(r.error().message));
        QVERIFY(r.error().position > 0);
        QCOMPARE(session.log()->count(), before); // nothing was sent
        QTest::qWait(100);
        QVERIFY(server.m_received.isEmpty());
    }

    void serverCloseAndRefusals()
    {
        WebSocketSession session;
        QVERIFY(!session.open(QUrl("http://127.0.0.1/")).ok());
        QVERIFY(!session.open(QUrl("ws://")).ok());
        QVERIFY(!session.sendText("x").ok()); // not connected
        QVERIFY(!session.ping().ok());

        EchoServer server;
        QSignalSpy connected(&session, &WebSocketSession::connected);
        QSignalSpy closed(&session, &WebSocketSession::disconnected);
        QVERIFY(session.open(server.url()).ok());
        QVERIFY(QTest::qWaitFor([&] { return connected.size() == 1; }, 10000));
        QVERIFY(!session.ping(QByteArray(200, 'x')).ok());
        QVERIFY(session.sendText("bye").ok());
        QVERIFY(QTest::qWaitFor([&] { return closed.size() == 1; }, 10000));
        QCOMPARE(closed[0][0].toInt(), int(QWebSocketProtocol::CloseCodePolicyViolated));
        QCOMPARE(closed[0][1].toString(), QString("you said bye"));

        QTcpServer nobody;
        nobody.listen(QHostAddress::LocalHost, 0);
        const quint16 port = nobody.serverPort();
        nobody.close();
        QSignalSpy errors(&session, &WebSocketSession::errorOccurred);
        QVERIFY(session.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(port))).ok());
        QVERIFY(QTest::qWaitFor([&] { return errors.size() >= 1; }, 10000));
    }

    void logIsBounded()
    {
        WebSocketMessageLog log;
        log.setMaxRows(3);
        for (int i = 0; i < 5; ++i)
            log.append({QDateTime::currentDateTimeUtc(),
                        WebSocketMessage::Direction::Received,
                        false,
                        QByteArray::number(i),
                        {}});
        QCOMPARE(log.count(), 3);
        QCOMPARE(log.message(0).text(), QString("2"));
        QCOMPARE(log.data(log.index(2, WebSocketMessageLog::SizeColumn)).toString(),
                 QString("1 bytes"));
    }
};

QTEST_GUILESS_MAIN(tst_WebSocketSession)
#include "tst_websocket_session.moc"
