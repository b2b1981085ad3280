// bb::client::HttpClient end to end: a real engine on 127.0.0.1 port 0, and scripted local
// servers for what an engine never does (stay silent, redirect, echo, send 20 MB).
#include "engine_fixture.h"
#include "scripted_server.h"
#include "sigv4_verifier.h"

#include "client/auth.h"
#include "client/http_client.h"
#include "client/request_bodies.h"
#include "engine/engine.h"
#include "http/server.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::client;
using bbtest::httpResponse;
using bbtest::RawRequest;
using bbtest::ScriptedServer;

namespace {
// Echoes the request: body as the body, method, content type and cookie as headers.
QByteArray echo(const RawRequest &r)
{
    return httpResponse(200, r.body,
                        {{"X-Method", r.method},
                         {"X-Target", r.target},
                         {"X-Content-Type", r.headers.value("content-type")},
                         {"X-Cookie", r.headers.value("cookie")}});
}
} // namespace

class tst_HttpClient : public QObject {
    Q_OBJECT

private:
    bbtest::EngineFixture *m_fixture = nullptr;
    std::unique_ptr<bb::engine::Engine> m_engine;
    QString m_base;
    QByteArray m_token;
    std::unique_ptr<HttpClient> m_client;

    HttpRequest get(const QString &path) const
    {
        HttpRequest r;
        r.url = m_base + path;
        return r;
    }

    /// Sends and spins the event loop (the scripted servers live on it) until the answer.
    HttpResponse run(const HttpRequest &request, HttpClient *client = nullptr)
    {
        // Shared, so an answer arriving after a failed wait has somewhere to go.
        auto result = std::make_shared<std::optional<HttpResponse>>();
        (client ? client : m_client.get())->send(request, this, [result](const HttpResponse &r) {
            *result = r;
        });
        if (!QTest::qWaitFor([&] { return result->has_value(); }, 30000))
            return HttpResponse{.error = QStringLiteral("test: no answer in time")};
        return **result;
    }

private slots:
    void initTestCase()
    {
        m_fixture = new bbtest::EngineFixture;
        if (!m_fixture->unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fixture->unavailableReason()));
        m_engine = std::make_unique<bb::engine::Engine>(m_fixture->config());
        auto port = m_engine->start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_base = QStringLiteral("http://127.0.0.1:%1").arg(*port);
        m_token = m_engine->issueLocalAdminToken().toLatin1();
        QVERIFY(!m_token.isEmpty());
        m_client = std::make_unique<HttpClient>();
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        delete m_fixture;
    }

    void getReportsOrderedPhaseTimings()
    {
        const HttpResponse r = run(get("/healthz"));
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.httpVersion, QByteArray("1.1"));
        QCOMPARE(QJsonDocument::fromJson(r.body).object()["status"].toString(), QString("ok"));
        QCOMPARE(r.bodySize, r.body.size());
        QVERIFY(r.header("content-type").startsWith("application/json"));
        const PhaseTimings &t = r.timings;
        QVERIFY(t.dnsUs >= 0);
        QVERIFY(t.connectUs >= t.dnsUs);
        QCOMPARE(t.tlsUs, 0); // plain http: no handshake
        QVERIFY(t.preTransferUs >= t.connectUs);
        QVERIFY(t.ttfbUs >= t.preTransferUs);
        QVERIFY(t.totalUs >= t.ttfbUs);
        QCOMPARE(t.downloadUs(), t.totalUs - t.ttfbUs);
        QVERIFY(r.redirects.isEmpty());
        QCOMPARE(r.effectiveUrl, m_base + "/healthz");
        QCOMPARE(r.requestHeaders.value(0).first, QByteArray("GET /healthz HTTP/1.1"));
        QVERIFY(r.requestHeaders.contains(
            qMakePair(QByteArray("User-Agent"), QByteArray("Backbench"))));
    }

    void connectionsAreReusedOnlyWhenAsked()
    {
        HttpRequest req = get("/healthz");
        HttpResponse first = run(req);
        QVERIFY(!first.connectionReused);
        QCOMPARE(first.remoteAddress, QString("127.0.0.1"));
        QCOMPARE(QString::number(first.remotePort), m_base.section(':', -1));
        QVERIFY(!run(req).connectionReused); // default: a fresh connection, full phases

        req.reuseConnection = true;
        first = run(req);
        const HttpResponse second = run(req);
        QVERIFY2(second.ok(), qPrintable(second.error));
        QCOMPARE(second.status, 200);
        QVERIFY(second.connectionReused);
    }

    void postJsonCreates()
    {
        HttpRequest req = get("/api/v1/tags");
        req.method = "POST";
        req.auth = bearerAuth(m_token);
        setRawBody(req, R"({"name":"client-test"})", "application/json");
        const HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 201);
        QCOMPARE(QJsonDocument::fromJson(r.body).object()["name"].toString(),
                 QString("client-test"));
        QVERIFY(r.header("Location").startsWith("/api/v1/tags/"));
        QCOMPARE(r.uploadedBytes, qint64(22));
    }

    void bearerTokenIsRequired()
    {
        QCOMPARE(run(get("/api/v1/posts")).status, 401);
        HttpRequest req = get("/api/v1/posts");
        req.auth = bearerAuth(m_token);
        QCOMPARE(run(req).status, 200);
    }

    void queryParameters()
    {
        HttpRequest req = get("/api/v1/posts?perPage=3");
        req.auth = bearerAuth(m_token);
        HttpResponse r = run(req);
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object()["items"].toArray().size(), 3);

        // The API-key-in-query helper appends to a query that is already there.
        req.headers.append({"Authorization", "Bearer " + m_token});
        req.auth = apiKeyQuery("page", "2");
        r = run(req);
        QCOMPARE(r.status, 200);
        QCOMPARE(QJsonDocument::fromJson(r.body).object()["page"].toInt(), 2);
        QCOMPARE(r.effectiveUrl, m_base + "/api/v1/posts?perPage=3&page=2");
    }

    void notFoundIsAResponseNotAnError()
    {
        HttpRequest req = get("/api/v1/no_such_table");
        req.auth = bearerAuth(m_token);
        const HttpResponse r = run(req);
        QVERIFY(r.ok());
        QCOMPARE(r.status, 404);
        QVERIFY(r.header("content-type").startsWith("application/problem+json"));
    }

    void timeoutReportsAnError()
    {
        ScriptedServer silent([](const RawRequest &) { return QByteArray(); });
        HttpRequest req;
        req.url = silent.url();
        req.timeoutMs = 300;
        const HttpResponse r = run(req);
        QVERIFY(!r.ok());
        QVERIFY(!r.cancelled);
        QCOMPARE(r.status, 0);
        QVERIFY2(r.error.contains("timed out", Qt::CaseInsensitive), qPrintable(r.error));
    }

    void cancelEndsQuickly()
    {
        ScriptedServer silent([](const RawRequest &) { return QByteArray(); });
        HttpRequest req;
        req.url = silent.url();
        std::optional<HttpResponse> result;
        QElapsedTimer sinceCancel;
        Transfer t = m_client->send(req, this, [&](const HttpResponse &r) { result = r; });
        QTRY_COMPARE(silent.requestsSeen(), 1); // the request is on the wire, awaiting an answer
        QVERIFY(!t.isFinished());
        sinceCancel.start();
        t.cancel();
        QVERIFY(QTest::qWaitFor([&] { return result.has_value(); }, 5000));
        const qint64 ms = sinceCancel.elapsed();
        qInfo("cancelled transfer reported after %lld ms", ms);
        QVERIFY2(ms < 300, qPrintable(QString::number(ms)));
        QVERIFY(result->cancelled);
        QCOMPARE(result->error, QString("cancelled"));
        QVERIFY(t.isFinished());
    }

    void cancelMidBodyAndProgress()
    {
        // Headers and the first 64 KiB of a 1 MiB body, then nothing more.
        ScriptedServer stalling([](const RawRequest &) {
            return QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1048576\r\n\r\n") +
                   QByteArray(65536, 'y');
        });
        stalling.setKeepOpen(true);
        HttpRequest req;
        req.url = stalling.url();
        auto result = std::make_shared<std::optional<HttpResponse>>();
        Transfer t = m_client->send(req, this, [result](const HttpResponse &r) { *result = r; });
        QTRY_COMPARE(t.progress().received, 65536);
        QCOMPARE(t.progress().receiveTotal, 1048576);
        QElapsedTimer sinceCancel;
        sinceCancel.start();
        t.cancel();
        QVERIFY(QTest::qWaitFor([&] { return result->has_value(); }, 5000));
        QVERIFY2(sinceCancel.elapsed() < 300, qPrintable(QString::number(sinceCancel.elapsed())));
        const HttpResponse &r = **result;
        QVERIFY(r.cancelled);
        QCOMPARE(r.error, QString("cancelled"));
        QCOMPARE(r.status, 200); // what had arrived is kept
        QCOMPARE(r.bodySize, 65536);
    }

    void deletedContextGetsNoCallback()
    {
        // Deleted before the event loop runs: whether the worker has answered yet or not, the
        // callback must never run on the dead object's behalf.
        auto *context = new QObject;
        bool called = false;
        Transfer t = m_client->send(get("/healthz"), context,
                                    [&called](const HttpResponse &) { called = true; });
        delete context;
        QTRY_VERIFY(t.isFinished());
        QTest::qWait(50); // let any wrongly queued call run
        QVERIFY(!called);
    }

    void clientDestroyedFromItsOwnCallback()
    {
        auto *client = new HttpClient;
        auto status = std::make_shared<std::atomic<int>>(-1);
        client->send(get("/healthz"), [client, status](const HttpResponse &r) {
            delete client; // runs on the worker: the client must not try to join it
            status->store(r.status);
        });
        QTRY_COMPARE(status->load(), 200);
    }

    void bigBodyGoesToAFile()
    {
        const QByteArray big(20 * 1024 * 1024, 'x');
        ScriptedServer server([&](const RawRequest &) {
            return httpResponse(200, big, {{"Content-Type", "application/octet-stream"}});
        });
        HttpRequest req;
        req.url = server.url("/big");
        HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.isEmpty());
        QCOMPARE(r.bodySize, big.size());
        const QString path = r.bodyFilePath();
        QVERIFY(!path.isEmpty());
        QCOMPARE(QFileInfo(path).size(), big.size());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.read(16), QByteArray(16, 'x'));
        f.close();
        r = HttpResponse{}; // the last owner of the file lets it go
        QVERIFY(!QFileInfo::exists(path));

        // Under the threshold the same body stays in memory.
        req.bodyFileThreshold = 32 * 1024 * 1024;
        const HttpResponse inMemory = run(req);
        QCOMPARE(inMemory.body.size(), big.size());
        QVERIFY(inMemory.bodyFilePath().isEmpty());
    }

    void redirectsAreFollowedAndRecorded()
    {
        const QByteArray target = (m_base + "/healthz").toUtf8();
        ScriptedServer redirector([&](const RawRequest &r) {
            if (r.target == "/a")
                return httpResponse(302, {}, {{"Location", "/b"}});
            return httpResponse(301, {}, {{"Location", target}});
        });
        HttpRequest req;
        req.url = redirector.url("/a");
        const HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.effectiveUrl, QString(target));
        QCOMPARE(r.redirects.size(), 2);
        QCOMPARE(r.redirects[0].status, 302);
        QCOMPARE(r.redirects[0].url, QString(redirector.url("/a")));
        QCOMPARE(r.redirects[0].location, QString(redirector.url("/b")));
        QCOMPARE(r.redirects[1].status, 301);
        QCOMPARE(r.redirects[1].location, QString(target));
        QCOMPARE(QJsonDocument::fromJson(r.body).object()["status"].toString(), QString("ok"));

        req.followRedirects = false;
        const HttpResponse stopped = run(req);
        QCOMPARE(stopped.status, 302);
        QCOMPARE(stopped.header("location"), QByteArray("/b"));
        QVERIFY(stopped.redirects.isEmpty());

        req.followRedirects = true;
        req.maxRedirects = 1;
        const HttpResponse tooMany = run(req);
        QVERIFY(!tooMany.ok());
        QVERIFY2(tooMany.error.contains("redirect", Qt::CaseInsensitive),
                 qPrintable(tooMany.error));
    }

    void formBodyIsEncoded()
    {
        ScriptedServer server(echo);
        HttpRequest req;
        req.url = server.url("/form");
        req.method = "POST";
        setFormBody(req, {{"a", "1"}, {"b", "x y&z=é"}});
        const HttpResponse r = run(req);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("a=1&b=x%20y%26z%3D%C3%A9"));
        QCOMPARE(r.header("X-Content-Type"), QByteArray("application/x-www-form-urlencoded"));
        QCOMPARE(r.header("X-Method"), QByteArray("POST"));
    }

    void multipartBodyCarriesFieldsAndFiles()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("upload.txt");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("file contents\n");
        f.close();
        ScriptedServer server(echo);
        HttpRequest req;
        req.url = server.url("/upload");
        req.method = "PUT";
        MultipartPart text{.name = "title", .value = "hello"};
        MultipartPart file{.name = "doc", .filePath = path, .contentType = "text/plain"};
        setMultipartBody(req, {text, file});
        const HttpResponse r = run(req);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("X-Method"), QByteArray("PUT"));
        const QByteArray type = r.header("X-Content-Type");
        QVERIFY2(type.startsWith("multipart/form-data; boundary="), type.constData());
        const QByteArray boundary = type.mid(type.indexOf('=') + 1);
        QVERIFY(r.body.startsWith("--" + boundary));
        QVERIFY(r.body.contains("Content-Disposition: form-data; name=\"title\"\r\n\r\nhello\r\n"));
        QVERIFY(r.body.contains("name=\"doc\"; filename=\"upload.txt\"\r\nContent-Type: text/plain"
                                "\r\n\r\nfile contents\n\r\n"));
    }

    void streamedUploadIsResentAfter307()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("body.txt");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(100000, 'z'));
        f.close();
        ScriptedServer server([](const RawRequest &r) {
            if (r.target == "/old")
                return httpResponse(307, {}, {{"Location", "/new"}});
            return echo(r);
        });
        HttpRequest req;
        req.url = server.url("/old");
        req.method = "POST";
        setFileBody(req, path, "text/plain");
        const HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.header("X-Method"), QByteArray("POST"));
        QCOMPARE(r.header("X-Target"), QByteArray("/new"));
        QCOMPARE(r.body, QByteArray(100000, 'z'));
        QCOMPARE(r.redirects.size(), 1);
    }

    void fileAndGraphQlBodies()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("body.bin");
        QByteArray bytes;
        for (int i = 0; i < 300000; ++i)
            bytes += char(i % 251);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(bytes);
        f.close();
        ScriptedServer server(echo);
        HttpRequest req;
        req.url = server.url("/bin");
        req.method = "POST";
        setFileBody(req, path, {});
        HttpResponse r = run(req);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("X-Content-Type"), QByteArray("application/octet-stream"));
        QCOMPARE(r.body, bytes);

        setGraphQlBody(req, "query($id: ID!) { post(id: $id) { title } }", {{"id", 7}});
        r = run(req);
        QCOMPARE(r.header("X-Content-Type"), QByteArray("application/json"));
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o["query"].toString(), QString("query($id: ID!) { post(id: $id) { title } }"));
        QCOMPARE(o["variables"].toObject()["id"].toInt(), 7);

        setFileBody(req, dir.filePath("missing.bin"), {});
        r = run(req);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains("missing.bin"), qPrintable(r.error));
    }

    void cookiesAreKeptSentAndEditable()
    {
        ScriptedServer server([](const RawRequest &r) {
            if (r.target == "/login")
                return httpResponse(200, {}, {{"Set-Cookie", "sid=abc123; Path=/"}});
            return echo(r);
        });
        HttpClient client; // a jar of its own
        HttpRequest req;
        req.url = server.url("/login");
        HttpResponse r = run(req, &client);
        QCOMPARE(r.cookiesSet, QList<QByteArray>{"sid=abc123; Path=/"});
        QList<Cookie> jar = client.cookies().list();
        QCOMPARE(jar.size(), 1);
        QCOMPARE(jar[0].name, QByteArray("sid"));
        QCOMPARE(jar[0].value, QByteArray("abc123"));

        req.url = server.url("/echo");
        QCOMPARE(run(req, &client).header("X-Cookie"), QByteArray("sid=abc123"));

        Cookie extra;
        extra.domain = "127.0.0.1";
        extra.name = "theme";
        extra.value = "dark";
        QVERIFY(client.cookies().add(extra).ok());
        QCOMPARE(client.cookies().list().size(), 2);

        QTemporaryDir dir;
        const QString file = dir.filePath("cookies.txt");
        QVERIFY(client.cookies().saveTo(file).ok());

        QVERIFY(client.cookies().remove("127.0.0.1", "/", "sid"));
        QVERIFY(!client.cookies().remove("127.0.0.1", "/", "sid"));
        QCOMPARE(run(req, &client).header("X-Cookie"), QByteArray("theme=dark"));

        client.cookies().clear();
        QVERIFY(client.cookies().list().isEmpty());
        QCOMPARE(run(req, &client).header("X-Cookie"), QByteArray());

        QVERIFY(client.cookies().loadFrom(file).ok());
        QCOMPARE(client.cookies().list().size(), 2);
        QVERIFY(!client.cookies().add(Cookie{}).ok());
    }

    void digestAuthAnswersTheChallenge()
    {
        // A server that checks the RFC 7616 (MD5, qop=auth) response, not just its presence.
        const QByteArray realm = "bb", nonce = "n0nc3", user = "ann", pass = "s3cret";
        auto md5 = [](const QByteArray &s) {
            return QCryptographicHash::hash(s, QCryptographicHash::Md5).toHex();
        };
        ScriptedServer server([&](const RawRequest &r) {
            const QByteArray auth = r.headers.value("authorization");
            const auto field = [&](const QByteArray &name) {
                const qsizetype at = auth.indexOf(name + "=");
                if (at < 0)
                    return QByteArray();
                QByteArray v = auth.mid(at + name.size() + 1);
                if (v.startsWith('"'))
                    return v.mid(1, v.indexOf('"', 1) - 1);
                return v.left(v.indexOf(',') < 0 ? v.size() : v.indexOf(','));
            };
            if (auth.startsWith("Digest ")) {
                const QByteArray ha1 = md5(user + ':' + realm + ':' + pass);
                const QByteArray ha2 = md5(r.method + ':' + field("uri"));
                const QByteArray expected = md5(ha1 + ':' + nonce + ':' + field("nc") + ':' +
                                                field("cnonce") + ":auth:" + ha2);
                if (field("username") == user && field("response") == expected)
                    return httpResponse(200, "welcome");
            }
            return httpResponse(401, {},
                                {{"WWW-Authenticate", "Digest realm=\"" + realm + "\", nonce=\"" +
                                                          nonce + "\", qop=\"auth\""}});
        });
        HttpRequest req;
        req.url = server.url("/private");
        req.auth = digestAuth("ann", "s3cret");
        HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, QByteArray("welcome"));
        // The headers kept are those of the answered (second) request.
        bool digestSent = false;
        for (const auto &[name, value] : r.requestHeaders)
            digestSent |= name == "Authorization" && value.startsWith("Digest username=\"ann\"");
        QVERIFY(digestSent);

        req.auth = digestAuth("ann", "wrong");
        QCOMPARE(run(req).status, 401);
    }

    void headerAuthKinds_data()
    {
        QTest::addColumn<Auth>("auth");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("basic") << basicAuth("ann", "pa:ss") << QByteArray("authorization")
                               << "Basic " + QByteArray("ann:pa:ss").toBase64();
        QTest::newRow("bearer") << bearerAuth("tok") << QByteArray("authorization")
                                << QByteArray("Bearer tok");
        QTest::newRow("api key header")
            << apiKeyHeader("X-API-Key", "bbk_1") << QByteArray("x-api-key") << QByteArray("bbk_1");
    }
    void headerAuthKinds()
    {
        QFETCH(Auth, auth);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, expected);
        ScriptedServer server(
            [&](const RawRequest &r) { return httpResponse(200, r.headers.value(header)); });
        HttpRequest req;
        req.url = server.url();
        req.auth = auth;
        const HttpResponse r = run(req);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, expected);
    }

    // The server recomputes the signature from what it received (sigv4_verifier.h): a GET with
    // a query and a POST with a body, and a wrong secret must not verify.
    void awsSigV4SignsTheRequest()
    {
        ScriptedServer server([](const RawRequest &r) {
            const QString problem =
                bbtest::verifySigV4(r, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
            return problem.isEmpty() ? httpResponse(200, "verified")
                                     : httpResponse(403, problem.toUtf8());
        });
        HttpRequest get;
        get.url = server.url("/bucket/some%20key?b=2&a=1&a=0");
        get.auth = awsSigV4("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                            "aws:amz:eu-west-1:s3");
        HttpResponse r = run(get);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QVERIFY2(r.status == 200, r.body.constData());

        HttpRequest post = get;
        post.method = "POST";
        post.url = server.url("/queue");
        setRawBody(post, R"({"message":"hello"})", "application/json");
        post.auth = awsSigV4("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                             "aws:amz:us-east-1:sqs");
        r = run(post);
        QVERIFY2(r.status == 200, r.body.constData());

        post.auth = awsSigV4("AKIDEXAMPLE", "not-the-secret", "aws:amz:us-east-1:sqs");
        r = run(post);
        QCOMPARE(r.status, 403);
        QVERIFY(r.body.startsWith("signature "));
    }

    void proxyGetsTheAbsoluteUrl()
    {
        ScriptedServer proxy(echo);
        HttpRequest req;
        req.url = "http://backbench.invalid/through?x=1";
        req.proxy = QString(proxy.url(""));
        const HttpResponse r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.header("X-Target"), QByteArray("http://backbench.invalid/through?x=1"));
    }

    void tlsPhaseAndVerification()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath("cert.pem"), key = dir.filePath("key.pem");
        QProcess openssl;
        openssl.start("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                  "-subj", "/CN=127.0.0.1", "-addext",
                                  "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert});
        QVERIFY2(openssl.waitForFinished(60000), "openssl did not finish");
        QVERIFY2(openssl.exitCode() == 0, openssl.readAllStandardError().constData());
        bb::http::ServerConfig config;
        config.port = 0;
        config.threads = 1;
        config.tlsCertFile = cert.toStdString();
        config.tlsKeyFile = key.toStdString();
        bb::http::Server server(config, [](bb::http::Request &) {
            bb::http::Response r;
            r.body = "secure";
            return r;
        });
        auto port = server.start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        HttpRequest req;
        req.url = QStringLiteral("https://127.0.0.1:%1/").arg(*port);

        HttpResponse r = run(req); // self-signed, not trusted
        QVERIFY(!r.ok());
        QCOMPARE(r.status, 0);

        req.caBundle = cert;
        r = run(req);
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.body, QByteArray("secure"));
        QVERIFY(r.timings.tlsUs > r.timings.connectUs);
        QVERIFY(r.timings.ttfbUs >= r.timings.tlsUs);

        req.caBundle.clear();
        req.verifyTls = false;
        QCOMPARE(run(req).status, 200);
        server.stop();
    }

    void rejectedOptionsBecomeErrors()
    {
        HttpRequest req = get("/healthz");
        req.maxRedirects = -5;
        HttpResponse r = run(req);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains("CURLOPT_MAXREDIRS"), qPrintable(r.error));

        req = get("/healthz");
        req.url = "ftp://127.0.0.1/file";
        r = run(req);
        QVERIFY(!r.ok());
        QCOMPARE(r.status, 0);
    }
};

QTEST_GUILESS_MAIN(tst_HttpClient)
#include "tst_http_client.moc"
