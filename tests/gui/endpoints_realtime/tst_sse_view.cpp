// SseView against an event-stream server in the test: connect with headers, events appear as
// they are pushed, the detail pane shows the selected one, Stop ends the stream.
#include "sse_view.h"

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
