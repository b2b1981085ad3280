#include "workspace/http_file.h"
#include "workspace/postman.h"

#include "fixture_p.h"

#include <QTest>

using namespace bb::workspace;

namespace {

// Both dialects in one file: REST Client variables and tags, JetBrains scripts.
const char *kSample = R"(@host = api.example.com
@token = s3cret

### List users
GET https://{{host}}/users
    ?page=2
    &limit=10
Accept: application/json

### Create
# @name createUser
# @no-redirect
POST https://{{host}}/users HTTP/1.1
Content-Type: application/json
Authorization: Bearer {{token}}

{
  "name": "Ada"
}

> {%
  client.test("created", function() {
    client.assert(response.status === 201);
  });
%}

###
< {% request.variables.set("id", "7"); %}
// a comment before the request line
DELETE https://{{host}}/users/{{id}}

###
PUT https://{{host}}/avatar
Content-Type: image/png

< ./avatar.png

>> saved.json

### bare URL
https://{{host}}/health
)";

} // namespace

class TestHttpFile : public QObject {
    Q_OBJECT

private slots:
    void importsBothDialects();
    void skippedDirectivesAreNamed();
    void crlfAndEmptyInput();
    void malformed_data();
    void malformed();
    void roundTrip();
    void exportsAPostmanCollection_data();
    void exportsAPostmanCollection();
};

void TestHttpFile::importsBothDialects()
{
    const auto r = importHttpFile(QString::fromUtf8(kSample));
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    const Collection &c = r->collection;
    QCOMPARE(c.variables,
             (QList<KeyValue>{{"host", "api.example.com", true}, {"token", "s3cret", true}}));
    const QList<HttpRequest> &q = c.root.requests;
    QCOMPARE(q.size(), 5);

    QCOMPARE(q[0].name, QStringLiteral("List users"));
    QCOMPARE(q[0].url, QStringLiteral("https://{{host}}/users?page=2&limit=10"));
    QCOMPARE(q[0].headers, (QList<KeyValue>{{"Accept", "application/json", true}}));
    QCOMPARE(q[0].body.kind, Body::Kind::None);

    QCOMPARE(q[1].name, QStringLiteral("createUser")); // @name wins over the separator's text
    QCOMPARE(q[1].method, QStringLiteral("POST"));
    QCOMPARE(q[1].headers.size(), 2);
    QCOMPARE(q[1].body.kind, Body::Kind::Raw);
    QCOMPARE(q[1].body.contentType, QStringLiteral("application/json"));
    QCOMPARE(q[1].body.text, QStringLiteral("{\n  \"name\": \"Ada\"\n}"));
    QVERIFY(q[1].testScript.startsWith(QStringLiteral("client.test(\"created\"")));
    QVERIFY(q[1].testScript.endsWith(QStringLiteral("});")));

    QCOMPARE(q[2].method, QStringLiteral("DELETE"));
    QCOMPARE(q[2].name, QStringLiteral("DELETE https://{{host}}/users/{{id}}"));
    QCOMPARE(q[2].preRequestScript, QStringLiteral("request.variables.set(\"id\", \"7\");"));

    QCOMPARE(q[3].body.kind, Body::Kind::File);
    QCOMPARE(q[3].body.filePath, QStringLiteral("./avatar.png"));
    QCOMPARE(q[3].body.contentType, QStringLiteral("image/png"));

    QCOMPARE(q[4].name, QStringLiteral("bare URL"));
    QCOMPARE(q[4].method, QStringLiteral("GET"));
    QCOMPARE(q[4].url, QStringLiteral("https://{{host}}/health"));
}

void TestHttpFile::skippedDirectivesAreNamed()
{
    const auto r = importHttpFile(QString::fromUtf8(kSample));
    QCOMPARE(r->warnings.size(), 2);
    QCOMPARE(r->warnings[0], (ImportWarning{"line 12", "directive @no-redirect (skipped)"}));
    QCOMPARE(r->warnings[1].where, QStringLiteral("line 38"));
    QVERIFY(r->warnings[1].what.contains(QStringLiteral(">> saved.json")));
}

void TestHttpFile::crlfAndEmptyInput()
{
    const auto r = importHttpFile(QStringLiteral("GET http://x/\r\nA: 1\r\n\r\nbody\r\n"));
    QVERIFY(r.ok());
    QCOMPARE(r->collection.root.requests[0].headers[0].value, QStringLiteral("1"));
    QCOMPARE(r->collection.root.requests[0].body.text, QStringLiteral("body"));
    const auto empty = importHttpFile(QStringLiteral("# only a comment\n\n###\n"));
    QVERIFY(empty.ok());
    QCOMPARE(empty->collection.root.requestCount(), 0);
}

void TestHttpFile::malformed_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");
    QTest::newRow("header without colon") << "GET http://x/\nnot a header\n" << 14 << "line 2:";
    QTest::newRow("bad request line") << "###\nGET http://x/ extra words\n" << 4 << "line 2:";
    QTest::newRow("query line with a space") << "GET http://x/\n  ?a=b c\n" << 14 << "line 2:";
    QTest::newRow("open script") << "GET http://x/\n\n> {%\nclient.log(1)\n" << 34 << "not closed";
}

void TestHttpFile::malformed()
{
    QFETCH(QString, text);
    const auto r = importHttpFile(text);
    QVERIFY(!r.ok());
    QTEST(r.error().position, "position");
    QFETCH(QString, message);
    QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
}

void TestHttpFile::roundTrip()
{
    const auto first = importHttpFile(QString::fromUtf8(kSample));
    const QString written = exportHttpFile(first->collection);
    const auto second = importHttpFile(written);
    QVERIFY2(second.ok(), qPrintable(written));
    QVERIFY2(second->collection == first->collection, qPrintable(written));
}

void TestHttpFile::exportsAPostmanCollection_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("requests");
    QTest::newRow("codegen") << "codegen-curl-testcollection.postman_collection.json" << 23;
    QTest::newRow("echo-v2") << "newman-echo-v2.postman_collection.json" << 22;
    QTest::newRow("multi-level") << "newman-multi-level-folders-v2.postman_collection.json" << 6;
}

// Every request survives the trip to a flat .http file, named with its folder path.
void TestHttpFile::exportsAPostmanCollection()
{
    QFETCH(QString, file);
    const auto pm = importPostman(test::readFixture(QStringLiteral("postman/") + file));
    QVERIFY(pm.ok());
    const auto back = importHttpFile(exportHttpFile(pm->collection));
    QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().message));
    QTEST(int(back->collection.root.requests.size()), "requests");
    if (!pm->collection.root.folders.isEmpty()) {
        const Folder &f = pm->collection.root.folders.first();
        QStringList names;
        for (const HttpRequest &r : back->collection.root.requests)
            names.append(r.name);
        QVERIFY(names.contains(f.name + u'/' + f.requests.first().name));
    }
}

QTEST_GUILESS_MAIN(TestHttpFile)
#include "tst_http_file.moc"
