#include "workspace/openapi.h"

#include "fixture_p.h"

#include <QTest>

using namespace bb::workspace;

namespace {

ImportReport load(const QString &file)
{
    auto r = importOpenApi(test::readFixture(QStringLiteral("openapi/") + file));
    if (!r.ok())
        qFatal("%s: %s", qPrintable(file), qPrintable(r.error().message));
    return *r;
}

QString variable(const Collection &c, const QString &name)
{
    for (const KeyValue &v : c.variables)
        if (v.name == name)
            return v.value;
    return QStringLiteral("<unset>");
}

QList<HttpRequest> allRequests(const Collection &c)
{
    QList<HttpRequest> out = c.root.requests;
    for (const Folder &f : c.root.folders)
        out += f.requests;
    return out;
}

bool warned(const ImportReport &r, const QString &text)
{
    for (const ImportWarning &w : r.warnings)
        if (w.what.contains(text))
            return true;
    return false;
}

} // namespace

class TestOpenApiImport : public QObject {
    Q_OBJECT

private slots:
    void operationCounts_data();
    void operationCounts();
    void yamlAndJsonTwinsAgree_data();
    void yamlAndJsonTwinsAgree();
    void petstoreRequests();
    void usptoServerTemplate();
    void skippedPartsAreNamed();
    void stripe();
    void malformed_data();
    void malformed();
};

void TestOpenApiImport::operationCounts_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("operations");
    QTest::addColumn<int>("folders");
    QTest::addColumn<QString>("baseUrl");
    // The README's table: every method key under `paths`, in YAML and JSON.
    const struct {
        const char *name;
        int ops, folders;
        const char *baseUrl;
    } rows[] = {
        {"v3.0/petstore", 3, 1, "http://petstore.swagger.io/v1"},
        {"v3.0/petstore-expanded", 4, 0, "https://petstore.swagger.io/v2"},
        {"v3.0/api-with-examples", 2, 0, ""},
        {"v3.0/callback-example", 1, 0, ""},
        {"v3.0/link-example", 6, 0, ""},
        {"v3.0/uspto", 3, 2, "{{scheme}}://developer.uspto.gov/ds-api"},
        {"v3.1/non-oauth-scopes", 1, 0, ""},
        {"v3.1/webhook-example", 0, 0, ""},
    };
    for (const auto &r : rows)
        for (const char *ext : {".yaml", ".json"})
            QTest::addRow("%s%s", r.name, ext)
                << QString::fromLatin1(r.name) + QLatin1String(ext) << r.ops << r.folders
                << QString::fromLatin1(r.baseUrl);
}

void TestOpenApiImport::operationCounts()
{
    QFETCH(QString, file);
    const ImportReport r = load(file);
    QTEST(int(r.collection.root.requestCount()), "operations");
    QTEST(int(r.collection.root.folders.size()), "folders");
    QTEST(variable(r.collection, QStringLiteral("baseUrl")), "baseUrl");
}

void TestOpenApiImport::yamlAndJsonTwinsAgree_data()
{
    QTest::addColumn<QString>("stem");
    for (const char *s : {"v3.0/petstore", "v3.0/petstore-expanded", "v3.0/api-with-examples",
                          "v3.0/callback-example", "v3.0/link-example", "v3.0/uspto",
                          "v3.1/non-oauth-scopes", "v3.1/webhook-example"})
        QTest::newRow(s) << QString::fromLatin1(s);
}

void TestOpenApiImport::yamlAndJsonTwinsAgree()
{
    QFETCH(QString, stem);
    const ImportReport y = load(stem + QStringLiteral(".yaml"));
    const ImportReport j = load(stem + QStringLiteral(".json"));
    QVERIFY(y.collection == j.collection);
    QCOMPARE(y.warnings, j.warnings);
}

void TestOpenApiImport::petstoreRequests()
{
    const ImportReport r = load(QStringLiteral("v3.0/petstore.yaml"));
    QCOMPARE(r.collection.name, QStringLiteral("Swagger Petstore"));
    const Folder &pets = r.collection.root.folders[0];
    QCOMPARE(pets.name, QStringLiteral("pets"));
    const HttpRequest &list = pets.requests[0];
    QCOMPARE(list.name, QStringLiteral("List all pets"));
    QCOMPARE(list.method, QStringLiteral("GET"));
    QCOMPARE(list.url, QStringLiteral("{{baseUrl}}/pets"));
    QCOMPARE(list.query, (QList<KeyValue>{{"limit", "0", false}})); // optional: off by default
    const HttpRequest &create = pets.requests[1];
    QCOMPARE(create.method, QStringLiteral("POST"));
    QCOMPARE(create.body.kind, Body::Kind::Raw);
    QCOMPARE(create.body.contentType, QStringLiteral("application/json"));
    // Built from the Pet schema ($ref): id and name are required, tag is a string.
    QCOMPARE(create.body.text, QStringLiteral("{\n    \"id\": 0,\n    \"name\": \"string\",\n"
                                              "    \"tag\": \"string\"\n}"));
    QCOMPARE(pets.requests[2].url, QStringLiteral("{{baseUrl}}/pets/{{petId}}"));
}

void TestOpenApiImport::usptoServerTemplate()
{
    const ImportReport r = load(QStringLiteral("v3.0/uspto.json"));
    QCOMPARE(variable(r.collection, QStringLiteral("scheme")), QStringLiteral("https"));
    const Folder &search = r.collection.root.folders[1];
    QCOMPARE(search.name, QStringLiteral("search"));
    const HttpRequest &post = search.requests[0];
    QCOMPARE(post.method, QStringLiteral("POST"));
    QCOMPARE(post.url, QStringLiteral("{{baseUrl}}/{{dataset}}/{{version}}/records"));
    QCOMPARE(post.body.kind, Body::Kind::UrlEncoded);
    QCOMPARE(post.body.fields.size(), 3);
    QCOMPARE(post.body.fields[0].name, QStringLiteral("criteria"));
    QCOMPARE(post.body.fields[0].value, QStringLiteral("*:*"));
}

void TestOpenApiImport::skippedPartsAreNamed()
{
    QVERIFY(warned(load(QStringLiteral("v3.0/callback-example.yaml")),
                   QStringLiteral("1 callback(s) (not imported)")));
    QVERIFY(
        warned(load(QStringLiteral("v3.1/webhook-example.yaml")), QStringLiteral("1 webhook(s)")));
    QVERIFY(warned(load(QStringLiteral("v3.0/api-with-examples.yaml")),
                   QStringLiteral("no server URL")));
    const ImportReport scopes = load(QStringLiteral("v3.1/non-oauth-scopes.json"));
    QCOMPARE(scopes.collection.root.requests[0].auth.kind, Auth::Kind::Bearer);
    QCOMPARE(scopes.collection.root.requests[0].auth.token, QStringLiteral("{{token}}"));
}

void TestOpenApiImport::stripe()
{
    const ImportReport r = load(QStringLiteral("large/stripe-spec3.json"));
    const QList<HttpRequest> reqs = allRequests(r.collection);
    QCOMPARE(reqs.size(), 417);
    QMap<QString, int> methods;
    int forms = 0;
    for (const HttpRequest &q : reqs) {
        ++methods[q.method];
        forms += q.body.kind == Body::Kind::UrlEncoded;
        QCOMPARE(q.auth.kind, Auth::Kind::Basic); // the first of the two top-level schemes
    }
    QCOMPARE(methods.value(QStringLiteral("GET")), 197);
    QCOMPARE(methods.value(QStringLiteral("POST")), 184);
    QCOMPARE(methods.value(QStringLiteral("DELETE")), 36);
    QVERIFY(forms > 100);
    QCOMPARE(variable(r.collection, QStringLiteral("baseUrl")),
             QStringLiteral("https://api.stripe.com"));
}

void TestOpenApiImport::malformed_data()
{
    QTest::addColumn<QByteArray>("doc");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");
    QTest::newRow("yaml syntax") << QByteArray("openapi: 3.0.0\npaths: [a, b\ninfo: x\n") << 32
                                 << "line 3, column 5";
    QTest::newRow("json syntax") << QByteArray("{\"openapi\": }") << 13 << "byte 13";
    QTest::newRow("bad escape at the end") << QByteArray("a: \"\\") << 5 << "line 1";
    QTest::newRow("swagger 2") << QByteArray("swagger: '2.0'\n") << 0 << "found swagger 2.0";
    QTest::newRow("scalar") << QByteArray("just text") << 0 << "is a mapping";
}

void TestOpenApiImport::malformed()
{
    QFETCH(QByteArray, doc);
    const auto r = importOpenApi(doc);
    QVERIFY(!r.ok());
    QFETCH(QString, message);
    QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
    QTEST(r.error().position, "position");
}

QTEST_GUILESS_MAIN(TestOpenApiImport)
#include "tst_openapi_import.moc"
