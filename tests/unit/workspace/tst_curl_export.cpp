#include "workspace/curl.h"

#include "fixture_p.h"

#include <QTest>

using namespace bb::workspace;

class TestCurlExport : public QObject {
    Q_OBJECT

private slots:
    void fixtureRoundTrips_data();
    void fixtureRoundTrips();
    void modelRoundTrips_data();
    void urlStartingWithADashStaysAUrl();
    void modelRoundTrips();
    void layout();
    void apiKeyInQueryGoesToTheUrl();
};

void TestCurlExport::fixtureRoundTrips_data()
{
    QTest::addColumn<QString>("command");
    const QStringList commands = test::curlFixtureCommands();
    for (int i = 0; i < commands.size(); ++i)
        QTest::addRow("entry %d", i) << commands[i];
}

// import -> export -> import gives back the same request for every real-world command.
void TestCurlExport::fixtureRoundTrips()
{
    QFETCH(QString, command);
    const auto first = importCurl(command);
    QVERIFY(first.ok());
    const HttpRequest a = first->collection.root.requests.first();
    const QString exported = exportCurl(a);
    const auto second = importCurl(exported);
    QVERIFY2(second.ok(), qPrintable(exported));
    QVERIFY2(second->collection.root.requests.first() == a, qPrintable(exported));
}

void TestCurlExport::modelRoundTrips_data()
{
    QTest::addColumn<HttpRequest>("request");
    HttpRequest base;
    base.url = QStringLiteral("https://{{host}}/v1/items?x=it's");
    base.headers = {{QStringLiteral("X-Quote"), QStringLiteral("a 'b' \"c\" $HOME"), true}};
    base.name = QStringLiteral("GET ") + base.url;
    QTest::newRow("get") << base;

    HttpRequest multipart = base;
    multipart.method = QStringLiteral("POST");
    multipart.name = QStringLiteral("POST ") + base.url;
    multipart.body.kind = Body::Kind::Multipart;
    multipart.body.contentType = QStringLiteral("multipart/form-data");
    multipart.body.fields = {{QStringLiteral("note"), QStringLiteral("@not a file"), {}, {}, true},
                             {QStringLiteral("doc"),
                              {},
                              QStringLiteral("a b.pdf"),
                              QStringLiteral("application/pdf"),
                              true}};
    QTest::newRow("multipart") << multipart;

    HttpRequest form = multipart;
    form.body = {};
    form.body.kind = Body::Kind::UrlEncoded;
    form.body.contentType = QStringLiteral("application/x-www-form-urlencoded");
    form.body.fields = {{QStringLiteral("q"), QStringLiteral("a&b=c d+é"), {}, {}, true}};
    form.auth.kind = Auth::Kind::Digest;
    form.auth.username = QStringLiteral("me");
    form.auth.password = QStringLiteral("p:w");
    QTest::newRow("urlencoded + digest") << form;

    HttpRequest aws = base;
    aws.auth.kind = Auth::Kind::AwsV4;
    aws.auth.accessKey = QStringLiteral("AKID");
    aws.auth.secretKey = QStringLiteral("s3cr3t");
    aws.auth.region = QStringLiteral("eu-west-1");
    aws.auth.service = QStringLiteral("s3");
    QTest::newRow("aws") << aws;

    HttpRequest bearer = base;
    bearer.method = QStringLiteral("HEAD");
    bearer.name = QStringLiteral("HEAD ") + base.url;
    bearer.auth.kind = Auth::Kind::Bearer;
    bearer.auth.token = QStringLiteral("{{token}}");
    QTest::newRow("head + bearer") << bearer;
}

void TestCurlExport::modelRoundTrips()
{
    QFETCH(HttpRequest, request);
    const QString exported = exportCurl(request);
    const auto back = importCurl(exported);
    QVERIFY2(back.ok(), qPrintable(exported));
    QVERIFY2(back->collection.root.requests.first() == request, qPrintable(exported));
    QVERIFY(back->warnings.isEmpty());
}

void TestCurlExport::layout()
{
    HttpRequest r;
    r.method = QStringLiteral("POST");
    r.url = QStringLiteral("http://localhost:8080/client/foo");
    r.headers = {{QStringLiteral("Content-Type"), QStringLiteral("application/json"), true},
                 {QStringLiteral("X-Off"), QStringLiteral("1"), false}};
    r.body.kind = Body::Kind::Raw;
    r.body.text = QStringLiteral("{\"value\": \"it's\"}");
    QCOMPARE(exportCurl(r), QStringLiteral("curl -X POST http://localhost:8080/client/foo \\\n"
                                           "  -H 'Content-Type: application/json' \\\n"
                                           "  --data-raw '{\"value\": \"it'\\''s\"}'"));
}

void TestCurlExport::apiKeyInQueryGoesToTheUrl()
{
    HttpRequest r;
    r.url = QStringLiteral("http://x/a?b=1");
    r.auth.kind = Auth::Kind::ApiKey;
    r.auth.keyIn = Auth::ApiKeyIn::Query;
    r.auth.keyName = QStringLiteral("api key");
    r.auth.keyValue = QStringLiteral("v&1");
    r.query = {{QStringLiteral("off"), QStringLiteral("x"), false}};
    QCOMPARE(exportCurl(r), QStringLiteral("curl -X GET 'http://x/a?b=1&api%20key=v%261'"));
}

// Found by fuzz_curl_import: `curl --url -x…` imports a URL that starts with '-', and its export
// must not turn it into an option (the importer then gives it curl's default scheme).
void TestCurlExport::urlStartingWithADashStaysAUrl()
{
    HttpRequest r;
    r.url = QStringLiteral("--json-looking");
    const QString command = exportCurl(r);
    QVERIFY2(command.contains(QStringLiteral("--url ")), qPrintable(command));
    const auto back = importCurl(command);
    QVERIFY2(back.ok(), back.ok() ? "" : qPrintable(back.error().message));
    QCOMPARE(back->collection.root.requests.first().url, QStringLiteral("http://--json-looking"));
}

QTEST_GUILESS_MAIN(TestCurlExport)
#include "tst_curl_export.moc"
