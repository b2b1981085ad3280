// HTTPS: the server speaks TLS when given a certificate and key, refuses to start with a bad
// key, and survives a client that talks plain HTTP to the TLS port.
#include "http/server.h"

#include <QFile>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::http;

class tst_Tls : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cert, m_key;

    static Response hello(Request &req)
    {
        Response r;
        r.headers.add("Content-Type", "text/plain");
        r.body = "hello over " + std::string(req.path());
        return r;
    }

    ServerConfig tlsConfig() const
    {
        ServerConfig c;
        c.port = 0;
        c.threads = 2;
        c.tlsCertFile = m_cert.toStdString();
        c.tlsKeyFile = m_key.toStdString();
        return c;
    }

    QByteArray httpsGet(quint16 port, const QByteArray &path)
    {
        QSslSocket socket;
        QSslConfiguration conf = socket.sslConfiguration();
        conf.setCaCertificates(QSslCertificate::fromPath(m_cert));
        socket.setSslConfiguration(conf);
        socket.setPeerVerifyName(QStringLiteral("127.0.0.1"));
        socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
        if (!socket.waitForEncrypted(10000))
            return "handshake failed: " + socket.errorString().toUtf8();
        socket.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QByteArray out;
        while (socket.waitForReadyRead(5000))
            out += socket.readAll();
        return out + socket.readAll();
    }

private slots:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QFAIL("Qt has no TLS backend here; install libssl3 and Qt's OpenSSL plugin");
        m_cert = m_dir.filePath("cert.pem");
        m_key = m_dir.filePath("key.pem");
        QProcess openssl;
        openssl.start("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                  "-subj", "/CN=127.0.0.1", "-addext",
                                  "subjectAltName=IP:127.0.0.1", "-keyout", m_key, "-out", m_cert});
        QVERIFY2(openssl.waitForFinished(60000), "openssl did not finish");
        QVERIFY2(openssl.exitCode() == 0, openssl.readAllStandardError().constData());
    }

    void servesHttps()
    {
        Server server(tlsConfig(), hello);
        auto port = server.start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        const QByteArray reply = httpsGet(*port, "/secure");
        QVERIFY2(reply.startsWith("HTTP/1.1 200"), reply.constData());
        QVERIFY(reply.endsWith("hello over /secure"));
        server.stop();
    }

    void plainHttpOnTlsPortIsRefusedAndServerLives()
    {
        Server server(tlsConfig(), hello);
        auto port = server.start();
        QVERIFY(port.ok());
        QTcpSocket plain;
        plain.connectToHost(QStringLiteral("127.0.0.1"), *port);
        QVERIFY(plain.waitForConnected(5000));
        plain.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray got;
        while (plain.state() == QAbstractSocket::ConnectedState && plain.waitForReadyRead(5000))
            got += plain.readAll();
        QVERIFY2(!got.startsWith("HTTP/1.1 200"), got.constData());
        QVERIFY(httpsGet(*port, "/after").startsWith("HTTP/1.1 200"));
        server.stop();
    }

    void badKeyFailsToStart()
    {
        QFile bad(m_dir.filePath("bad-key.pem"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        bad.close();
        ServerConfig c = tlsConfig();
        c.tlsKeyFile = bad.fileName().toStdString();
        Server server(c, hello);
        auto port = server.start();
        QVERIFY(!port.ok());
        QVERIFY(!port.error().message.isEmpty());
        QVERIFY(!server.running());
    }
};

QTEST_GUILESS_MAIN(tst_Tls)
#include "tst_tls.moc"
