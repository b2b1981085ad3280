// buildRequest's output on the wire: every body kind and the text auth kinds as a server sees
// them, a JSON body creating a record in the engine, the traceparent's trace found through the
// admin API, and pm.sendRequest against the engine.
#include "engine_fixture.h"
#include "scripted_server.h"

#include "client/http_client.h"
#include "engine/engine.h"
#include "tester/request_builder.h"
#include "tester/script_engine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::tester;
namespace ws = bb::workspace;
namespace cl = bb::client;
using bbtest::httpResponse;
using bbtest::RawRequest;
using bbtest::ScriptedServer;

namespace {
// Answers with what arrived: the body as the body, the rest as headers.
QByteArray echo(const RawRequest &r)
{
    return httpResponse(200, r.body,
                        {{"X-Method", r.method},
                         {"X-Target", r.target},
                         {"X-Content-Type", r.headers.value("content-type")},
                         {"X-Authorization", r.headers.value("authorization")},
                         {"X-Api-Key-Seen", r.headers.value("x-api-key")},
                         {"X-Custom-Seen", r.headers.value("x-custom")}});
}
} // namespace

class tst_TesterIntegration : public QObject {
    Q_OBJECT

    bbtest::EngineFixture *m_fixture = nullptr;
    std::unique_ptr<bb::engine::Engine> m_engine;
    QString m_base;
    QString m_token;
    std::unique_ptr<cl::HttpClient> m_client;
    VariableScopes m_vars;

    cl::HttpResponse run(const cl::HttpRequest &request)
    {
        auto result = std::make_shared<std::optional<cl::HttpResponse>>();
        m_client->send(request, this, [result](const cl::HttpResponse &r) { *result = r; });
        if (!QTest::qWaitFor([&] { return result->has_value(); }, 30000))
            return cl::HttpResponse{.error = QStringLiteral("test: no answer in time")};
        return **result;
    }
    BuiltRequest build(const ws::HttpRequest &r)
    {
        auto b = buildRequest(r, m_vars, {});
        if (!b)
            qWarning("%s", qPrintable(b.error().message));
        return b ? *b : BuiltRequest{};
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
        m_token = m_engine->issueLocalAdminToken();
        QVERIFY(!m_token.isEmpty());
        m_client = std::make_unique<cl::HttpClient>();
        m_vars.setEnvironment(
            {"local",
             {{"base", m_base}, {"token", m_token}, {"tag", "t-{{$randomInt 1000 9999}}"}}});
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        delete m_fixture;
    }

    void rawJsonBodyWithBearerCreatesARecord()
    {
        ws::HttpRequest r;
        r.method = "POST";
        r.url = "{{base}}/api/v1/tags";
        r.body.kind = ws::Body::Kind::Raw;
        r.body.text = R"({"name": "{{tag}}"})";
        r.auth.kind = ws::Auth::Kind::Bearer;
        r.auth.token = "{{token}}";
        const cl::HttpResponse resp = run(build(r).wire);
        QVERIFY2(resp.ok(), qPrintable(resp.error));
        QCOMPARE(resp.status, 201);
        const QString name = QJsonDocument::fromJson(resp.body).object()["name"].toString();
        QVERIFY2(name.startsWith("t-") && name.size() == 6, qPrintable(name));
    }

    void traceIdIsFoundByTheAdminApi()
    {
        ws::HttpRequest r;
        r.url = "{{base}}/healthz";
        const BuiltRequest sent = build(r);
        QCOMPARE(sent.traceId.size(), 32);
        const cl::HttpResponse first = run(sent.wire);
        QCOMPARE(first.status, 200);
        QVERIFY(first.header("traceparent").contains(sent.traceId.toLatin1()));

        ws::HttpRequest lookup;
        lookup.url = "{{base}}/api/admin/traces/" + sent.traceId;
        lookup.auth.kind = ws::Auth::Kind::Bearer;
        lookup.auth.token = "{{token}}";
        cl::HttpResponse trace;
        // The trace is stored as the response finishes; allow it a moment.
        for (int attempt = 0; attempt < 20; ++attempt) {
            trace = run(build(lookup).wire);
            if (trace.status == 200)
                break;
            QTest::qWait(50);
        }
        QCOMPARE(trace.status, 200);
        QVERIFY2(trace.body.contains(sent.traceId.toLatin1()), trace.body.constData());

        lookup.auth = {};
        QCOMPARE(run(build(lookup).wire).status, 401);
    }

    void bodyKindsReachTheServer()
    {
        ScriptedServer server(echo);
        m_vars.set(Scope::Local, "echo", QString::fromLatin1(server.url("")));
        QTemporaryDir dir;
        QFile file(dir.filePath("payload.txt"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("file bytes\n");
        file.close();
        m_vars.set(Scope::Local, "file", file.fileName());

        ws::HttpRequest r;
        r.method = "POST";
        r.url = "{{echo}}/form?x={{tag}}";
        r.body.kind = ws::Body::Kind::UrlEncoded;
        r.body.fields = {{"a", "1 2"}, {"b", "&="}};
        cl::HttpResponse resp = run(build(r).wire);
        QVERIFY2(resp.ok(), qPrintable(resp.error));
        QCOMPARE(resp.body, QByteArray("a=1%202&b=%26%3D"));
        QCOMPARE(resp.header("X-Content-Type"), QByteArray("application/x-www-form-urlencoded"));
        QVERIFY(resp.header("X-Target").startsWith("/form?x=t-"));

        r.body = {};
        r.body.kind = ws::Body::Kind::Multipart;
        r.body.fields = {{"text", "hello"}, {"upload", {}, "{{file}}", "text/plain"}};
        resp = run(build(r).wire);
        QVERIFY2(resp.ok(), qPrintable(resp.error));
        QVERIFY(resp.header("X-Content-Type").startsWith("multipart/form-data; boundary="));
        QVERIFY(resp.body.contains("name=\"text\"\r\n\r\nhello\r\n"));
        QVERIFY(resp.body.contains("name=\"upload\"; filename=\"payload.txt\""));
        QVERIFY(resp.body.contains("file bytes\n"));

        r.body = {};
        r.body.kind = ws::Body::Kind::File;
        r.body.filePath = "{{file}}";
        r.body.contentType = "text/plain";
        resp = run(build(r).wire);
        QCOMPARE(resp.body, QByteArray("file bytes\n"));
        QCOMPARE(resp.header("X-Content-Type"), QByteArray("text/plain"));

        r.body = {};
        r.body.kind = ws::Body::Kind::GraphQl;
        r.body.text = "{ tags { name } }";
        r.body.graphqlVariables = R"({"n": 1})";
        resp = run(build(r).wire);
        const QJsonObject gql = QJsonDocument::fromJson(resp.body).object();
        QCOMPARE(gql["query"].toString(), QString("{ tags { name } }"));
        QCOMPARE(gql["variables"].toObject()["n"].toInt(), 1);
        QCOMPARE(resp.header("X-Content-Type"), QByteArray("application/json"));

        r.body = {};
        r.body.kind = ws::Body::Kind::Raw;
        r.body.text = "plain {{tag}}";
        r.headers = {{"X-Custom", "{{tag}}"}};
        resp = run(build(r).wire);
        QVERIFY(resp.body.startsWith("plain t-"));
        QCOMPARE(resp.header("X-Content-Type"), QByteArray("text/plain; charset=utf-8"));
        QVERIFY(resp.header("X-Custom-Seen").startsWith("t-"));
    }

    void textAuthKindsReachTheServer()
    {
        ScriptedServer server(echo);
        ws::HttpRequest r;
        r.url = QString::fromLatin1(server.url("/auth"));
        r.auth.kind = ws::Auth::Kind::Basic;
        r.auth.username = "ann";
        r.auth.password = "pa:ss";
        cl::HttpResponse resp = run(build(r).wire);
        QCOMPARE(resp.header("X-Authorization"), "Basic " + QByteArray("ann:pa:ss").toBase64());

        r.auth = {};
        r.auth.kind = ws::Auth::Kind::ApiKey;
        r.auth.keyName = "X-API-Key";
        r.auth.keyValue = "k{{tag}}";
        resp = run(build(r).wire);
        QVERIFY(resp.header("X-Api-Key-Seen").startsWith("kt-"));

        r.auth.keyIn = ws::Auth::ApiKeyIn::Query;
        r.auth.keyName = "api_key";
        r.auth.keyValue = "a b";
        resp = run(build(r).wire);
        QCOMPARE(resp.header("X-Target"), QByteArray("/auth?api_key=a%20b"));

        r.auth = {};
        r.auth.kind = ws::Auth::Kind::OAuth2;
        r.auth.token = "oauth-token";
        resp = run(build(r).wire);
        QCOMPARE(resp.header("X-Authorization"), QByteArray("Bearer oauth-token"));
    }

    void sendRequestFromAScript()
    {
        ScriptEngine engine;
        ScriptContext ctx;
        ctx.variables = &m_vars;
        ctx.client = m_client.get();
        const ScriptOutcome o = engine.runTests(
            "pm.sendRequest(pm.variables.get('base') + '/healthz', function (err, res) {\n"
            "  pm.test('health', function () {\n"
            "    pm.expect(err).to.be.null;\n"
            "    res.to.have.status(200);\n"
            "    pm.expect(res.json().status).to.equal('ok');\n"
            "    pm.environment.set('seen', res.code);\n"
            "  });\n"
            "  pm.sendRequest({url: pm.variables.get('base') + '/api/v1/tags', method: 'POST',\n"
            "                  header: {'Content-Type': 'application/json',\n"
            "                           Authorization: 'Bearer ' + pm.environment.get('token')},\n"
            "                  body: {mode: 'raw', raw: JSON.stringify({name: 'from-script'})}},\n"
            "    function (err2, res2) { pm.test('created', () => "
            "pm.expect(res2.code).to.equal(201)); });\n"
            "});\n"
            "pm.sendRequest('http://127.0.0.1:1/', (err) => pm.test('refused', () => "
            "pm.expect(err).to.exist));\n",
            ctx);
        QVERIFY2(o.ok(), qPrintable(o.error));
        QCOMPARE(o.tests.size(), 3);
        for (const auto &t : o.tests)
            QVERIFY2(t.passed, qPrintable(t.name + ": " + t.error));
        QCOMPARE(m_vars.value("seen"), QString("200"));
    }
};

QTEST_MAIN(tst_TesterIntegration)
#include "tst_tester_integration.moc"
