#include "workspace/request.h"

#include <QTest>

using namespace bb::workspace;

class TestRequest : public QObject {
    Q_OBJECT

private slots:
    void requestCountWalksNestedFolders();
    void valuesCompareByContent();
    void kindNames_data();
    void kindNames();
};

void TestRequest::requestCountWalksNestedFolders()
{
    Folder root;
    root.requests.append(HttpRequest{});
    Folder a;
    a.requests = {HttpRequest{}, HttpRequest{}};
    Folder b;
    b.requests.append(HttpRequest{});
    a.folders.append(b);
    root.folders = {a, Folder{}};
    QCOMPARE(root.requestCount(), 4);
    QCOMPARE(Folder{}.requestCount(), 0);
}

void TestRequest::valuesCompareByContent()
{
    HttpRequest a;
    a.url = QStringLiteral("{{baseUrl}}/pets");
    a.headers.append({QStringLiteral("Accept"), QStringLiteral("*/*"), true});
    HttpRequest b = a;
    QCOMPARE(a, b);
    b.headers[0].enabled = false;
    QVERIFY(!(a == b));
    QCOMPARE(HttpRequest{}.method, QStringLiteral("GET"));
}

void TestRequest::kindNames_data()
{
    QTest::addColumn<int>("body");
    QTest::addColumn<QString>("bodyName");
    QTest::newRow("none") << int(Body::Kind::None) << "none";
    QTest::newRow("raw") << int(Body::Kind::Raw) << "raw";
    QTest::newRow("urlencoded") << int(Body::Kind::UrlEncoded) << "urlencoded";
    QTest::newRow("multipart") << int(Body::Kind::Multipart) << "multipart";
    QTest::newRow("file") << int(Body::Kind::File) << "file";
    QTest::newRow("graphql") << int(Body::Kind::GraphQl) << "graphql";
}

void TestRequest::kindNames()
{
    QFETCH(int, body);
    QFETCH(QString, bodyName);
    QCOMPARE(bodyKindName(Body::Kind(body)), bodyName);
    QCOMPARE(authKindName(Auth::Kind::ApiKey), QStringLiteral("apikey"));
    QCOMPARE(authKindName(Auth::Kind::AwsV4), QStringLiteral("awsv4"));
}

QTEST_GUILESS_MAIN(TestRequest)
#include "tst_request.moc"
