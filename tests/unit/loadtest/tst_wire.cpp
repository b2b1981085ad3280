// The bytes on the wire: requests serialised once (Host, Content-Length, {{variables}}, weights)
// and the minimal response parser (lengths, chunks split anywhere, close-delimited bodies, HEAD,
// interim answers, errors); plus the open model's arrival schedule.
#include "loadtest/request_set_p.h"
#include "loadtest/response_checks_p.h"
#include "loadtest/response_parser_p.h"
#include "loadtest/schedule_p.h"
#include "loadtest/target_p.h"

#include <QTest>

using namespace bb::loadtest;

namespace {

struct Parsed {
    ResponseParser::Result result;
    int status;
    bool keepAlive;
    std::size_t used;
};

/// Feeds `bytes` in pieces of `step`, as reads would deliver them.
Parsed feedInPieces(ResponseParser &p, const std::string &bytes, std::size_t step)
{
    std::size_t at = 0;
    while (at < bytes.size()) {
        const std::size_t n = std::min(step, bytes.size() - at);
        std::size_t used = 0;
        const auto r = p.feed(bytes.data() + at, n, used);
        at += used;
        if (r != ResponseParser::Result::NeedMore)
            return {r, p.status(), p.keepAlive(), at};
    }
    return {ResponseParser::Result::NeedMore, p.status(), p.keepAlive(), at};
}

} // namespace

class tst_Wire : public QObject {
    Q_OBJECT

private slots:
    void targets()
    {
        auto t = std::get<Target>(parseTarget("https://example.com/a?b=1#frag"));
        QVERIFY(t.tls);
        QCOMPARE(t.port, std::string("443"));
        QCOMPARE(t.hostHeader, std::string("example.com"));
        QCOMPARE(t.path, std::string("/a?b=1"));
        auto u = std::get<Target>(parseTarget("http://[::1]:8080"));
        QCOMPARE(u.host, std::string("::1"));
        QCOMPARE(u.hostHeader, std::string("[::1]:8080"));
        QCOMPARE(u.path, std::string("/"));
        QVERIFY(isIpLiteral("::1"));
        QVERIFY(!isIpLiteral("localhost"));
        QCOMPARE(QString::fromStdString(std::get<std::string>(parseTarget("http://h:80x/"))),
                 QStringLiteral("\"http://h:80x/\" at 12: a port is a number"));
        QVERIFY(std::holds_alternative<std::string>(parseTarget("example.com")));
        QVERIFY(std::holds_alternative<std::string>(parseTarget("http://h/a b")));
    }

    void requestBytes()
    {
        Scenario s;
        s.requests.push_back({"",
                              "POST",
                              "http://127.0.0.1:8080/items",
                              {{"Content-Type", "application/json"}},
                              R"({"a":1})",
                              1});
        auto set = std::get<RequestSet>(RequestSet::build(s));
        std::string out;
        set.append(0, out);
        QCOMPARE(
            QString::fromStdString(out),
            QStringLiteral("POST /items HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
                           "Content-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}"));
        QVERIFY(set.fixedBytes(0) != nullptr);
    }

    void variablesFromRows()
    {
        Scenario s;
        s.requests.push_back({"",
                              "PUT",
                              "http://h/users/{{id}}",
                              {{"X-Name", "{{name}}"}},
                              R"({"name":"{{name}}"})",
                              1});
        s.dataRows = {{{"id", "1"}, {"name", "ann"}}, {{"id", "22"}, {"name", "bob"}}};
        auto set = std::get<RequestSet>(RequestSet::build(s));
        QVERIFY(set.fixedBytes(0) == nullptr);
        std::string a, b, c;
        set.append(0, a);
        set.append(1, b);
        set.append(2, c);
        QCOMPARE(QString::fromStdString(a),
                 QStringLiteral("PUT /users/1 HTTP/1.1\r\nHost: h\r\nX-Name: ann\r\n"
                                "Content-Length: 14\r\n\r\n{\"name\":\"ann\"}"));
        QVERIFY(b.find("PUT /users/22 ") == 0);
        QCOMPARE(a, c); // rows cycle
        Scenario noRows = s;
        noRows.dataRows.clear();
        QVERIFY(std::holds_alternative<std::string>(RequestSet::build(noRows)));
    }

    void weightsAndOrigins()
    {
        Scenario s;
        s.requests.push_back({"a", "GET", "http://h/a", {}, "", 1});
        s.requests.push_back({"b", "GET", "http://h/b", {}, "", 3});
        s.weighted = true;
        auto set = std::get<RequestSet>(RequestSet::build(s));
        int b = 0;
        for (std::uint64_t k = 0; k < 1000; ++k)
            b += set.specFor(k) == 1;
        QCOMPARE(b, 750);
        s.requests.push_back({"c", "GET", "http://other/b", {}, "", 1});
        const auto err = std::get<std::string>(RequestSet::build(s));
        QVERIFY2(err.find("one run loads one origin") != std::string::npos, err.c_str());
    }

    void parserSplitAnywhere_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
                                << 200 << true;
        QTest::newRow("chunked")
            << QByteArray("HTTP/1.1 201 Created\r\ntransfer-encoding: Chunked\r\n\r\n"
                          "5;ext=1\r\nhello\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n")
            << 201 << true;
        QTest::newRow("close")
            << QByteArray(
                   "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n")
            << 404 << false;
        QTest::newRow("1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx") << 200
                             << false;
        QTest::newRow("1.0 keep-alive")
            << QByteArray("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\nx")
            << 200 << true;
        QTest::newRow("interim")
            << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n") << 204
            << true;
        QTest::newRow("no reason")
            << QByteArray("HTTP/1.1 503\r\nContent-Length: 2\r\n\r\nno") << 503 << true;
    }
    void parserSplitAnywhere()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(bool, keepAlive);
        const std::string text = bytes.toStdString();
        for (std::size_t step = 1; step <= text.size(); ++step) {
            ResponseParser p;
            p.begin(false);
            const Parsed r = feedInPieces(p, text, step);
            QVERIFY2(r.result == ResponseParser::Result::Complete,
                     qPrintable(QString::number(step)));
            QCOMPARE(r.status, status);
            QCOMPARE(r.keepAlive, keepAlive);
            QCOMPARE(r.used, text.size());
        }
    }

    void parserStopsAtTheEndOfEachResponse()
    {
        const std::string two = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 500 "
                                "E\r\nContent-Length: 0\r\n\r\n";
        ResponseParser p;
        p.begin(false);
        std::size_t used = 0;
        QVERIFY(p.feed(two.data(), two.size(), used) == ResponseParser::Result::Complete);
        QCOMPARE(p.status(), 200);
        const std::size_t first = used;
        p.begin(false);
        QVERIFY(p.feed(two.data() + first, two.size() - first, used) ==
                ResponseParser::Result::Complete);
        QCOMPARE(p.status(), 500);
        QCOMPARE(first + used, two.size());
    }

    void headAndCloseDelimited()
    {
        ResponseParser p;
        p.begin(true);
        std::size_t used = 0;
        const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
        QVERIFY(p.feed(head.data(), head.size(), used) == ResponseParser::Result::Complete);
        p.begin(false);
        const std::string untilClose = "HTTP/1.1 200 OK\r\n\r\nall of it";
        QVERIFY(p.feed(untilClose.data(), untilClose.size(), used) ==
                ResponseParser::Result::NeedMore);
        QVERIFY(!p.keepAlive());
        QVERIFY(p.finishOnEof() == ResponseParser::Result::Complete);
        p.begin(false);
        const std::string cut = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc";
        QVERIFY(p.feed(cut.data(), cut.size(), used) == ResponseParser::Result::NeedMore);
        QVERIFY(p.finishOnEof() == ResponseParser::Result::Error);
    }

    void parserErrors_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not http") << QByteArray("SPDY/3 200 OK\r\n\r\n");
        QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n");
        QTest::newRow("bad header") << QByteArray("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
        QTest::newRow("bad length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n");
        QTest::newRow("bad chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
        QTest::newRow("long chunk")
            << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n");
    }
    void parserErrors()
    {
        QFETCH(QByteArray, bytes);
        ResponseParser p;
        p.begin(false);
        std::size_t used = 0;
        QVERIFY(p.feed(bytes.constData(), std::size_t(bytes.size()), used) ==
                ResponseParser::Result::Error);
        QVERIFY(!p.error().empty());
    }

    void checksSeeCapturedParts()
    {
        std::vector<Check> checks;
        for (const char *c :
             {"status=2xx", "header:X-Id=5", "body~needle", "json:$.a[1].b=true", "json:$.missing"})
            checks.push_back(std::get<Check>(Check::parse(c)));
        ResponseChecks rc(checks);
        QVERIFY(rc.needsBody());
        ResponseParser p;
        p.setCaptures(rc.headerNames(), rc.needsBody());
        p.begin(false);
        const std::string body = R"({"a":[0,{"b":true}],"s":"needle"})";
        const std::string r =
            "HTTP/1.1 200 OK\r\nx-id: 5\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n\r\n" + body;
        std::size_t used = 0;
        QVERIFY(p.feed(r.data(), r.size(), used) == ResponseParser::Result::Complete);
        std::vector<char> passed;
        QVERIFY(!rc.run(p, passed));
        QCOMPARE(passed, (std::vector<char>{1, 1, 1, 1, 0}));
        std::string v;
        QVERIFY(jsonPathValue(R"({"x":{"y":[1.5,"t",null]}})", "$.x.y[0]", v));
        QCOMPARE(v, std::string("1.5"));
        QVERIFY(jsonPathValue(R"({"x":{"y":[1.5,"t",null]}})", "$['x'].y[2]", v));
        QCOMPARE(v, std::string("null"));
    }

    void openSchedule()
    {
        Scenario s;
        s.model = Model::Open;
        s.rate = 100;
        s.durationSeconds = 2;
        Schedule constant(s);
        QCOMPARE(constant.dueTime(0), 0.005);
        QVERIFY(std::abs(constant.dueTime(99) - 0.995) < 1e-9);
        QVERIFY(std::isinf(constant.dueTime(200)));
        QCOMPARE(constant.arrivalsBy(1.0), 100.0);

        s.stages = {{10, 100}, {10, 100}, {10, 0}};
        Schedule ramp(s);
        QCOMPARE(ramp.endSeconds(), 30.0);
        QCOMPARE(ramp.arrivalsBy(10), 500.0);
        QCOMPARE(ramp.arrivalsBy(30), 2000.0);
        QCOMPARE(ramp.targetAt(5), 50.0);
        for (double n : {0.0, 10.0, 499.0, 500.0, 1234.0, 1998.0}) {
            const double t = ramp.dueTime(n);
            QVERIFY2(std::abs(ramp.arrivalsBy(t) - (n + 0.5)) < 1e-6,
                     qPrintable(QString::number(n)));
        }
        QVERIFY(std::isinf(ramp.dueTime(2000)));
    }
};

QTEST_GUILESS_MAIN(tst_Wire)
#include "tst_wire.moc"
