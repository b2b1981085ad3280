// Unit tests for the request/response values: header lookup rules, target splitting,
// reason phrases and the hand-written response serialisation.
#include "http/message.h"
#include "http/response_writer.h"

#include <QTest>

using namespace bb::http;

class TstMessage : public QObject {
    Q_OBJECT

private slots:
    void headersCaseInsensitive_data();
    void headersCaseInsensitive();
    void headersSetReplacesAllAndKeepsPosition();
    void headersRemove();
    void headersKeepOrder();
    void pathAndQuery_data();
    void pathAndQuery();
    void reasonPhrase_data();
    void reasonPhrase();
    void headFraming_data();
    void headFraming();
    void dropsUnsafeHandlerFields();
    void problemBodyIsJson();
};

void TstMessage::headersCaseInsensitive_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("asked");
    QTest::addColumn<bool>("found");
    QTest::newRow("same") << "Content-Type"
                          << "Content-Type" << true;
    QTest::newRow("lower") << "Content-Type"
                           << "content-type" << true;
    QTest::newRow("upper") << "content-type"
                           << "CONTENT-TYPE" << true;
    QTest::newRow("prefix") << "Content-Type"
                            << "Content" << false;
    QTest::newRow("longer") << "Accept"
                            << "Accept-Encoding" << false;
}

void TstMessage::headersCaseInsensitive()
{
    QFETCH(QString, stored);
    QFETCH(QString, asked);
    QFETCH(bool, found);
    Headers h;
    h.add(stored.toStdString(), "v");
    QCOMPARE(h.has(asked.toStdString()), found);
    QCOMPARE(h.get(asked.toStdString()) == "v", found);
}

void TstMessage::headersSetReplacesAllAndKeepsPosition()
{
    Headers h;
    h.add("A", "1");
    h.add("X-Dup", "first");
    h.add("B", "2");
    h.add("x-dup", "second");
    h.set("X-DUP", "only");
    QCOMPARE(h.fields().size(), std::size_t(3));
    QCOMPARE(h.fields()[1].first, std::string("X-Dup"));
    QCOMPARE(h.fields()[1].second, std::string("only"));
    QCOMPARE(h.get("x-dup"), std::string_view("only"));
    h.set("New", "n");
    QCOMPARE(h.fields().back().first, std::string("New"));
}

void TstMessage::headersRemove()
{
    Headers h;
    h.add("Keep", "1");
    h.add("Drop", "a");
    h.add("DROP", "b");
    h.remove("drop");
    QCOMPARE(h.fields().size(), std::size_t(1));
    QVERIFY(!h.has("Drop"));
    QVERIFY(h.get("Drop").empty());
    QCOMPARE(h.get("keep"), std::string_view("1"));
}

void TstMessage::headersKeepOrder()
{
    Headers h;
    h.add("Set-Cookie", "a=1");
    h.add("Set-Cookie", "b=2");
    QCOMPARE(h.get("set-cookie"), std::string_view("a=1"));
    QCOMPARE(h.fields()[1].second, std::string("b=2"));
}

void TstMessage::pathAndQuery_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("query");
    QTest::newRow("plain") << "/api/v1/posts"
                           << "/api/v1/posts"
                           << "";
    QTest::newRow("query") << "/api/v1/posts?page=2&perPage=5"
                           << "/api/v1/posts"
                           << "page=2&perPage=5";
    QTest::newRow("empty query") << "/x?"
                                 << "/x"
                                 << "";
    QTest::newRow("second ?") << "/test.cgi?foo=bar?baz"
                              << "/test.cgi"
                              << "foo=bar?baz";
    QTest::newRow("encoded not decoded") << "/a%20b?q=%41"
                                         << "/a%20b"
                                         << "q=%41";
    QTest::newRow("asterisk") << "*"
                              << "*"
                              << "";
}

void TstMessage::pathAndQuery()
{
    QFETCH(QString, target);
    QFETCH(QString, path);
    QFETCH(QString, query);
    Request r;
    r.target = target.toStdString();
    QCOMPARE(QString::fromUtf8(r.path().data(), qsizetype(r.path().size())), path);
    QCOMPARE(QString::fromUtf8(r.query().data(), qsizetype(r.query().size())), query);
}

void TstMessage::reasonPhrase_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("phrase");
    QTest::newRow("200") << 200 << "OK";
    QTest::newRow("204") << 204 << "No Content";
    QTest::newRow("304") << 304 << "Not Modified";
    QTest::newRow("404") << 404 << "Not Found";
    QTest::newRow("408") << 408 << "Request Timeout";
    QTest::newRow("413") << 413 << "Content Too Large";
    QTest::newRow("429") << 429 << "Too Many Requests";
    QTest::newRow("431") << 431 << "Request Header Fields Too Large";
    QTest::newRow("503") << 503 << "Service Unavailable";
    QTest::newRow("unknown 4xx") << 499 << "Client Error";
    QTest::newRow("nonsense") << 42 << "Unknown";
}

void TstMessage::reasonPhrase()
{
    QFETCH(int, status);
    QFETCH(QString, phrase);
    const auto p = bb::http::reasonPhrase(status);
    QCOMPARE(QString::fromLatin1(p.data(), qsizetype(p.size())), phrase);
}

void TstMessage::headFraming_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("head");
    QTest::addColumn<bool>("close");
    QTest::addColumn<bool>("bodyFollows");
    QTest::addColumn<bool>("hasLength");
    QTest::newRow("200") << 200 << false << false << true << true;
    QTest::newRow("200 HEAD") << 200 << true << false << false << true;
    QTest::newRow("204") << 204 << false << false << false << false;
    QTest::newRow("304") << 304 << false << true << false << false;
    QTest::newRow("404 close") << 404 << false << true << true << true;
}

void TstMessage::headFraming()
{
    QFETCH(int, status);
    QFETCH(bool, head);
    QFETCH(bool, close);
    QFETCH(bool, bodyFollows);
    QFETCH(bool, hasLength);
    Response r;
    r.status = status;
    r.body = "hello";
    r.headers.add("Content-Type", "text/plain");
    WriteOptions o;
    o.headRequest = head;
    o.close = close;
    std::string out;
    QCOMPARE(appendHead(out, r, o), bodyFollows);
    const QByteArray text = QByteArray::fromStdString(out);
    QVERIFY(text.startsWith("HTTP/1.1 " + QByteArray::number(status) + ' '));
    QVERIFY(text.endsWith("\r\n\r\n"));
    QVERIFY(text.contains("\r\nContent-Type: text/plain\r\n"));
    QVERIFY(text.contains("\r\nDate: "));
    QCOMPARE(text.contains("\r\nContent-Length: 5\r\n"), hasLength);
    QCOMPARE(text.contains("\r\nConnection: close\r\n"), close);
}

void TstMessage::dropsUnsafeHandlerFields()
{
    Response r;
    r.headers.add("X-Injected", "a\r\nSet-Cookie: evil=1");
    r.headers.add("Bad Name", "v");
    r.headers.add("Content-Length", "999");
    r.headers.add("X-Fine", "ok");
    r.body = "abc";
    std::string out;
    appendHead(out, r, {});
    const QByteArray text = QByteArray::fromStdString(out);
    QVERIFY(!text.contains("evil"));
    QVERIFY(!text.contains("Bad Name"));
    QVERIFY(!text.contains("999"));
    QVERIFY(text.contains("\r\nContent-Length: 3\r\n"));
    QVERIFY(text.contains("\r\nX-Fine: ok\r\n"));
}

void TstMessage::problemBodyIsJson()
{
    const std::string body = problemBody(413, "too \"big\"");
    QCOMPARE(QByteArray::fromStdString(body),
             QByteArray("{\"type\":\"about:blank\",\"title\":\"Content Too Large\","
                        "\"status\":413,\"detail\":\"too \\\"big\\\"\"}"));
    const Response r = problemResponse(400, "x", true);
    QCOMPARE(r.headers.get("content-type"), std::string_view("application/problem+json"));
    QVERIFY(r.close);
}

QTEST_GUILESS_MAIN(TstMessage)
#include "tst_message.moc"
