// The server's own refusals over raw TCP: size limits, framing the server must not guess
// at, and timeouts. After each case a fresh well-formed request must still be served.
#include "http/server.h"
#include "http_test_client.h"

#include <QElapsedTimer>
#include <QTest>

#include <atomic>
#include <mutex>

using namespace bb::http;
using bb::http::test::RawClient;
using bb::http::test::RawResponse;

namespace {

struct Observed {
    std::mutex mutex;
    int count = 0;
    int lastStatus = 0;
    std::string lastReason;
    std::string lastRemote;
};

struct Fixture {
    Observed observed;
    std::unique_ptr<Server> server;
    quint16 port = 0;

    explicit Fixture(Limits limits)
    {
        ServerConfig config;
        config.port = 0;
        // One I/O thread: the sessions run without strands, so this covers that path.
        config.threads = 1;
        config.limits = limits;
        server = std::make_unique<Server>(config, [](Request &r) {
            Response out;
            out.body = r.method + " " + r.target + " " + std::to_string(r.body.size());
            return out;
        });
        server->setRejectObserver(
            [this](int status, std::string_view reason, const std::string &remote) {
                std::lock_guard lock(observed.mutex);
                ++observed.count;
                observed.lastStatus = status;
                observed.lastReason = std::string(reason);
                observed.lastRemote = remote;
            });
        if (auto started = server->start())
            port = *started;
    }

    int observedCount()
    {
        std::lock_guard lock(observed.mutex);
        return observed.count;
    }

    bool servesFreshRequest()
    {
        RawClient c;
        if (!c.connectTo(port))
            return false;
        c.send("GET /fresh HTTP/1.1\r\nHost: t\r\n\r\n");
        const RawResponse r = c.readResponse();
        return r.status == 200 && r.body == "GET /fresh 0";
    }
};

Limits testLimits()
{
    Limits l;
    l.headerBytes = 1024;
    l.bodyBytes = 1000;
    l.headerTimeout = std::chrono::milliseconds(200);
    l.idleTimeout = std::chrono::milliseconds(400);
    return l;
}

} // namespace

class TstLimits : public QObject {
    Q_OBJECT

private slots:
    void refused_data();
    void refused();
    void bodyAtTheLimitIsAccepted();
    void slowHeadersGet408();
    void trickledHeadersStillTimeOut();
    void idleKeepAliveIsClosed();
    void silentConnectionIsClosed();
};

void TstLimits::refused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    const QByteArray big(2000, 'a');
    QTest::newRow("header field too large")
        << QByteArray("GET / HTTP/1.1\r\nHost: t\r\nX-Big: " + big + "\r\n\r\n") << 431;
    QTest::newRow("request line too large")
        << QByteArray("GET /" + big + " HTTP/1.1\r\nHost: t\r\n\r\n") << 431;
    QTest::newRow("head never ends within limit")
        << QByteArray("GET / HTTP/1.1\r\n" + QByteArray(1100, 'h')) << 431;
    QTest::newRow("body over limit by Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n" +
                      QByteArray(5000, 'b'))
        << 413;
    QTest::newRow("chunked body over limit")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "3e8\r\n" +
                      QByteArray(1000, 'c') + "\r\n1\r\nc\r\n0\r\n\r\n")
        << 413;
    QTest::newRow("Content-Length and Transfer-Encoding")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        << 400;
    QTest::newRow("Transfer-Encoding then Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
                      "Content-Length: 4\r\n\r\n0\r\n\r\n")
        << 400;
    QTest::newRow("duplicate Content-Length, equal values")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 3\r\n"
                      "\r\nabc")
        << 400;
    QTest::newRow("duplicate Content-Length, different values")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n"
                      "\r\nabcd")
        << 400;
    QTest::newRow("Content-Length list")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3, 3\r\n\r\nabc") << 400;
    QTest::newRow("negative Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n") << 400;
    QTest::newRow("bad chunk size")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "zz\r\nabc\r\n0\r\n\r\n")
        << 400;
    QTest::newRow("chunk size overflow")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "fffffffffffffffffffff\r\nabc\r\n0\r\n\r\n")
        << 400;
    QTest::newRow("chunk data longer than its size")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "2\r\nabc\r\n0\r\n\r\n")
        << 400;
    QTest::newRow("unsupported transfer coding")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray(
                                     "GET / HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n  folded\r\n\r\n")
                              << 400;
    QTest::newRow("bare LF") << QByteArray("GET / HTTP/1.1\nHost: t\n\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : t\r\n\r\n") << 400;
    QTest::newRow("duplicate Host")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::newRow("unknown method") << QByteArray("FROB / HTTP/1.1\r\nHost: t\r\n\r\n") << 400;
    QTest::newRow("CONNECT") << QByteArray("CONNECT a.b:443 HTTP/1.1\r\nHost: a.b:443\r\n\r\n")
                             << 400;
    QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 400;
    QTest::newRow("version 1.2") << QByteArray("GET / HTTP/1.2\r\nHost: t\r\n\r\n") << 400;
    QTest::newRow("truncated body at EOF")
        << QByteArray("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc") << 400;
    static const char withNul[] = "GET / HTTP/1.1\r\nX: a\0b\r\n\r\n";
    QTest::newRow("NUL in value") << QByteArray(withNul, sizeof withNul - 1) << 400;
}

void TstLimits::refused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    Fixture f(testLimits());
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send(bytes));
    c.shutdownWrite();
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
    QVERIFY(r.body.contains("\"status\":" + QByteArray::number(status)));
    QVERIFY(r.body.contains("\"type\":\"about:blank\""));
    QVERIFY(c.waitClosed());
    QCOMPARE(f.server->stats().requests, 0); // the handler never saw it
    QCOMPARE(f.server->stats().rejectedRequests, 1);
    QCOMPARE(f.observedCount(), 1);
    {
        std::lock_guard lock(f.observed.mutex);
        QCOMPARE(f.observed.lastStatus, status);
        QCOMPARE(f.observed.lastRemote, std::string("127.0.0.1"));
        QVERIFY(!f.observed.lastReason.empty());
    }
    QVERIFY(f.servesFreshRequest());
}

void TstLimits::bodyAtTheLimitIsAccepted()
{
    Fixture f(testLimits());
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" +
                   QByteArray(1000, 'b')));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("POST / 1000"));
}

void TstLimits::slowHeadersGet408()
{
    Fixture f(testLimits());
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QElapsedTimer t;
    t.start();
    QVERIFY(c.send("GET / HTTP/1.1\r\nHost: t\r\n"));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 408);
    QVERIFY2(t.elapsed() >= 150, "the header timeout fired early");
    QVERIFY(c.waitClosed());
    QTRY_COMPARE(f.observedCount(), 1);
    QVERIFY(f.servesFreshRequest());
}

void TstLimits::trickledHeadersStillTimeOut()
{
    // Sending a byte now and then must not extend the header deadline: it runs from the
    // first byte of the request.
    Fixture f(testLimits());
    RawClient c(3000);
    QVERIFY(c.connectTo(f.port));
    QElapsedTimer t;
    t.start();
    const QByteArray head = "GET / HTTP/1.1\r\nHost: t\r\nX-Slow: ";
    QVERIFY(c.send(head));
    for (int i = 0; i < 40; ++i) {
        c.send("a");
        if (c.socket().waitForReadyRead(50))
            break; // the server answered
    }
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 408);
    QVERIFY(t.elapsed() < 1500);
    QVERIFY(f.servesFreshRequest());
}

void TstLimits::idleKeepAliveIsClosed()
{
    Fixture f(testLimits());
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send("GET /one HTTP/1.1\r\nHost: t\r\n\r\n"));
    QCOMPARE(c.readResponse().status, 200);
    QElapsedTimer t;
    t.start();
    QVERIFY(c.waitClosed());
    QVERIFY2(t.elapsed() >= 300, "closed before the idle timeout");
    QVERIFY(c.leftover().isEmpty()); // a plain close: no 408 for an idle connection
    QCOMPARE(f.observedCount(), 0);
    QVERIFY(f.servesFreshRequest());
}

void TstLimits::silentConnectionIsClosed()
{
    Fixture f(testLimits());
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.waitClosed());
    QVERIFY(c.leftover().isEmpty());
    QCOMPARE(f.server->stats().rejectedRequests, 0);
    QTRY_COMPARE(f.server->stats().openConnections, 0);
}

QTEST_GUILESS_MAIN(TstLimits)
#include "tst_limits.moc"
