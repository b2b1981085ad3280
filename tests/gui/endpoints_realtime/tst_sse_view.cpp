// SseView against an event-stream server in the test: connect with headers, events appear as
// they are pushed, the detail pane shows the selected one, Stop ends the stream.
#include "sse_view.h"

#include <QCheckBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace bb::endpoints;

class tst_SseView : public QObject {
    Q_OBJECT

    QTcpServer m_server;
    QTcpSocket *m_socket = nullptr;
    QByteArray m_request;

private slots:
    void initTestCase()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost, 0));
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *s = m_server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [this, s] {
                m_request += s->readAll();
                if (m_request.contains("\r\n\r\n") && !m_socket) {
                    m_socket = s;
                    s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                             "Connection: close\r\n\r\n");
                }
            });
        });
    }

    void streamsAndStops()
    {
        SseView view;
        view.resize(900, 600);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto *connectButton = view.findChild<QPushButton *>("sseConnect");
        auto *status = view.findChild<QLabel *>("sseStatus");
        auto *table = view.findChild<QTableView *>("sseEvents");
        auto *detail = view.findChild<QPlainTextEdit *>("sseDetail");
        QVERIFY(connectButton && status && table && detail);

        view.setUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_server.serverPort()));
        view.setHeaders("Authorization: Bearer sse-token");
        QTest::mouseClick(connectButton, Qt::LeftButton);
        QVERIFY(view.isStreaming());
        QCOMPARE(connectButton->text(), QString("Stop"));
        QVERIFY(QTest::qWaitFor([&] { return m_socket != nullptr; }, 10000));
        QVERIFY(m_request.toLower().contains("authorization: bearer sse-token"));

        m_socket->write("event: price\nid: 1\ndata: {\"sym\":\"BB\",\"px\":42}\n\n");
        QVERIFY(QTest::qWaitFor([&] { return view.events()->rowCount() == 1; }, 10000));
        QVERIFY(status->text().contains("200"));
        m_socket->write("data: plain\ndata: two lines\n\n");
        QVERIFY(QTest::qWaitFor([&] { return view.events()->rowCount() == 2; }, 10000));

        auto *model = view.events();
        QCOMPARE(model->data(model->index(0, SseEventModel::TypeColumn)).toString(),
                 QString("price"));
        QCOMPARE(model->data(model->index(0, SseEventModel::IdColumn)).toString(), QString("1"));
        QCOMPARE(model->data(model->index(1, SseEventModel::DataColumn)).toString(),
                 QString("plain two lines"));
        QVERIFY(!model->data(model->index(1, SseEventModel::TimeColumn)).toString().isEmpty());

        table->setCurrentIndex(model->index(0, 0));
        QVERIFY2(detail->toPlainText().contains("event: price"), qPrintable(detail->toPlainText()));
        QVERIFY(detail->toPlainText().contains("\"px\": 42")); // pretty-printed JSON

        QTest::mouseClick(connectButton, Qt::LeftButton); // Stop
        QVERIFY(QTest::qWaitFor([&] { return !view.isStreaming(); }, 5000));
        QCOMPARE(connectButton->text(), QString("Connect"));
        QVERIFY(!status->property("error").toBool());
        QVERIFY(status->text().contains("2 event"));

        view.findChild<QPushButton *>("sseClear")->click();
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(detail->toPlainText().isEmpty());
    }

    void reconnectCountsDown()
    {
        // Each connection gets retry: 1500 and one event, then is closed.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QList<QByteArray> heads;
        int id = 0;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *s = server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [&, s] {
                heads.append(s->readAll().toLower());
                s->write("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                         "Connection: close\r\n\r\nretry: 1500\nid: " +
                         QByteArray::number(++id) + "\ndata: x\n\n");
                s->disconnectFromHost();
            });
        });
        SseView view;
        auto *status = view.findChild<QLabel *>("sseStatus");
        auto *reconnect = view.findChild<QCheckBox *>("sseReconnect");
        QVERIFY(status && reconnect);
        QVERIFY(reconnect->isChecked());
        view.setUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(server.serverPort()));
        view.start();
        QVERIFY(!reconnect->isEnabled()); // fixed while streaming
        QVERIFY(QTest::qWaitFor([&] { return status->text().contains("reconnecting in"); }, 10000));
        QVERIFY2(status->text().contains("reconnecting in 2 s (attempt 1 of 10)"),
                 qPrintable(status->text()));
        QVERIFY(!status->property("error").toBool()); // a normal close is no error
        QVERIFY(view.isStreaming());
        QVERIFY(QTest::qWaitFor([&] { return status->text().contains("in 1 s"); }, 3000));
        QVERIFY(QTest::qWaitFor([&] { return heads.size() == 2; }, 5000));
        QVERIFY(heads[1].contains("last-event-id: 1\r\n"));
        QVERIFY(QTest::qWaitFor([&] { return view.reconnectCount() == 1; }, 5000));
        QVERIFY(
            QTest::qWaitFor([&] { return status->text().contains("reconnected 1 time"); }, 5000));

        view.stop(); // during the next countdown or stream
        QVERIFY(QTest::qWaitFor([&] { return !view.isStreaming(); }, 5000));
        QVERIFY(status->text().startsWith("Stopped"));
        QTest::qWait(1700);
        QCOMPARE(heads.size(), 2); // the pending reconnect was cancelled

        reconnect->setChecked(false); // off: the first close ends it
        view.start();
        QVERIFY(QTest::qWaitFor([&] { return !view.isStreaming(); }, 10000));
        QCOMPARE(heads.size(), 3);
        QVERIFY(status->text().startsWith("Stopped"));
    }

    void errorsAreShown()
    {
        SseView view;
        auto *status = view.findChild<QLabel *>("sseStatus");
        view.setUrl("ws://127.0.0.1:1/");
        view.start();
        QVERIFY(status->property("error").toBool());
        QVERIFY(!view.isStreaming());

        QTcpServer closed;
        closed.listen(QHostAddress::LocalHost, 0);
        const quint16 port = closed.serverPort();
        closed.close();
        view.setUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
        view.start();
        QVERIFY(QTest::qWaitFor([&] { return !view.isStreaming(); }, 10000));
        QVERIFY(status->property("error").toBool());
        QVERIFY(!status->text().isEmpty());
    }
};

QTEST_MAIN(tst_SseView)
#include "tst_sse_view.moc"
