#include "workspace/har.h"

#include "fixture_p.h"

#include <QTest>

using namespace bb::workspace;

class TestHarImport : public QObject {
    Q_OBJECT

private slots:
    void fixtures_data();
    void fixtures();
    void chromeDropsPseudoHeadersAndKeepsTheCookieHeader();
    void postDataBecomesARawBody();
    void paramsBecomeFields();
    void cookiesArrayFillsAMissingCookieHeader();
    void malformed_data();
    void malformed();
    void entryWithoutUrlIsNamed();
};

void TestHarImport::fixtures_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("requests");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("warnings");
    QTest::newRow("firefox") << "har/mitmproxy-firefox.har" << 14 << "GET"
                             << "Firefox 111.0.1 capture" << 0;
    QTest::newRow("chrome") << "har/mitmproxy-chrome.har" << 3 << "GET"
                            << "WebInspector 537.36 capture" << 2;
    QTest::newRow("postdata") << "har/mitmproxy-postdata.har" << 1 << "POST"
                              << "WebInspector 537.36 capture" << 1;
}

void TestHarImport::fixtures()
{
    QFETCH(QString, file);
    const auto r = importHar(test::readFixture(file));
    QVERIFY(r.ok());
    QTEST(int(r->collection.root.requestCount()), "requests");
    QTEST(r->collection.name, "name");
    QTEST(int(r->warnings.size()), "warnings");
    QFETCH(QString, method);
    for (const HttpRequest &req : r->collection.root.requests)
        QCOMPARE(req.method, method);
}

void TestHarImport::chromeDropsPseudoHeadersAndKeepsTheCookieHeader()
{
    const auto r = importHar(test::readFixture(QStringLiteral("har/mitmproxy-chrome.har")));
    const QList<HttpRequest> &reqs = r->collection.root.requests;
    QCOMPARE(reqs[0].url, QStringLiteral("https://mitmproxy.org/"));
    QCOMPARE(reqs[0].headers.size(), 21 - 4);
    QCOMPARE(reqs[1].headers.size(), 13);
    QCOMPARE(reqs[2].headers.size(), 27 - 4);
    QCOMPARE(r->warnings[0].where, QStringLiteral("entry 0"));
    QVERIFY(r->warnings[0].what.contains(QStringLiteral(":authority, :method, :path, :scheme")));
    QCOMPARE(r->warnings[1].where, QStringLiteral("entry 2"));
    int cookies = 0;
    for (const KeyValue &h : reqs[2].headers)
        cookies += h.name.compare(u"cookie", Qt::CaseInsensitive) == 0;
    QCOMPARE(cookies, 1); // the 21 cookies are the header's, not added again
}

void TestHarImport::postDataBecomesARawBody()
{
    const auto r = importHar(test::readFixture(QStringLiteral("har/mitmproxy-postdata.har")));
    const HttpRequest &req = r->collection.root.requests.first();
    QCOMPARE(req.url, QStringLiteral("https://signal-metrics-collector-beta.s-onetag.com/metrics"));
    QCOMPARE(req.body.kind, Body::Kind::Raw);
    QCOMPARE(req.body.contentType, QStringLiteral("text/plain;charset=UTF-8"));
    QCOMPARE(req.body.text.size(), 1310);
    QVERIFY(
        req.body.text.startsWith(QStringLiteral("{\"metadata\":{\"pageViewId\":1689428126308")));
}

void TestHarImport::paramsBecomeFields()
{
    const auto r = importHar(
        R"({"log":{"entries":[{"request":{"method":"POST","url":"http://x/",
        "postData":{"mimeType":"multipart/form-data; boundary=b","params":[
        {"name":"a","value":"1"},{"name":"f","fileName":"x.png","contentType":"image/png"}]}}}]}})");
    QVERIFY(r.ok());
    const Body &b = r->collection.root.requests.first().body;
    QCOMPARE(b.kind, Body::Kind::Multipart);
    QCOMPARE(b.fields.size(), 2);
    QCOMPARE(b.fields[1].filePath, QStringLiteral("x.png"));
    QCOMPARE(b.fields[1].contentType, QStringLiteral("image/png"));
}

void TestHarImport::cookiesArrayFillsAMissingCookieHeader()
{
    const auto r = importHar(R"({"log":{"entries":[{"request":{"method":"GET","url":"http://x/",
        "cookies":[{"name":"a","value":"1"},{"name":"b","value":"2"}]}}]}})");
    QVERIFY(r.ok());
    const HttpRequest &req = r->collection.root.requests.first();
    QCOMPARE(req.headers.size(), 1);
    QCOMPARE(req.headers[0].value, QStringLiteral("a=1; b=2"));
}

void TestHarImport::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("position");
    QTest::newRow("truncated") << QByteArray(R"({"log": {"entries": [)") << 21;
    QTest::newRow("open string ends the input") << QByteArray(R"({"log": "ab)") << 11;
    QTest::newRow("not an object") << QByteArray("[1]") << 0;
    QTest::newRow("no entries") << QByteArray(R"({"log": {}})") << 0;
    // Qt reports the offset just past the bad token; the BOM still counts in it.
    QTest::newRow("bad token after bom") << QByteArray("\xEF\xBB\xBF{x}") << 5;
}

void TestHarImport::malformed()
{
    QFETCH(QByteArray, json);
    const auto r = importHar(json);
    QVERIFY(!r.ok());
    QTEST(r.error().position, "position");
}

void TestHarImport::entryWithoutUrlIsNamed()
{
    const auto r = importHar(R"({"log":{"entries":[{"request":{"method":"GET"}},
        {"request":{"url":"http://x/"}}]}})");
    QVERIFY(r.ok());
    QCOMPARE(r->collection.root.requests.size(), 1);
    QCOMPARE(r->warnings.size(), 1);
    QCOMPARE(r->warnings[0].where, QStringLiteral("entry 0"));
}

QTEST_GUILESS_MAIN(TestHarImport)
#include "tst_har_import.moc"
