// bb::tester::buildRequest without a network: URL and query encoding, headers, every body and
// auth kind, settings, traceparent and the errors that name their field.
#include "tester/request_builder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::tester;
namespace ws = bb::workspace;
namespace cl = bb::client;

namespace {
QByteArray header(const cl::HttpRequest &r, QByteArrayView name)
{
    for (const auto &h : r.headers)
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}
int headerCount(const cl::HttpRequest &r, QByteArrayView name)
{
    int n = 0;
    for (const auto &h : r.headers)
        n += QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0;
    return n;
}
ws::HttpRequest get(const QString &url)
{
    ws::HttpRequest r;
    r.url = url;
    return r;
}
} // namespace

class tst_RequestBuilder : public QObject {
    Q_OBJECT

    VariableScopes m_vars;

    BuiltRequest build(const ws::HttpRequest &r, const BuildOptions &o = {},
                       const ws::RequestSettings &collection = {})
    {
        auto b = buildRequest(r, m_vars, collection, o);
        if (!b) {
            qWarning("%s", qPrintable(b.error().message));
            return {};
        }
        return *b;
    }
    QString error(const ws::HttpRequest &r, const BuildOptions &o = {})
    {
        auto b = buildRequest(r, m_vars, {}, o);
        return b ? QString() : b.error().message;
    }

private slots:
    void init()
    {
        m_vars = {};
        m_vars.setEnvironment({"e",
                               {{"base", "http://127.0.0.1:8080/api"},
                                {"q", "a&b=c d#"},
                                {"id", "7"},
                                {"token", "tok-1"}}});
    }

    void urlQueryEncoding()
    {
        ws::HttpRequest r = get("{{base}}/items/{{id}}?filter={{q}}&raw=x%20y&sp=a b&flag#frag");
        r.query = {{"extra", "{{q}}"}, {"off", "1", false}, {"é", "ü"}};
        const BuiltRequest b = build(r);
        QCOMPARE(b.wire.url,
                 QString("http://127.0.0.1:8080/api/items/7?filter=a%26b%3Dc%20d%23&raw=x%20y"
                         "&sp=a%20b&flag&extra=a%26b%3Dc%20d%23&%C3%A9=%C3%BC"));
        QVERIFY(b.unresolved.isEmpty());
        QCOMPARE(b.wire.method, QByteArray("GET"));
    }

    void urlWithoutSchemeGetsHttpAndUnresolvedAreReported()
    {
        const BuiltRequest b = build(get("127.0.0.1:9/{{nope}}"));
        QCOMPARE(b.wire.url, QString("http://127.0.0.1:9/%7B%7Bnope%7D%7D"));
        QCOMPARE(b.unresolved, QStringList{"nope"});
    }

    void badUrlsNameTheField()
    {
        QVERIFY(error(get("")).startsWith("url:"));
        QVERIFY2(error(get("ftp://127.0.0.1/x")).contains("scheme 'ftp'"),
                 qPrintable(error(get("ftp://127.0.0.1/x"))));
        QVERIFY(error(get("http:///path")).startsWith("url:"));
        ws::HttpRequest r = get("http://127.0.0.1/");
        r.method = "GE T";
        QVERIFY(error(r).startsWith("method:"));
    }

    void headersResolvedDisabledSkippedInjectionRefused()
    {
        ws::HttpRequest r = get("http://127.0.0.1/");
        r.method = "post";
        r.headers = {{"X-Id", "{{id}}"}, {"X-Off", "1", false}, {"X-Dup", "1"}, {"X-Dup", "2"}};
        const BuiltRequest b = build(r);
        QCOMPARE(b.wire.method, QByteArray("POST"));
        QCOMPARE(header(b.wire, "X-Id"), QByteArray("7"));
        QCOMPARE(headerCount(b.wire, "X-Off"), 0);
        QCOMPARE(headerCount(b.wire, "X-Dup"), 2);
        r.headers = {{"X-Bad", "a\r\nInjected: 1"}};
        QCOMPARE(error(r), QString("header 'X-Bad': the value holds a line break"));
        r.headers = {{"Bad Name", "x"}};
        QVERIFY(error(r).startsWith("header 'Bad Name'"));
    }

    void rawBodyContentTypeDefaults()
    {
        ws::HttpRequest r = get("http://127.0.0.1/");
        r.body.kind = ws::Body::Kind::Raw;
        r.body.text = R"({"id": {{id}}})";
        BuiltRequest b = build(r);
        QCOMPARE(b.wire.body.kind, cl::RequestBody::Kind::Bytes);
        QCOMPARE(b.wire.body.bytes, QByteArray(R"({"id": 7})"));
        QCOMPARE(header(b.wire, "Content-Type"), QByteArray("application/json"));
        r.body.text = "hello {{id}}";
        b = build(r);
        QCOMPARE(header(b.wire, "Content-Type"), QByteArray("text/plain; charset=utf-8"));
        r.body.contentType = "application/xml";
        QCOMPARE(header(build(r).wire, "Content-Type"), QByteArray("application/xml"));
        r.headers = {{"content-type", "text/csv"}};
        b = build(r);
        QCOMPARE(b.wire.body.bytes, QByteArray("hello 7"));
        QCOMPARE(headerCount(b.wire, "Content-Type"), 1);
        QCOMPARE(header(b.wire, "Content-Type"), QByteArray("text/csv"));
    }

    void emptyRawBodySendsNothing()
    {
        ws::HttpRequest r = get("http://127.0.0.1/");
        r.body.kind = ws::Body::Kind::Raw;
        const BuiltRequest b = build(r);
        QCOMPARE(b.wire.body.kind, cl::RequestBody::Kind::None);
        QCOMPARE(headerCount(b.wire, "Content-Type"), 0);
    }

    void urlEncodedAndGraphQl()
    {
        ws::HttpRequest r = get("http://127.0.0.1/");
        r.body.kind = ws::Body::Kind::UrlEncoded;
        r.body.fields = {{"a", "{{q}}"}, {"off", "x", {}, {}, false}, {"id", "{{id}}"}};
        BuiltRequest b = build(r);
        QCOMPARE(b.wire.body.bytes, QByteArray("a=a%26b%3Dc%20d%23&id=7"));
        QCOMPARE(header(b.wire, "Content-Type"), QByteArray("application/x-www-form-urlencoded"));

        r.body = {};
        r.body.kind = ws::Body::Kind::GraphQl;
        r.body.text = "query($id: ID!) { item(id: $id) { name } }";
        r.body.graphqlVariables = R"({"id": "{{id}}"})";
        b = build(r);
        const QJsonObject o = QJsonDocument::fromJson(b.wire.body.bytes).object();
        QCOMPARE(o["query"].toString(), r.body.text);
        QCOMPARE(o["variables"].toObject()["id"].toString(), QString("7"));
        QCOMPARE(header(b.wire, "Content-Type"), QByteArray("application/json"));

        r.body.graphqlVariables = R"({"id": )";
        QVERIFY2(error(r).startsWith("GraphQL variables: not valid JSON at offset"),
                 qPrintable(error(r)));
        r.body.graphqlVariables = "[1]";
        QCOMPARE(error(r), QString("GraphQL variables: must be a JSON object"));
    }

    void filesAreCheckedAndRelativeToBaseDir()
    {
        QTemporaryDir dir;
        QFile f(dir.filePath("up.bin"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("bytes");
        f.close();
        m_vars.set(Scope::Local, "file", "up.bin");
        BuildOptions o;
        o.baseDir = dir.path();

        ws::HttpRequest r = get("http://127.0.0.1/");
        r.body.kind = ws::Body::Kind::File;
        r.body.filePath = "{{file}}";
        BuiltRequest b = build(r, o);
        QCOMPARE(b.wire.body.kind, cl::RequestBody::Kind::File);
        QCOMPARE(b.wire.body.filePath, QFileInfo(f).absoluteFilePath());
        QCOMPARE(header(b.wire, "Content-Type"), QByteArray("application/octet-stream"));

        r.body.filePath = "missing.bin";
        QCOMPARE(error(r, o),
                 QString("body file: file '%1' does not exist").arg(dir.filePath("missing.bin")));

        r.body = {};
        r.body.kind = ws::Body::Kind::Multipart;
        r.body.fields = {{"text", "v{{id}}"}, {"upload", {}, "{{file}}", "image/png"}};
        r.headers = {{"Content-Type", "multipart/form-data"}}; // no boundary: must be dropped
        b = build(r, o);
        QCOMPARE(b.wire.body.kind, cl::RequestBody::Kind::Multipart);
        QCOMPARE(b.wire.body.parts.size(), 2);
        QCOMPARE(b.wire.body.parts[0].value, QByteArray("v7"));
        QCOMPARE(b.wire.body.parts[1].filePath, QFileInfo(f).absoluteFilePath());
        QCOMPARE(b.wire.body.parts[1].contentType, QByteArray("image/png"));
        QCOMPARE(headerCount(b.wire, "Content-Type"), 0); // libcurl adds it with the boundary
        r.body.fields = {{"upload", {}, "nothere.png"}};
        QVERIFY(error(r, o).startsWith("body field 'upload': file"));
    }

    void authKinds()
    {
        ws::HttpRequest r = get("http://127.0.0.1/");
        r.auth.kind = ws::Auth::Kind::Basic;
        r.auth.username = "u{{id}}";
        r.auth.password = "p";
        BuiltRequest b = build(r);
        QCOMPARE(b.wire.auth.kind, cl::Auth::Kind::Basic);
        QCOMPARE(b.wire.auth.user, QString("u7"));

        r.auth = {};
        r.auth.kind = ws::Auth::Kind::Bearer;
        r.auth.token = "{{token}}";
        QCOMPARE(build(r).wire.auth.token, QByteArray("tok-1"));
        r.auth.token = "";
        QCOMPARE(error(r), QString("auth.token: the bearer token is empty"));

        r.auth = {};
        r.auth.kind = ws::Auth::Kind::ApiKey;
        r.auth.keyName = "api_key";
        r.auth.keyValue = "{{token}}";
        r.auth.keyIn = ws::Auth::ApiKeyIn::Query;
        b = build(r);
        QCOMPARE(b.wire.auth.kind, cl::Auth::Kind::ApiKeyQuery);
        QCOMPARE(b.wire.auth.keyName, QByteArray("api_key"));
        r.auth.keyName = "";
        QVERIFY(error(r).startsWith("auth.keyName"));

        r.auth = {};
        r.auth.kind = ws::Auth::Kind::AwsV4;
        r.auth.accessKey = "AK";
        r.auth.secretKey = "SK";
        r.auth.region = "eu-west-1";
        r.auth.service = "s3";
        r.auth.sessionToken = "st";
        b = build(r);
        QCOMPARE(b.wire.auth.kind, cl::Auth::Kind::AwsSigV4);
        QCOMPARE(b.wire.auth.awsSigV4, QByteArray("aws:amz:eu-west-1:s3"));
        QCOMPARE(header(b.wire, "X-Amz-Security-Token"), QByteArray("st"));
        r.auth.region = "";
        QVERIFY(error(r).startsWith("auth.region"));

        r.auth = {};
        r.auth.kind = ws::Auth::Kind::Digest;
        r.auth.username = "d";
        QCOMPARE(build(r).wire.auth.kind, cl::Auth::Kind::Digest);
    }

    void oauth2TokenSource()
    {
        ws::HttpRequest r = get("http://127.0.0.1/");
        r.auth.kind = ws::Auth::Kind::OAuth2;
        r.auth.clientId = "{{id}}";
        QVERIFY2(error(r).contains("no token source"), qPrintable(error(r)));
        r.auth.token = "held";
        QCOMPARE(build(r).wire.auth.token, QByteArray("held"));

        BuildOptions o;
        QString seenClient;
        o.oauth2Token = [&](const ws::Auth &a) -> bb::Result<QString> {
            seenClient = a.clientId;
            return QString("fresh");
        };
        const BuiltRequest b = build(r, o);
        QCOMPARE(b.wire.auth.kind, cl::Auth::Kind::Bearer);
        QCOMPARE(b.wire.auth.token, QByteArray("fresh"));
        QCOMPARE(seenClient, QString("7"));
        o.oauth2Token = [](const ws::Auth &) -> bb::Result<QString> {
            return bb::Error::io("token endpoint refused");
        };
        QCOMPARE(error(r, o), QString("auth (OAuth 2.0): token endpoint refused"));
    }

    void settingsRequestOverridesCollection()
    {
        ws::RequestSettings collection;
        collection.timeoutMs = 5000;
        collection.verifyTls = false;
        collection.httpVersion = "1.1";
        collection.proxy = "http://127.0.0.1:{{id}}";
        ws::HttpRequest r = get("http://127.0.0.1/");
        BuiltRequest b = build(r, {}, collection);
        QCOMPARE(b.wire.timeoutMs, 5000);
        QVERIFY(!b.wire.verifyTls);
        QCOMPARE(b.wire.httpVersion, cl::HttpVersion::Http1_1);
        QCOMPARE(b.wire.proxy, QString("http://127.0.0.1:7"));

        ws::RequestSettings own;
        own.followRedirects = false;
        own.maxRedirects = 2;
        own.httpVersion = "2";
        r.settings = own;
        b = build(r, {}, collection);
        QCOMPARE(b.wire.timeoutMs, 0);
        QVERIFY(b.wire.verifyTls);
        QVERIFY(!b.wire.followRedirects);
        QCOMPARE(b.wire.maxRedirects, 2);
        QCOMPARE(b.wire.httpVersion, cl::HttpVersion::Http2);
        QVERIFY(b.wire.proxy.isEmpty());

        own.httpVersion = "3";
        r.settings = own;
        QVERIFY(error(r).startsWith("settings.httpVersion"));
        own.httpVersion = "";
        own.caBundle = "/nonexistent/ca.pem";
        r.settings = own;
        QCOMPARE(error(r), QString("settings.caBundle: file '/nonexistent/ca.pem' does not exist"));
    }

    void requestVariablesAreTheRequestScope()
    {
        ws::HttpRequest r = get("{{base}}/{{id}}");
        r.variables = {{"id", "from-request"}};
        QCOMPARE(build(r).wire.url, QString("http://127.0.0.1:8080/api/from-request"));
        m_vars.setScope(Scope::Request, {{"id", "from-caller"}});
        QCOMPARE(build(r).wire.url, QString("http://127.0.0.1:8080/api/from-caller"));
        m_vars.set(Scope::Local, "id", "local");
        QCOMPARE(build(r).wire.url, QString("http://127.0.0.1:8080/api/local"));
    }

    void traceParent()
    {
        BuiltRequest b = build(get("http://127.0.0.1/"));
        static const QRegularExpression shape("^00-([0-9a-f]{32})-([0-9a-f]{16})-01$");
        const auto m = shape.match(QString::fromLatin1(header(b.wire, "traceparent")));
        QVERIFY(m.hasMatch());
        QCOMPARE(m.captured(1), b.traceId);
        QVERIFY(m.captured(1) != QString(32, '0'));
        QVERIFY(build(get("http://127.0.0.1/")).traceId != b.traceId);

        ws::HttpRequest r = get("http://127.0.0.1/");
        const QString own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        r.headers = {{"TraceParent", own}};
        b = build(r);
        QCOMPARE(headerCount(b.wire, "traceparent"), 1);
        QCOMPARE(b.traceId, QString("0af7651916cd43dd8448eb211c80319c"));
        r.headers = {{"traceparent", "garbage"}};
        b = build(r);
        QCOMPARE(headerCount(b.wire, "traceparent"), 1);
        QVERIFY(b.traceId.isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_RequestBuilder)
#include "tst_request_builder.moc"
