// Postman and HAR export: what the importers read back is what was exported.
#include "fixture_p.h"
#include "workspace/har.h"
#include "workspace/postman.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace bb::workspace;

namespace {

HttpRequest withAuth(const QString &name, Auth auth)
{
    HttpRequest r;
    r.name = name;
    r.method = QStringLiteral("POST");
    r.url = QStringLiteral("{{baseUrl}}/things?x=1");
    r.auth = std::move(auth);
    return r;
}

// Every field the Postman format can carry, in folders two levels deep.
Collection ownCollection()
{
    Collection c;
    c.name = QStringLiteral("Own ✓");
    c.description = QStringLiteral("A collection\nwith two lines");
    c.variables = {{QStringLiteral("baseUrl"), QStringLiteral("http://127.0.0.1:8080"), true},
                   {QStringLiteral("off"), QStringLiteral("1"), false}};
    c.root.name = c.name;

    Auth basic;
    basic.kind = Auth::Kind::Basic;
    basic.username = QStringLiteral("u");
    basic.password = QStringLiteral("{{pw}}");
    Auth digest = basic;
    digest.kind = Auth::Kind::Digest;
    Auth bearer;
    bearer.kind = Auth::Kind::Bearer;
    bearer.token = QStringLiteral("t");
    Auth apikey;
    apikey.kind = Auth::Kind::ApiKey;
    apikey.keyName = QStringLiteral("X-Key");
    apikey.keyValue = QStringLiteral("v");
    apikey.keyIn = Auth::ApiKeyIn::Query;
    Auth aws;
    aws.kind = Auth::Kind::AwsV4;
    aws.accessKey = QStringLiteral("AK");
    aws.secretKey = QStringLiteral("SK");
    aws.region = QStringLiteral("eu-west-1");
    aws.service = QStringLiteral("s3");
    aws.sessionToken = QStringLiteral("st");
    Auth oauth;
    oauth.kind = Auth::Kind::OAuth2;
    oauth.token = QStringLiteral("at");
    oauth.grantType = QStringLiteral("authorization_code");
    oauth.authUrl = QStringLiteral("http://127.0.0.1/auth");
    oauth.tokenUrl = QStringLiteral("http://127.0.0.1/token");
    oauth.clientId = QStringLiteral("id");
    oauth.clientSecret = QStringLiteral("secret");
    oauth.scope = QStringLiteral("read write");
    oauth.redirectUri = QStringLiteral("http://127.0.0.1:5555/cb");

    Folder auths;
    auths.name = QStringLiteral("Auth kinds");
    auths.variables = {{QStringLiteral("pw"), QStringLiteral("p"), true}};
    for (const auto &[name, a] : {std::pair{QStringLiteral("basic"), basic},
                                  {QStringLiteral("digest"), digest},
                                  {QStringLiteral("bearer"), bearer},
                                  {QStringLiteral("apikey"), apikey},
                                  {QStringLiteral("aws"), aws},
                                  {QStringLiteral("oauth2"), oauth}})
        auths.requests.append(withAuth(name, a));

    Folder bodies;
    bodies.name = QStringLiteral("Bodies");
    HttpRequest raw = withAuth(QStringLiteral("raw json"), {});
    raw.body.kind = Body::Kind::Raw;
    raw.body.contentType = QStringLiteral("application/json");
    raw.body.text = QStringLiteral("{\n  \"a\": 1\n}");
    raw.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json"), true},
                   {QStringLiteral("X-Off"), QStringLiteral("1"), false}};
    raw.query = {{QStringLiteral("debug"), QStringLiteral("1"), false}};
    raw.variables = {{QStringLiteral("id"), QStringLiteral("7"), true}};
    raw.description = QStringLiteral("Creates a thing");
    raw.preRequestScript = QStringLiteral("pm.variables.set('a', 1);\nconsole.log('x');");
    raw.testScript =
        QStringLiteral("pm.test('ok', () => {\n  pm.response.to.have.status(200);\n});");
    HttpRequest form = withAuth(QStringLiteral("multipart"), {});
    form.body.kind = Body::Kind::Multipart;
    form.body.contentType = QStringLiteral("multipart/form-data");
    form.body.fields = {
        {QStringLiteral("a"), QStringLiteral("1"), {}, {}, true},
        {QStringLiteral("f"), {}, QStringLiteral("/tmp/x.png"), QStringLiteral("image/png"), true},
        {QStringLiteral("off"), QStringLiteral("2"), {}, {}, false}};
    HttpRequest urlenc = withAuth(QStringLiteral("urlencoded"), {});
    urlenc.body.kind = Body::Kind::UrlEncoded;
    urlenc.body.contentType = QStringLiteral("application/x-www-form-urlencoded");
    urlenc.body.fields = {{QStringLiteral("q"), QStringLiteral("a b"), {}, {}, true}};
    HttpRequest file = withAuth(QStringLiteral("file"), {});
    file.body.kind = Body::Kind::File;
    file.body.filePath = QStringLiteral("/tmp/body.bin");
    HttpRequest gql = withAuth(QStringLiteral("graphql"), {});
    gql.body.kind = Body::Kind::GraphQl;
    gql.body.contentType = QStringLiteral("application/json");
    gql.body.text = QStringLiteral("query { pets { id } }");
    gql.body.graphqlVariables = QStringLiteral("{\"n\": 1}");
    bodies.requests = {raw, form, urlenc, file, gql};
    Folder inner;
    inner.name = QStringLiteral("Inner");
    inner.requests = {withAuth(QStringLiteral("deep"), {})};
    bodies.folders = {inner};

    c.root.folders = {auths, bodies};
    c.root.requests = {withAuth(QStringLiteral("top"), bearer)};
    return c;
}

QJsonObject parseObject(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

} // namespace

class TestExporters : public QObject {
    Q_OBJECT

private slots:
    void postmanFixturesRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        for (const char *f : {"codegen-curl-testcollection.postman_collection.json",
                              "newman-echo-v2.postman_collection.json",
                              "newman-multi-level-folders-v2.postman_collection.json",
                              "newman-whatwg-url.postman_collection.json",
                              "schemas-v2.1.0-nestedEntities.postman_collection.json"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void postmanFixturesRoundTrip()
    {
        QFETCH(QString, file);
        auto x = importPostman(test::readFixture(QStringLiteral("postman/") + file));
        QVERIFY(x.ok());
        const QByteArray exported = exportPostman(x->collection);
        auto y = importPostman(exported);
        QVERIFY2(y.ok(), qPrintable(y.ok() ? QString() : y.error().message));
        QVERIFY(y->warnings.isEmpty());
        QCOMPARE(y->collection.root.requestCount(), x->collection.root.requestCount());
        QVERIFY(y->collection == x->collection);
    }

    void ownCollectionRoundTrips()
    {
        const Collection c = ownCollection();
        const QByteArray exported = exportPostman(c);
        auto back = importPostman(exported);
        QVERIFY(back.ok());
        QVERIFY(back->warnings.isEmpty());
        QCOMPARE(back->collection.root.folders, c.root.folders);
        QCOMPARE(back->collection.root.requests, c.root.requests);
        QCOMPARE(back->collection.variables, c.variables);
        QVERIFY(back->collection == c);

        const QJsonObject top = parseObject(exported);
        QCOMPARE(top.value(QStringLiteral("info"))[QStringLiteral("schema")].toString(),
                 QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/"
                                "collection.json"));
        // scripts as exec lines, one per line of the script
        const QJsonObject rawItem =
            top[QStringLiteral("item")][1][QStringLiteral("item")][1].toObject();
        QCOMPARE(rawItem[QStringLiteral("name")].toString(), QStringLiteral("raw json"));
        const QJsonArray events = rawItem[QStringLiteral("event")].toArray();
        QCOMPARE(events.size(), 2);
        QCOMPARE(events[1][QStringLiteral("listen")].toString(), QStringLiteral("test"));
        QCOMPARE(events[1][QStringLiteral("script")][QStringLiteral("exec")].toArray().size(), 3);
    }

    void enabledQueryEntriesGoIntoTheUrl()
    {
        Collection c;
        c.name = QStringLiteral("q");
        HttpRequest r;
        r.name = QStringLiteral("r");
        r.url = QStringLiteral("http://127.0.0.1/pets");
        r.query = {{QStringLiteral("limit"), QStringLiteral("10"), true},
                   {QStringLiteral("off"), QStringLiteral("1"), false}};
        c.root.requests = {r};
        auto back = importPostman(exportPostman(c));
        QVERIFY(back.ok());
        const HttpRequest got = back->collection.root.requests.first();
        QCOMPARE(got.url, QStringLiteral("http://127.0.0.1/pets?limit=10"));
        QCOMPARE(got.query, (QList<KeyValue>{{QStringLiteral("off"), QStringLiteral("1"), false}}));
    }

    void harHasRealTimingsAndReadsBack()
    {
        HarEntry a;
        a.started = QDateTime::fromMSecsSinceEpoch(1'700'000'000'123LL, Qt::UTC);
        a.request.method = QStringLiteral("POST");
        a.request.url = QStringLiteral("http://127.0.0.1:8080/api/items?x=1");
        a.request.query = {{QStringLiteral("y"), QStringLiteral("2 3"), true}};
        a.request.headers = {
            {QStringLiteral("Content-Type"), QStringLiteral("application/json"), true},
            {QStringLiteral("X-Off"), QStringLiteral("1"), false}};
        a.request.body.kind = Body::Kind::Raw;
        a.request.body.contentType = QStringLiteral("application/json");
        a.request.body.text = QStringLiteral("{\"n\":1}");
        a.response.status = 201;
        a.response.statusText = QStringLiteral("Created");
        a.response.headers = {
            {QStringLiteral("Content-Type"), QStringLiteral("application/json"), true}};
        a.response.body = "{\"id\":5}";
        a.response.bodySize = 8;
        a.timings = {-1, 1.5, 2.0, 1.0, 0.25, 10.0, 0.75};
        a.serverIp = QStringLiteral("127.0.0.1");

        HarEntry b;
        b.started = a.started.addMSecs(50);
        b.request.url = QStringLiteral("http://127.0.0.1:8080/blob");
        b.response.status = 200;
        b.response.body = QByteArray("\x89PNG\r\n\x1a\n\xff", 9);
        b.timings.blocked = -1;
        b.timings.send = -3; // a clock that went backwards must not make a negative phase
        b.timings.wait = 4;
        b.timings.receive = 1;

        const QByteArray har = exportHar({a, b});
        const QJsonObject log = parseObject(har)[QStringLiteral("log")].toObject();
        QCOMPARE(log[QStringLiteral("version")].toString(), QStringLiteral("1.2"));
        const QJsonArray entries = log[QStringLiteral("entries")].toArray();
        QCOMPARE(entries.size(), 2);
        const QJsonObject ea = entries[0].toObject();
        const QJsonObject ta = ea[QStringLiteral("timings")].toObject();
        QCOMPARE(ta[QStringLiteral("blocked")].toDouble(), -1.0);
        QCOMPARE(ta[QStringLiteral("ssl")].toDouble(), 1.0);
        // dns + connect (which holds ssl) + send + wait + receive
        QCOMPARE(ea[QStringLiteral("time")].toDouble(), 1.5 + 2.0 + 0.25 + 10.0 + 0.75);
        QCOMPARE(ea[QStringLiteral("startedDateTime")].toString(),
                 QStringLiteral("2023-11-14T22:13:20.123Z"));
        QCOMPARE(ea[QStringLiteral("request")][QStringLiteral("queryString")].toArray().size(), 2);
        QCOMPARE(ea[QStringLiteral("response")][QStringLiteral("content")][QStringLiteral("text")]
                     .toString(),
                 QStringLiteral("{\"id\":5}"));
        const QJsonObject eb = entries[1].toObject();
        const QJsonObject tb = eb[QStringLiteral("timings")].toObject();
        for (const char *phase : {"send", "wait", "receive"})
            QVERIFY(tb[QLatin1String(phase)].toDouble() >= 0);
        QCOMPARE(tb[QStringLiteral("dns")].toDouble(), -1.0);
        QCOMPARE(eb[QStringLiteral("time")].toDouble(), 5.0);
        const QJsonObject content =
            eb[QStringLiteral("response")][QStringLiteral("content")].toObject();
        QCOMPARE(content[QStringLiteral("encoding")].toString(), QStringLiteral("base64"));
        QCOMPARE(QByteArray::fromBase64(content[QStringLiteral("text")].toString().toLatin1()),
                 b.response.body);

        auto back = importHar(har);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
        QVERIFY(back->warnings.isEmpty());
        QCOMPARE(back->collection.root.requests.size(), 2);
        const HttpRequest ra = back->collection.root.requests[0];
        QCOMPARE(ra.method, QStringLiteral("POST"));
        QCOMPARE(ra.url, QStringLiteral("http://127.0.0.1:8080/api/items?x=1&y=2 3"));
        QCOMPARE(ra.headers, (QList<KeyValue>{a.request.headers.first()}));
        QCOMPARE(ra.body.kind, Body::Kind::Raw);
        QCOMPARE(ra.body.text, a.request.body.text);
        QCOMPARE(ra.body.contentType, a.request.body.contentType);
        QCOMPARE(back->collection.root.requests[1].method, QStringLiteral("GET"));
        QCOMPARE(back->collection.root.requests[1].body.kind, Body::Kind::None);
    }

    void harFormBodiesReadBackAsFields()
    {
        HarEntry e;
        e.request.method = QStringLiteral("POST");
        e.request.url = QStringLiteral("http://127.0.0.1/form");
        e.request.body.kind = Body::Kind::UrlEncoded;
        e.request.body.contentType = QStringLiteral("application/x-www-form-urlencoded");
        e.request.body.fields = {{QStringLiteral("a"), QStringLiteral("1 2"), {}, {}, true},
                                 {QStringLiteral("b"), QStringLiteral("&"), {}, {}, true}};
        auto back = importHar(exportHar({e}));
        QVERIFY(back.ok());
        const Body &b = back->collection.root.requests.first().body;
        QCOMPARE(b.kind, Body::Kind::UrlEncoded);
        QCOMPARE(b.fields, e.request.body.fields);
    }
};

QTEST_GUILESS_MAIN(TestExporters)
#include "tst_exporters.moc"
