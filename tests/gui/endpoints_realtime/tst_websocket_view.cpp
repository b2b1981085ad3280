// WebSocketView against an in-process echo server: connect with headers, send text and JSON
// with Ctrl+Enter, refuse bad JSON, read a message in the detail pane, disconnect with a code.
#include "websocket_view.h"

#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QTest>
#include <QWebSocketServer>

using namespace bb::endpoints;
using bb::client::WebSocketMessage;

class tst_WebSocketView : public QObject {
    Q_OBJECT

    QWebSocketServer *m_server = nullptr;
    QByteArray m_auth;
    QStringList m_received;
    int m_closeCode = -1;

private slots:
    void init()
    {
        m_server = new QWebSocketServer("echo", QWebSocketServer::NonSecureMode, this);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
        connect(m_server, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *s = m_server->nextPendingConnection();
            m_auth = s->request().rawHeader("Authorization");
            connect(s, &QWebSocket::textMessageReceived, s, [this, s](const QString &t) {
                m_received << t;
                s->sendTextMessage(
                    QStringLiteral("{\"echo\":%1}").arg(t.startsWith('{') ? t : "\"" + t + "\""));
            });
            connect(s, &QWebSocket::disconnected, s, [this, s] {
                m_closeCode = int(s->closeCode());
                s->deleteLater();
            });
        });
    }

    void cleanup() { delete m_server; }

    void connectSendAndRead()
    {
        WebSocketView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *connectButton = view.findChild<QPushButton *>("wsConnect");
        auto *send = view.findChild<QPushButton *>("wsSend");
        auto *composer = view.findChild<QPlainTextEdit *>("wsComposer");
        auto *mode = view.findChild<QComboBox *>("wsMode");
        auto *status = view.findChild<QLabel *>("wsStatus");
        auto *log = view.findChild<QTableView *>("wsLog");
        auto *detail = view.findChild<QPlainTextEdit *>("wsDetail");
        QVERIFY(connectButton && send && composer && mode && status && log && detail);
        QVERIFY(!send->isEnabled());

        view.setUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server->serverPort()));
        view.setHeaders("Authorization: Bearer view-token\n# a comment\n");
        QTest::mouseClick(connectButton, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return view.session()->isConnected(); }, 10000));
        QCOMPARE(m_auth, QByteArray("Bearer view-token"));
        QVERIFY(send->isEnabled());
        QCOMPARE(connectButton->text(), QString("Disconnect"));

        composer->setPlainText("hi there");
        composer->setFocus();
        QTest::keyClick(composer, Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(QTest::qWaitFor([&] { return m_received.size() == 1; }, 10000));
        QCOMPARE(m_received[0], QString("hi there"));
        QCOMPARE(composer->toPlainText(), QString("hi there")); // Ctrl+Enter sent, no new line

        mode->setCurrentIndex(1); // JSON
        composer->setPlainText("{\"a\": 1,}");
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(status->property("error").toBool());
        QVERIFY2(status->text().contains("JSON"), qPrintable(status->text()));
        QVERIFY(composer->textCursor().position() > 0); // moved to where it went wrong
        QTest::qWait(100);
        QCOMPARE(m_received.size(), 1); // not sent

        composer->setPlainText("{\"a\": [1, 2]}");
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return m_received.size() == 2; }, 10000));
        QVERIFY(!status->property("error").toBool());

        // Wait for the echo of the JSON, then read it in the detail pane, pretty-printed.
        auto *model = view.session()->log();
        int echoRow = -1;
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (int i = 0; i < model->count(); ++i)
                    if (model->message(i).direction == WebSocketMessage::Direction::Received &&
                        model->message(i).text().startsWith("{\"echo\":{"))
                        echoRow = i;
                return echoRow >= 0;
            },
            10000));
        QVERIFY(model->data(model->index(echoRow, 1)).toString().contains("received"));
        log->setCurrentIndex(model->index(echoRow, 0));
        QVERIFY2(detail->toPlainText().contains("↓ Received"), qPrintable(detail->toPlainText()));
        QVERIFY2(detail->toPlainText().contains("\"echo\": {"), qPrintable(detail->toPlainText()));

        view.findChild<QSpinBox *>("wsCloseCode")->setValue(4001);
        QTest::mouseClick(connectButton, Qt::LeftButton);
        QVERIFY(QTest::qWaitFor([&] { return m_closeCode != -1; }, 10000));
        QCOMPARE(m_closeCode, 4001);
        QVERIFY(QTest::qWaitFor([&] { return connectButton->text() == "Connect"; }, 10000));
        QVERIFY(!send->isEnabled());
    }

    void badInputIsShownNotSent()
    {
        WebSocketView view;
        auto *status = view.findChild<QLabel *>("wsStatus");
        view.setUrl("http://127.0.0.1:1/");
        view.connectToServer();
        QVERIFY(status->property("error").toBool());
        QVERIFY(status->text().contains("ws://"));

        view.setUrl(QStringLiteral("ws://127.0.0.1:%1/").arg(m_server->serverPort()));
        view.setHeaders("no colon here");
        view.connectToServer();
        QVERIFY(status->text().contains("line 1"));
        QVERIFY(!view.session()->isConnected());
    }
};

QTEST_MAIN(tst_WebSocketView)
#include "tst_websocket_view.moc"
