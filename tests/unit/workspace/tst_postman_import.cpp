#include "workspace/postman.h"

#include "fixture_p.h"

#include <QTest>

using namespace bb::workspace;

namespace {

int folderCount(const Folder &f)
{
    int n = int(f.folders.size());
    for (const Folder &s : f.folders)
        n += folderCount(s);
    return n;
}

int depth(const Folder &f)
{
    int d = 0;
    for (const Folder &s : f.folders)
        d = std::max(d, 1 + depth(s));
    return d;
}

void collect(const Folder &f, QList<HttpRequest> &out)
{
    out += f.requests;
    for (const Folder &s : f.folders)
        collect(s, out);
}

QList<HttpRequest> allRequests(const Collection &c)
{
    QList<HttpRequest> out;
    collect(c.root, out);
    return out;
}

ImportReport load(const char *file)
{
    auto r = importPostman(test::readFixture(QStringLiteral("postman/") + QLatin1String(file)));
    if (!r.ok())
        qFatal("%s: %s", file, qPrintable(r.error().message));
    return *r;
}

int warningsMentioning(const ImportReport &r, const QString &text)
{
    int n = 0;
    for (const ImportWarning &w : r.warnings)
        n += w.what.contains(text);
    return n;
}

} // namespace

class TestPostmanImport : public QObject {
    Q_OBJECT

private slots:
    void fixtureShapes_data();
    void fixtureShapes();
    void whatwgKeepsNestedVariablesAndScripts();
    void echoAuthAndSkippedParts();
    void multiLevelFolders();
    void nestedEntitiesInheritAuthAndScripts();
    void codegenBodiesHeadersAndMethods();
    void malformed_data();
    void malformed();
};

void TestPostmanImport::fixtureShapes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("requests");
    QTest::addColumn<int>("folders");
    QTest::addColumn<int>("depth");
    QTest::newRow("whatwg-url") << "newman-whatwg-url.postman_collection.json" << 26 << 4 << 1;
    QTest::newRow("echo-v2") << "newman-echo-v2.postman_collection.json" << 22 << 7 << 1;
    QTest::newRow("multi-level") << "newman-multi-level-folders-v2.postman_collection.json" << 6
                                 << 4 << 2;
    QTest::newRow("nestedEntities")
        << "schemas-v2.1.0-nestedEntities.postman_collection.json" << 2 << 1 << 1;
    QTest::newRow("codegen") << "codegen-curl-testcollection.postman_collection.json" << 23 << 0
                             << 0;
}

void TestPostmanImport::fixtureShapes()
{
    QFETCH(QString, file);
    const ImportReport r = load(qPrintable(file));
    QTEST(int(r.collection.root.requestCount()), "requests");
    QTEST(folderCount(r.collection.root), "folders");
    QTEST(depth(r.collection.root), "depth");
}

void TestPostmanImport::whatwgKeepsNestedVariablesAndScripts()
{
    const ImportReport r = load("newman-whatwg-url.postman_collection.json");
    const QList<HttpRequest> reqs = allRequests(r.collection);
    QCOMPARE(reqs[0].name, QStringLiteral("nested variables"));
    QCOMPARE(reqs[0].url, QStringLiteral("https://{{host.{{one}}}}/get"));
    QVERIFY(
        reqs[0].preRequestScript.startsWith(QStringLiteral("pm.variables.set(\"one\", \"1\");")));
    int withPre = 0, pmTests = 0;
    for (const HttpRequest &q : reqs) {
        QCOMPARE(q.method, QStringLiteral("GET"));
        // The collection's test script runs first for every request.
        QVERIFY(q.testScript.startsWith(QStringLiteral("pm.test.skip(")));
        withPre += !q.preRequestScript.isEmpty();
        pmTests += q.testScript.count(QStringLiteral("pm.test("));
    }
    QCOMPARE(withPre, 3);
    QCOMPARE(pmTests, 24);
    QVERIFY(r.warnings.isEmpty());
}

void TestPostmanImport::echoAuthAndSkippedParts()
{
    const ImportReport r = load("newman-echo-v2.postman_collection.json");
    const QList<HttpRequest> reqs = allRequests(r.collection);
    QCOMPARE(r.collection.root.folders[0].name, QStringLiteral("Auth: Digest"));
    const HttpRequest digest = r.collection.root.folders[0].requests[1];
    QCOMPARE(digest.auth.kind, Auth::Kind::Digest);
    QCOMPARE(digest.auth.username, QStringLiteral("postman"));
    const HttpRequest basic = r.collection.root.folders[1].requests[0];
    QCOMPARE(basic.name, QStringLiteral("Basic Auth"));
    QCOMPARE(basic.auth.kind, Auth::Kind::Basic);
    QCOMPARE(basic.auth.password, QStringLiteral("password"));
    QCOMPARE(r.collection.root.folders[1].requests[1].auth.kind, Auth::Kind::None);
    QCOMPARE(warningsMentioning(r, QStringLiteral("auth type oauth1 is not supported")), 1);

    QMap<QString, int> methods;
    int legacyTests = 0;
    for (const HttpRequest &q : reqs) {
        ++methods[q.method];
        legacyTests += q.testScript.count(QStringLiteral("tests["));
    }
    QCOMPARE(methods.value(QStringLiteral("GET")), 17);
    QCOMPARE(methods.value(QStringLiteral("POST")), 2);
    QCOMPARE(methods.value(QStringLiteral("PUT")), 1);
    QCOMPARE(legacyTests, 65);
    // 10 saved examples spread over the requests that have them.
    int examples = 0;
    for (const ImportWarning &w : r.warnings)
        if (w.what.contains(QStringLiteral("saved example")))
            examples += w.what.section(u' ', 0, 0).toInt();
    QCOMPARE(examples, 10);
}

void TestPostmanImport::multiLevelFolders()
{
    const ImportReport r = load("newman-multi-level-folders-v2.postman_collection.json");
    const Folder &root = r.collection.root;
    QCOMPARE(root.requests.size(), 1);
    QCOMPARE(root.requests[0].name, QStringLiteral("R1"));
    const Folder &f2 = root.folders[1];
    QCOMPARE(f2.name, QStringLiteral("F2"));
    QCOMPARE(f2.folders.size(), 2);
    QCOMPARE(f2.folders[0].requests[0].name, QStringLiteral("F2.F3.R1"));
    QCOMPARE(f2.folders[1].name, QStringLiteral("F4"));
    QCOMPARE(f2.folders[1].requestCount(), 0);
    // Folder scripts run before the request's own: each request inherits them.
    for (const HttpRequest &q : allRequests(r.collection)) {
        QVERIFY2(!q.preRequestScript.isEmpty(), qPrintable(q.name));
        QVERIFY2(!q.testScript.isEmpty(), qPrintable(q.name));
    }
}

void TestPostmanImport::nestedEntitiesInheritAuthAndScripts()
{
    const ImportReport r = load("schemas-v2.1.0-nestedEntities.postman_collection.json");
    QCOMPARE(r.collection.name, QStringLiteral("auth-v2.1"));
    QCOMPARE(r.collection.variables.size(), 1);
    QCOMPARE(r.collection.variables[0], (KeyValue{"key", "value", true}));

    const HttpRequest basic = r.collection.root.folders[0].requests[0];
    QCOMPARE(basic.auth.kind, Auth::Kind::Basic);
    QCOMPARE(basic.auth.username, QStringLiteral("{{username}}"));
    QCOMPARE(basic.auth.password, QStringLiteral("{{token}}"));
    QCOMPARE(basic.preRequestScript, QStringLiteral("console.log('Collection level pre request "
                                                    "script');\nconsole.log('Folder level pre "
                                                    "request script');\nconsole.log('Request "
                                                    "level pre request script');"));
    QCOMPARE(basic.testScript.count(QStringLiteral("console.log")), 3);

    const HttpRequest oauth1 = r.collection.root.requests[0];
    QCOMPARE(oauth1.auth.kind, Auth::Kind::None);
    QCOMPARE(oauth1.preRequestScript.count(QStringLiteral("console.log")), 2);
    QCOMPARE(warningsMentioning(r, QStringLiteral("auth type oauth1")), 1);
    // Folder and request variables keep their own scopes (`variable`, or `variables` as some
    // exporters write it).
    const KeyValue kv{QStringLiteral("key"), QStringLiteral("value"), true};
    QCOMPARE(r.collection.root.folders[0].variables, QList<KeyValue>{kv});
    QCOMPARE(basic.variables, QList<KeyValue>{kv});
    QCOMPARE(oauth1.variables, QList<KeyValue>{kv});
    QVERIFY(r.collection.root.variables.isEmpty());
    QCOMPARE(warningsMentioning(r, QStringLiteral("variable")), 0);
}

void TestPostmanImport::codegenBodiesHeadersAndMethods()
{
    const ImportReport r = load("codegen-curl-testcollection.postman_collection.json");
    const QList<HttpRequest> &reqs = r.collection.root.requests;
    QSet<QString> methods;
    QMap<Body::Kind, int> bodies;
    for (const HttpRequest &q : reqs) {
        methods.insert(q.method);
        ++bodies[q.body.kind];
    }
    QCOMPARE(methods.size(), 15);
    QVERIFY(methods.contains(QStringLiteral("PROPFIND")));
    QCOMPARE(bodies.value(Body::Kind::Raw), 13);
    QCOMPARE(bodies.value(Body::Kind::UrlEncoded), 2);
    QCOMPARE(bodies.value(Body::Kind::Multipart), 1);
    QCOMPARE(bodies.value(Body::Kind::None), 7);

    QCOMPARE(reqs[0].headers.size(), 3);
    QCOMPARE(reqs[0].headers[2], (KeyValue{"disabled header", "DISABLED", false}));
    QCOMPARE(reqs[1].url, QStringLiteral("https://postman-echo.com/get?test=123&anotherone=232"));
    QCOMPARE(reqs[1].query, (QList<KeyValue>{{"anotheroneone", "sdfsdf", false}}));
    const Body &form = reqs[3].body;
    QCOMPARE(form.fields.size(), 5);
    QCOMPARE(form.fields[1].name, QStringLiteral("&^%"));
    QVERIFY(!form.fields[4].enabled);
    QCOMPARE(warningsMentioning(r, QStringLiteral("saved example")), 3);
}

void TestPostmanImport::malformed_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");
    QTest::newRow("syntax") << QByteArray("{\"info\": {,}") << 11 << "not valid JSON at byte 11";
    QTest::newRow("no items") << QByteArray(R"({"info":{}})") << 0 << "item array";
    QTest::newRow("v1") << QByteArray(R"({"info":{"schema":"x/v1.0.0/"},"item":[]})") << 0
                        << "v2.0 and v2.1";
}

void TestPostmanImport::malformed()
{
    QFETCH(QByteArray, json);
    const auto r = importPostman(json);
    QVERIFY(!r.ok());
    QTEST(r.error().position, "position");
    QFETCH(QString, message);
    QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
}

QTEST_GUILESS_MAIN(TestPostmanImport)
#include "tst_postman_import.moc"
