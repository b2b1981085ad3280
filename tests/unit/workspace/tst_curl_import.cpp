#include "workspace/curl.h"

#include "fixture_p.h"

#include <QTest>

using namespace bb::workspace;

Q_DECLARE_METATYPE(Body::Kind)
Q_DECLARE_METATYPE(Auth::Kind)

class TestCurlImport : public QObject {
    Q_OBJECT

private slots:
    void fixtureHasFortyCommandsThatAllImport();
    void fixtureRequests_data();
    void fixtureRequests();
    void fixtureBodies();
    void fixtureWarnings_data();
    void fixtureWarnings();
    void quoting_data();
    void quoting();
    void malformed_data();
    void malformed();
    void unknownFlagIsNamed();
};

void TestCurlImport::fixtureHasFortyCommandsThatAllImport()
{
    const QStringList commands = test::curlFixtureCommands();
    QCOMPARE(commands.size(), 40);
    for (const QString &c : commands) {
        const auto r = importCurl(c);
        QVERIFY2(r.ok(), qPrintable(c + QStringLiteral(": ") + (r.ok() ? "" : r.error().message)));
        QCOMPARE(r->collection.root.requestCount(), 1);
    }
}

void TestCurlImport::fixtureRequests_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("url");
    QTest::addColumn<int>("headers");
    QTest::addColumn<Body::Kind>("body");
    QTest::addColumn<Auth::Kind>("auth");

    const auto None = Body::Kind::None, Raw = Body::Kind::Raw, File = Body::Kind::File,
               Url = Body::Kind::UrlEncoded, Multi = Body::Kind::Multipart;
    const auto NoAuth = Auth::Kind::None, Basic = Auth::Kind::Basic;
    QTest::newRow("-d implies POST") << 0 << "POST"
                                     << "http://localhost:11434/api/generate" << 0 << Raw << NoAuth;
    QTest::newRow("-X POST -H -d") << 1 << "POST"
                                   << "http://localhost:11434/api/generate" << 1 << Raw << NoAuth;
    QTest::newRow("-I is HEAD")
        << 2 << "HEAD"
        << "http://localhost:11434/api/blobs/"
           "sha256:29fdb92e57cf0827ded04ae6461b5931d01fa595843f55d36f5b275a52087dd2"
        << 0 << None << NoAuth;
    QTest::newRow("-T with -X POST")
        << 3 << "POST"
        << "http://localhost:11434/api/blobs/"
           "sha256:29fdb92e57cf0827ded04ae6461b5931d01fa595843f55d36f5b2"
           "75a52087dd2"
        << 0 << File << NoAuth;
    QTest::newRow("plain GET") << 4 << "GET"
                               << "http://localhost:11434/api/tags" << 0 << None << NoAuth;
    QTest::newRow("DELETE with body") << 5 << "DELETE"
                                      << "http://localhost:11434/api/delete" << 0 << Raw << NoAuth;
    QTest::newRow("urlencode without -G posts")
        << 9 << "POST"
        << "http://localhost:9090/api/v1/series?" << 0 << Url << NoAuth;
    QTest::newRow("no scheme") << 10 << "GET"
                               << "http://localhost:9090/api/v1/labels" << 0 << None << NoAuth;
    QTest::newRow("-G moves data to the query")
        << 11 << "GET"
        << "http://localhost:9091/api/v1/targets/metadata?metric=go_goroutines&match_target=%7Bjob%"
           "3D%22prometheus%22%7D&limit=2"
        << 0 << None << NoAuth;
    QTest::newRow("-XPOST") << 12 << "POST"
                            << "http://localhost:9090/api/v1/admin/tsdb/snapshot" << 0 << None
                            << NoAuth;
    QTest::newRow("braces in URL") << 13 << "POST"
                                   << "http://localhost:9090/api/v1/admin/tsdb/"
                                      "delete_series?match[]=up&match[]=process_start_time_seconds{"
                                      "job=\"prometheus\"}"
                                   << 0 << None << NoAuth;
    QTest::newRow("--head") << 14 << "HEAD"
                            << "http://localhost:9090/graph" << 0 << None << NoAuth;
    QTest::newRow("-u user only") << 15 << "GET"
                                  << "http://localhost:9090/metrics" << 0 << None << Basic;
    QTest::newRow("bearer stays a header") << 17 << "POST"
                                           << "http://localhost:7700/keys" << 2 << Raw << NoAuth;
    QTest::newRow("quote then backslash")
        << 21 << "POST"
        << "http://127.0.0.1:7700/indexes/movies/documents" << 1 << File << NoAuth;
    QTest::newRow("postman style") << 23 << "POST"
                                   << "http://localhost:8080/client/foo" << 1 << Raw << NoAuth;
    QTest::newRow("-XDELETE") << 26 << "DELETE"
                              << "http://localhost:8848/"
                                 "3a322920d42ef0763152a6efff2ed51985530aedd45370f92fd0f0b8dcc30220"
                              << 0 << None << NoAuth;
    QTest::newRow("-F multipart") << 27 << "POST"
                                  << "http://127.0.0.1:8080/inference" << 1 << Multi << NoAuth;
    QTest::newRow("--json literal") << 29 << "POST"
                                    << "https://example.com" << 2 << Raw << NoAuth;
    QTest::newRow("--json @file") << 30 << "POST"
                                  << "https://example.com" << 2 << File << NoAuth;
    QTest::newRow("-u user:pass") << 31 << "GET"
                                  << "http://machine.domain/full/path/to/file" << 0 << None
                                  << Basic;
    QTest::newRow("credentials in URL kept")
        << 32 << "GET"
        << "http://name:passwd@machine.domain/full/path/to/file" << 0 << None << NoAuth;
    QTest::newRow("-d form") << 34 << "POST"
                             << "http://www.where.com/guest.cgi" << 0 << Url << NoAuth;
    QTest::newRow("-r range") << 35 << "GET"
                              << "http://www.get.this/" << 1 << None << NoAuth;
    QTest::newRow("-b cookie") << 38 << "GET"
                               << "http://www.sillypage.com" << 1 << None << NoAuth;
    QTest::newRow("IPv6") << 39 << "GET"
                          << "http://[2001:1890:1112:1::20]/" << 0 << None << NoAuth;
}

void TestCurlImport::fixtureRequests()
{
    QFETCH(int, index);
    const auto r = importCurl(test::curlFixtureCommands().at(index));
    QVERIFY(r.ok());
    const HttpRequest &req = r->collection.root.requests.first();
    QTEST(req.method, "method");
    QTEST(req.url, "url");
    QTEST(int(req.headers.size()), "headers");
    QTEST(req.body.kind, "body");
    QTEST(req.auth.kind, "auth");
}

void TestCurlImport::fixtureBodies()
{
    const QStringList c = test::curlFixtureCommands();
    auto req = [&](int i) { return importCurl(c.at(i))->collection.root.requests.first(); };

    // curl labels -d data as a form even when it is JSON; the importer says what curl sends.
    QCOMPARE(req(0).body.contentType, QStringLiteral("application/x-www-form-urlencoded"));
    QVERIFY(req(0).body.text.startsWith(QStringLiteral("{\n  \"model\": \"llama3.2\",")));
    QCOMPARE(req(1).body.contentType, QStringLiteral("application/json"));
    QCOMPARE(req(3).body.filePath, QStringLiteral("model.bin"));

    const HttpRequest series = req(9);
    QCOMPARE(series.body.fields.size(), 2);
    QCOMPARE(series.body.fields[1].name, QStringLiteral("match[]"));
    QCOMPARE(series.body.fields[1].value,
             QStringLiteral("process_start_time_seconds{job=\"prometheus\"}"));

    QCOMPARE(req(15).auth.username, QStringLiteral("admin"));
    QCOMPARE(req(15).auth.password, QString());
    QCOMPARE(req(17).headers[0].value, QStringLiteral("Bearer masterKey"));
    QVERIFY(req(19).body.text.contains(QStringLiteral("\"Shazam \u26A1\uFE0F\"")));
    // Inside single quotes the backslashes are literal: they are JSON's escapes.
    QVERIFY(req(20).body.text.contains(QStringLiteral("(director = \\\"Tim Burton\\\" OR")));
    QCOMPARE(req(21).body.filePath, QStringLiteral("movies.json"));

    const HttpRequest whisper = req(27);
    QCOMPARE(whisper.body.fields.size(), 3);
    QCOMPARE(whisper.body.fields[0].name, QStringLiteral("file"));
    QCOMPARE(whisper.body.fields[0].filePath, QStringLiteral("<file-path>"));
    QCOMPARE(whisper.body.fields[1].value, QStringLiteral("0.2"));
    QCOMPARE(whisper.body.fields[2].value, QStringLiteral("json"));
    QCOMPARE(whisper.body.contentType, QStringLiteral("multipart/form-data"));

    QCOMPARE(req(29).body.text, QStringLiteral("{ \"drink\": \"coffe\" }"));
    QCOMPARE(req(29).body.contentType, QStringLiteral("application/json"));
    QCOMPARE(req(29).headers[1].name, QStringLiteral("Accept"));
    QCOMPARE(req(30).body.filePath, QStringLiteral("prepared"));
    QCOMPARE(req(31).auth.password, QStringLiteral("passwd"));

    const HttpRequest form = req(34);
    QCOMPARE(form.body.fields.size(), 2);
    QCOMPARE(form.body.fields[0].value, QStringLiteral("Rafael Sagula"));
    QCOMPARE(form.body.fields[1].value, QStringLiteral("3320780"));
    QCOMPARE(req(35).headers[0].value, QStringLiteral("bytes=0-99"));
    QCOMPARE(req(36).headers[0].value, QStringLiteral("Mozilla/3.0 (Win95; I)"));
    QCOMPARE(req(37).headers[0].name, QStringLiteral("Referer"));
    QCOMPARE(req(37).headers[0].value, QStringLiteral("www.coolsite.com"));
    QCOMPARE(req(38).headers[0].value, QStringLiteral("name=Daniel"));
}

void TestCurlImport::fixtureWarnings_data()
{
    QTest::addColumn<int>("index");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("clean") << 1 << QStringList();
    QTest::newRow("-u without password") << 15 << QStringList{"no password given"};
    QTest::newRow("--location") << 23 << QStringList{"--location"};
    QTest::newRow("form value from file") << 28 << QStringList{"reads its value from"};
    QTest::newRow("proxy") << 33 << QStringList{"-x my-proxy:888"};
}

void TestCurlImport::fixtureWarnings()
{
    QFETCH(int, index);
    QFETCH(QStringList, expected);
    const auto r = importCurl(test::curlFixtureCommands().at(index));
    QVERIFY(r.ok());
    QCOMPARE(r->warnings.size(), expected.size());
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY2(r->warnings[i].what.contains(expected[i]), qPrintable(r->warnings[i].what));
}

void TestCurlImport::quoting_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("body");
    QTest::newRow("ansi-c") << "curl x -d $'a\\nb\\t\\x41\\101\\'q'"
                            << "a\nb\tAA'q";
    QTest::newRow("double quote escapes") << "curl x -d \"a\\\"b\\\\c\\$d\\xe\""
                                          << "a\"b\\c$d\\xe";
    QTest::newRow("adjacent quotes join") << "curl x -d 'a'\"b\"c"
                                          << "abc";
    QTest::newRow("crlf continuation") << "curl x \\\r\n -d 'v'"
                                       << "v";
    QTest::newRow("continuation inside double quotes") << "curl x -d \"a\\\nb\""
                                                       << "ab";
    QTest::newRow("comment") << "curl x -d 'v' # trailing note"
                             << "v";
}

void TestCurlImport::quoting()
{
    QFETCH(QString, command);
    const auto r = importCurl(command);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QTEST(r->collection.root.requests.first().body.text, "body");
}

void TestCurlImport::malformed_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty") << "" << 0 << "starts with the word curl";
    QTest::newRow("not curl") << "  wget http://x" << 2 << "starts with the word curl";
    QTest::newRow("open single") << "curl http://x -d 'abc" << 17 << "unterminated single";
    QTest::newRow("open double") << "curl \"http://x" << 5 << "unterminated double";
    QTest::newRow("open ansi-c") << "curl $'x" << 5 << "unterminated $'";
    QTest::newRow("value missing") << "curl http://x -H" << 14 << "-H needs a value";
    QTest::newRow("no url") << "curl -d a=b" << 11 << "no URL";
}

void TestCurlImport::malformed()
{
    QFETCH(QString, command);
    const auto r = importCurl(command);
    QVERIFY(!r.ok());
    QTEST(r.error().position, "position");
    QFETCH(QString, message);
    QVERIFY2(r.error().message.contains(message), qPrintable(r.error().message));
}

void TestCurlImport::unknownFlagIsNamed()
{
    const auto r = importCurl(QStringLiteral("curl -sSL --frobnicate -k http://x"));
    QVERIFY(r.ok());
    QCOMPARE(r->warnings.size(), 3);
    QCOMPARE(r->warnings[0].what, QStringLiteral("-L has no place in a request (skipped)"));
    QCOMPARE(r->warnings[1].where, QStringLiteral("argument 2"));
    QCOMPARE(r->warnings[1].what, QStringLiteral("unknown flag --frobnicate (skipped)"));
    QVERIFY(r->warnings[2].what.startsWith(QStringLiteral("-k")));
}

QTEST_GUILESS_MAIN(TestCurlImport)
#include "tst_curl_import.moc"
