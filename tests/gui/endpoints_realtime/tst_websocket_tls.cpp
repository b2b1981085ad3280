// WebSocketView's wss:// options against an in-process QWebSocketServer in SecureMode whose
// certificate openssl generates in the test's temporary directory: an untrusted certificate is
// refused while verifying, accepted with its CA bundle or with verification off; a missing or
// empty CA bundle is reported before connecting.
#include "websocket_view.h"

#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QWebSocketServer>

using namespace bb::endpoints;
using bb::client::WebSocketMessage;

class tst_WebSocketTls : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QWebSocketServer *m_server = nullptr;
    int m_connections = 0;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    /// Connects with the view's TLS options and waits for the outcome: connected or an error.
    bool connectAndWait(WebSocketView &view)
    {
        view.setUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(m_server->serverPort()));
        view.connectToServer();
        QTest::qWaitFor(
            [&] {
                return view.session()->isConnected() ||
                       view.session()->state() == QAbstractSocket::UnconnectedState;
            },
            15000);
        return view.session()->isConnected();
    }

    QString logText(WebSocketView &view)
    {
        QStringList lines;
        for (int i = 0; i < view.session()->log()->rowCount(); ++i)
            lines << view.session()->log()->message(i).text();
        return lines.join('\n');
    }

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("Qt has no TLS backend here");
        const QString openssl = QStandardPaths::findExecutable("openssl");
        if (openssl.isEmpty())
            QSKIP("openssl is not installed: no certificate to test wss:// with");
        QVERIFY(m_dir.isValid());
        // A self-signed certificate for 127.0.0.1, good for one day.
        QProcess p;
        p.start(openssl, {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                          "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                          path("key.pem"), "-out", path("cert.pem")});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());

        QFile certFile(path("cert.pem")), keyFile(path("key.pem"));
        QVERIFY(certFile.open(QIODevice::ReadOnly) && keyFile.open(QIODevice::ReadOnly));
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(&certFile, QSsl::Pem));
        tls.setPrivateKey(QSslKey(&keyFile, QSsl::Rsa, QSsl::Pem));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone); // the server asks no client certificate
        m_server = new QWebSocketServer("tls-echo", QWebSocketServer::SecureMode, this);
        m_server->setSslConfiguration(tls);
        QVERIFY(m_server->listen(QHostAddress::LocalHost, 0));
        connect(m_server, &QWebSocketServer::newConnection, this, [this] {
            QWebSocket *s = m_server->nextPendingConnection();
            ++m_connections;
            connect(s, &QWebSocket::textMessageReceived, s,
                    [s](const QString &t) { s->sendTextMessage("tls:" + t); });
            connect(s, &QWebSocket::disconnected, s, &QObject::deleteLater);
        });
        // A PEM file without a certificate in it.
        QFile junk(path("junk.pem"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a certificate\n");
    }

    void untrustedCertificateIsRefused()
    {
        WebSocketView view;
        QVERIFY(view.verifyTls()); // verifying is the default
        QVERIFY(!connectAndWait(view));
        auto *status = view.findChild<QLabel *>("wsStatus");
        // The handshake error stays shown: the close that follows it does not hide it.
        QVERIFY2(status->property("error").toBool(), qPrintable(status->text()));
        QVERIFY2(status->text().contains("self-signed"), qPrintable(status->text()));
        QVERIFY2(logText(view).contains("TLS: "), qPrintable(logText(view)));
    }

    void caBundleMakesItTrusted()
    {
        WebSocketView view;
        auto *ca = view.findChild<QLineEdit *>("wsCaBundle");
        QVERIFY(ca);
        ca->setText(path("cert.pem"));
        const int before = m_connections;
        QVERIFY2(connectAndWait(view), qPrintable(logText(view)));
        QVERIFY(!ca->isEnabled()); // fixed while connected
        QVERIFY(view.session()->sendText("hello").ok());
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto *log = view.session()->log();
                return log->rowCount() > 0 &&
                       log->message(log->rowCount() - 1).text() == QString("tls:hello");
            },
            10000));
        QCOMPARE(m_connections, before + 1);
        view.disconnectFromServer();
        QVERIFY(QTest::qWaitFor(
            [&] { return view.session()->state() == QAbstractSocket::UnconnectedState; }, 10000));
        QVERIFY(ca->isEnabled());
    }

    void verificationCanBeSwitchedOff()
    {
        WebSocketView view;
        auto *verify = view.findChild<QCheckBox *>("wsVerifyTls");
        QVERIFY(verify);
        verify->setChecked(false);
        QVERIFY2(connectAndWait(view), qPrintable(logText(view)));
        view.disconnectFromServer();
    }

    void badCaBundleIsReportedBeforeConnecting()
    {
        WebSocketView view;
        auto *status = view.findChild<QLabel *>("wsStatus");
        const int before = m_connections;
        view.setUrl(QStringLiteral("wss://127.0.0.1:%1/").arg(m_server->serverPort()));
        view.setTlsOptions(true, path("missing.pem"));
        view.connectToServer();
        QVERIFY(status->property("error").toBool());
        QVERIFY2(status->text().startsWith("CA bundle " + path("missing.pem")),
                 qPrintable(status->text()));
        QCOMPARE(view.session()->state(), QAbstractSocket::UnconnectedState);

        view.setTlsOptions(true, path("junk.pem"));
        view.connectToServer();
        QVERIFY2(status->text().contains("no PEM certificate"), qPrintable(status->text()));
        QCOMPARE(view.session()->state(), QAbstractSocket::UnconnectedState);
        QTest::qWait(100);
        QCOMPARE(m_connections, before);
    }
};

QTEST_MAIN(tst_WebSocketTls)
#include "tst_websocket_tls.moc"
