// The transport options of bb::client::HttpRequest for real: a three-hop redirect chain, a
// forward proxy, TLS verification, CA bundle and client certificates against nginx, and HTTP/2
// over TLS (libcurl + nghttp2 against nginx's http2). nginx runs from the test's temporary
// directory and is stopped by its PID.
#include "forward_proxy.h"
#include "scripted_server.h"

#include "client/http_client.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace bb::client;
using bbtest::httpResponse;
using bbtest::RawRequest;
using bbtest::ScriptedServer;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

class tst_ClientOptions : public QObject {
    Q_OBJECT

    std::unique_ptr<HttpClient> m_client;
    QTemporaryDir m_dir;
    QProcess m_nginx;
    QString m_nginxSkip; ///< why the nginx tests cannot run, or empty
    quint16 m_h2Port = 0, m_mtlsPort = 0;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    HttpResponse run(const HttpRequest &request)
    {
        auto result = std::make_shared<std::optional<HttpResponse>>();
        m_client->send(request, this, [result](const HttpResponse &r) { *result = r; });
        if (!QTest::qWaitFor([&] { return result->has_value(); }, 30000))
            return HttpResponse{.error = QStringLiteral("test: no answer in time")};
        return **result;
    }

    bool openssl(const QStringList &args, QString *error)
    {
        QProcess p;
        p.setWorkingDirectory(m_dir.path());
        p.start(QStringLiteral("openssl"), args);
        if (!p.waitForFinished(60000) || p.exitCode() != 0) {
            *error = QString::fromUtf8(p.readAllStandardError());
            return false;
        }
        return true;
    }

    // A CA, a server certificate for 127.0.0.1 and a client certificate (key encrypted), all
    // signed by the CA.
    bool makeCertificates(QString *error)
    {
        return openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=Backbench Test CA", "-keyout", "ca.key", "-out", "ca.pem"},
                       error) &&
               openssl({"req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout",
                        "server.key", "-out", "server.csr"},
                       error) &&
               openssl({"x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                        "-CAcreateserial", "-days", "1", "-extfile", "san.ext", "-out",
                        "server.pem"},
                       error) &&
               openssl({"req", "-newkey", "rsa:2048", "-subj", "/CN=backbench-client", "-passout",
                        "pass:k3y-pass", "-keyout", "client.key", "-out", "client.csr"},
                       error) &&
               openssl({"x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                        "-CAcreateserial", "-days", "1", "-out", "client.pem"},
                       error);
    }

    HttpRequest tlsGet(quint16 port, const QString &host = QStringLiteral("127.0.0.1")) const
    {
        HttpRequest r;
        r.url = QStringLiteral("https://%1:%2/").arg(host).arg(port);
        r.caBundle = path("ca.pem");
        r.timeoutMs = 20000;
        return r;
    }

private slots:
    void initTestCase()
    {
        m_client = std::make_unique<HttpClient>();
        QVERIFY(m_dir.isValid());
        if (QStandardPaths::findExecutable("nginx").isEmpty() &&
            !QFile::exists("/usr/sbin/nginx")) {
            m_nginxSkip = "nginx is not installed";
            return;
        }
        QFile san(path("san.ext"));
        QVERIFY(san.open(QIODevice::WriteOnly));
        san.write("subjectAltName=IP:127.0.0.1\n");
        san.close();
        QString error;
        QVERIFY2(makeCertificates(&error), qPrintable(error));

        m_h2Port = freePort();
        m_mtlsPort = freePort();
        const QString d = m_dir.path();
        QFile conf(path("nginx.conf"));
        QVERIFY(conf.open(QIODevice::WriteOnly));
        QString text = QStringLiteral(
            "worker_processes 1;\ndaemon off;\nmaster_process off;\n"
            "pid %1/nginx.pid;\nerror_log %1/error.log;\n"
            "events { worker_connections 64; }\n"
            "http {\n access_log off;\n"
            " client_body_temp_path %1/body; proxy_temp_path %1/proxy;\n"
            " fastcgi_temp_path %1/fastcgi; uwsgi_temp_path %1/uwsgi; scgi_temp_path %1/scgi;\n"
            " ssl_certificate %1/server.pem; ssl_certificate_key %1/server.key;\n"
            " server {\n  listen 127.0.0.1:%2 ssl http2;\n"
            "  location / { default_type text/plain; return 200 '$server_protocol'; }\n }\n"
            " server {\n  listen 127.0.0.1:%3 ssl;\n"
            "  ssl_client_certificate %1/ca.pem; ssl_verify_client on;\n"
            "  location / { default_type text/plain; return 200 '$ssl_client_s_dn'; }\n }\n"
            "}\n");
        conf.write(text.arg(d).arg(m_h2Port).arg(m_mtlsPort).toUtf8());
        conf.close();
        m_nginx.setProcessChannelMode(QProcess::MergedChannels);
        m_nginx.start(QStringLiteral("nginx"), {"-p", d, "-c", path("nginx.conf")});
        QVERIFY2(m_nginx.waitForStarted(10000), "nginx did not start");
        // Bounded wait until both ports accept.
        const bool up = QTest::qWaitFor(
            [&] {
                QTcpSocket a, b;
                a.connectToHost(QHostAddress::LocalHost, m_h2Port);
                b.connectToHost(QHostAddress::LocalHost, m_mtlsPort);
                return a.waitForConnected(200) && b.waitForConnected(200);
            },
            10000);
        if (!up) {
            QFile log(path("error.log"));
            log.open(QIODevice::ReadOnly);
            QFAIL(qPrintable("nginx is not listening: " + m_nginx.readAll() + log.readAll()));
        }
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_nginx.state() != QProcess::NotRunning) {
            m_nginx.terminate(); // SIGTERM to this PID only
            if (!m_nginx.waitForFinished(5000)) {
                m_nginx.kill();
                m_nginx.waitForFinished(5000);
            }
        }
    }

    void threeHopRedirectChain()
    {
        ScriptedServer server([](const RawRequest &r) {
            if (r.target == "/a")
                return httpResponse(301, {}, {{"Location", "/b?x=1"}});
            if (r.target == "/b?x=1")
                return httpResponse(302, {}, {{"Location", "c"}});
            if (r.target == "/c")
                return httpResponse(303, {}, {{"Location", "/final"}});
            return httpResponse(200, "arrived " + r.method);
        });
        HttpRequest req;
        req.method = "POST";
        req.body.kind = RequestBody::Kind::Bytes;
        req.body.bytes = "payload";
        req.url = QString(server.url("/a"));
        const HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.redirects.size(), 3);
        QCOMPARE(r.redirects[0].status, 301);
        QCOMPARE(r.redirects[0].location, QString(server.url("/b?x=1")));
        QCOMPARE(r.redirects[1].status, 302);
        QCOMPARE(r.redirects[1].url, QString(server.url("/b?x=1")));
        QCOMPARE(r.redirects[1].location, QString(server.url("/c"))); // relative, resolved
        QCOMPARE(r.redirects[2].status, 303);
        QCOMPARE(r.redirects[2].location, QString(server.url("/final")));
        QCOMPARE(r.effectiveUrl, QString(server.url("/final")));
        QCOMPARE(r.body, QByteArray("arrived GET")); // 303 turns the POST into a GET
        QCOMPARE(server.requestsSeen(), 4);

        req.maxRedirects = 2;
        const HttpResponse capped = run(req);
        QVERIFY(!capped.ok());
        QVERIFY2(capped.error.contains("redirect", Qt::CaseInsensitive), qPrintable(capped.error));
    }

    void forwardProxyGetsTheAbsoluteForm()
    {
        ScriptedServer origin(
            [](const RawRequest &r) { return httpResponse(200, "origin saw " + r.target); });
        bbtest::ForwardProxy proxy;
        HttpRequest req;
        req.url = QString(origin.url("/via?q=1"));
        req.proxy = proxy.url();
        const HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("origin saw /via?q=1")); // rewritten to origin-form
        QCOMPARE(proxy.requestLines().size(), 1);
        QCOMPARE(proxy.requestLines()[0], "GET " + origin.url("/via?q=1") + " HTTP/1.1");

        req.proxy.clear(); // no proxy: straight to the origin
        QCOMPARE(run(req).body, QByteArray("origin saw /via?q=1"));
        QCOMPARE(proxy.requestLines().size(), 1);
    }

    void tlsVerificationAndCaBundle()
    {
        if (!m_nginxSkip.isEmpty())
            QSKIP(qPrintable(m_nginxSkip));
        HttpRequest req = tlsGet(m_h2Port);
        QCOMPARE(run(req).status, 200); // trusted through the CA bundle

        req.caBundle.clear(); // the system store does not know the test CA
        HttpResponse r = run(req);
        QVERIFY(!r.ok());
        QCOMPARE(r.status, 0);

        req.verifyTls = false;
        QCOMPARE(run(req).status, 200);

        // The certificate is for 127.0.0.1 only: another name fails the host check...
        HttpRequest other = tlsGet(m_h2Port, QStringLiteral("localhost"));
        r = run(other);
        QVERIFY(!r.ok());
        // ...unless verification is off.
        other.verifyTls = false;
        QCOMPARE(run(other).status, 200);

        req = tlsGet(m_h2Port);
        req.caBundle = path("missing-ca.pem");
        QVERIFY(!run(req).ok());
    }

    void http2OverTls()
    {
        if (!m_nginxSkip.isEmpty())
            QSKIP(qPrintable(m_nginxSkip));
        HttpRequest req = tlsGet(m_h2Port);
        req.httpVersion = HttpVersion::Http2;
        HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.httpVersion, QByteArray("2"));
        QCOMPARE(r.body, QByteArray("HTTP/2.0")); // what nginx saw
        QVERIFY(!r.requestHeaders.isEmpty());

        req.httpVersion = HttpVersion::Http1_1;
        r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.httpVersion, QByteArray("1.1"));
        QCOMPARE(r.body, QByteArray("HTTP/1.1"));
    }

    void clientCertificate()
    {
        if (!m_nginxSkip.isEmpty())
            QSKIP(qPrintable(m_nginxSkip));
        HttpRequest req = tlsGet(m_mtlsPort);
        HttpResponse r = run(req);
        QCOMPARE(r.status, 400); // nginx: "No required SSL certificate was sent"

        req.clientCert = path("client.pem");
        req.clientKey = path("client.key");
        req.clientKeyPassword = "k3y-pass";
        r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.contains("CN=backbench-client"), r.body.constData());

        req.clientKeyPassword = "wrong";
        r = run(req);
        QVERIFY(!r.ok());
        QVERIFY(!r.error.isEmpty());

        req.clientKeyPassword = "k3y-pass";
        req.clientCert = path("server.pem"); // a certificate that does not match the key
        QVERIFY(!run(req).ok());
    }
};

QTEST_GUILESS_MAIN(tst_ClientOptions)
#include "tst_client_options.moc"
