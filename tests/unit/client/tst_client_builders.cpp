// The client's pure helpers: body builders, text auth, cookie lines. No sockets.
#include "client/auth.h"
#include "client/cookie_jar.h"
#include "client/request_bodies.h"

#include <QJsonDocument>
#include <QTest>

using namespace bb::client;

class tst_ClientBuilders : public QObject {
    Q_OBJECT

    static QList<QByteArray> contentTypes(const HttpRequest &r)
    {
        QList<QByteArray> out;
        for (const auto &[name, value] : r.headers)
            if (name.compare("Content-Type", Qt::CaseInsensitive) == 0)
                out << value;
        return out;
    }

private slots:
    void formEncoding_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("plain") << "a"
                               << "1" << QByteArray("a=1");
        QTest::newRow("space and plus") << "q"
                                        << "a b+c" << QByteArray("q=a%20b%2Bc");
        QTest::newRow("separators") << "k&="
                                    << "v=&" << QByteArray("k%26%3D=v%3D%26");
        QTest::newRow("utf-8") << "ключ"
                               << "é" << QByteArray("%D0%BA%D0%BB%D1%8E%D1%87=%C3%A9");
        QTest::newRow("empty value") << "e"
                                     << "" << QByteArray("e=");
    }
    void formEncoding()
    {
        QFETCH(QString, name);
        QFETCH(QString, value);
        QFETCH(QByteArray, encoded);
        QCOMPARE(formUrlEncode({{name, value}}), encoded);
        QCOMPARE(formUrlEncode({{name, value}, {"z", "1"}}), encoded + "&z=1");
    }

    void bodyHelpersKeepOneContentType()
    {
        HttpRequest r;
        r.headers = {{"content-type", "text/old"}, {"Accept", "*/*"}};
        setFormBody(r, {{"a", "b"}});
        QCOMPARE(contentTypes(r), {"application/x-www-form-urlencoded"});
        QCOMPARE(r.body.kind, RequestBody::Kind::Bytes);
        setMultipartBody(r, {MultipartPart{.name = "f", .value = "v"}});
        QVERIFY(contentTypes(r).isEmpty()); // libcurl writes it with the boundary
        QCOMPARE(r.body.kind, RequestBody::Kind::Multipart);
        QVERIFY(r.body.bytes.isEmpty());
        setFileBody(r, "/tmp/x", {});
        QCOMPARE(contentTypes(r), {"application/octet-stream"});
        QCOMPARE(r.body.filePath, QString("/tmp/x"));
        QVERIFY(r.body.parts.isEmpty());
        QCOMPARE(r.headers.value(0).first, QByteArray("Accept"));
    }

    void graphQl()
    {
        HttpRequest r;
        setGraphQlBody(r, "{ posts { id } }");
        QCOMPARE(r.body.bytes, QByteArray(R"({"query":"{ posts { id } }"})"));
        setGraphQlBody(r, "query Q($n: Int) { x(n: $n) }", {{"n", 3}}, "Q");
        const QJsonObject o = QJsonDocument::fromJson(r.body.bytes).object();
        QCOMPARE(o["operationName"].toString(), QString("Q"));
        QCOMPARE(o["variables"].toObject()["n"].toInt(), 3);
        QCOMPARE(contentTypes(r), {"application/json"});
    }

    void textAuth_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<Auth>("auth");
        QTest::addColumn<QString>("expectedUrl");
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("value");
        QTest::newRow("bearer") << "http://h/p" << bearerAuth("t") << "http://h/p"
                                << QByteArray("Authorization") << QByteArray("Bearer t");
        QTest::newRow("key header") << "http://h/p" << apiKeyHeader("X-Key", "k") << "http://h/p"
                                    << QByteArray("X-Key") << QByteArray("k");
        QTest::newRow("key query") << "http://h/p" << apiKeyQuery("key", "a+b&c")
                                   << "http://h/p?key=a%2Bb%26c" << QByteArray() << QByteArray();
        QTest::newRow("key query appended")
            << "http://h/p?x=1#frag" << apiKeyQuery("key", "v") << "http://h/p?x=1&key=v#frag"
            << QByteArray() << QByteArray();
        QTest::newRow("basic left to libcurl")
            << "http://h/p" << basicAuth("u", "p") << "http://h/p" << QByteArray() << QByteArray();
    }
    void textAuth()
    {
        QFETCH(QString, url);
        QFETCH(Auth, auth);
        QFETCH(QString, expectedUrl);
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, value);
        HttpRequest r;
        r.url = url;
        r.auth = auth;
        const HttpRequest out = withTextAuth(r);
        QCOMPARE(out.url, expectedUrl);
        if (header.isEmpty())
            QVERIFY(out.headers.isEmpty());
        else
            QCOMPARE(out.headers, HeaderList({{header, value}}));
    }

    void cookieLines()
    {
        Cookie c;
        c.domain = ".example.com";
        c.includeSubdomains = true;
        c.path = "/api";
        c.secure = true;
        c.httpOnly = true;
        c.expires = 1893456000;
        c.name = "sid";
        c.value = "a=b";
        const QByteArray line = c.toNetscapeLine();
        QCOMPARE(line,
                 QByteArray("#HttpOnly_.example.com\tTRUE\t/api\tTRUE\t1893456000\tsid\ta=b"));
        const auto back = Cookie::fromNetscapeLine(line + "\n");
        QVERIFY(back.ok());
        QCOMPARE(*back, c);
        QVERIFY(!Cookie::fromNetscapeLine("too\tfew\tfields").ok());
        QVERIFY(!Cookie::fromNetscapeLine("h\tFALSE\t/\tFALSE\tsoon\tn\tv").ok());
    }

    void jarAddListRemove()
    {
        CookieJar jar;
        Cookie c;
        c.domain = "h.test";
        c.name = "a";
        c.value = "1";
        QVERIFY(jar.add(c).ok());
        c.name = "b";
        QVERIFY(jar.add(c).ok());
        QCOMPARE(jar.list().size(), 2);
        c.value = "x\ty";
        QVERIFY(!jar.add(c).ok());
        QVERIFY(jar.remove("h.test", "/", "a"));
        const QList<Cookie> left = jar.list();
        QCOMPARE(left.size(), 1);
        QCOMPARE(left[0].name, QByteArray("b"));
        QVERIFY(!jar.loadFrom("/nonexistent/cookies.txt").ok());
    }
};

QTEST_GUILESS_MAIN(tst_ClientBuilders)
#include "tst_client_builders.moc"
