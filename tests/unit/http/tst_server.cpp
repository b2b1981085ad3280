// Server behaviour over real loopback sockets: keep-alive, pipelining, HEAD, 100-continue,
// failing handlers, graceful stop, connection limits and the counters.
#include "http/server.h"
#include "http_test_client.h"

#include <QTest>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace bb::http;
using bb::http::test::RawClient;
using bb::http::test::RawResponse;

namespace {

// Lets a test hold a handler inside the server until it says so.
struct Gate {
    std::mutex mutex;
    std::condition_variable cv;
    bool open = false;
    std::atomic<bool> entered{false};

    void wait()
    {
        entered = true;
        std::unique_lock lock(mutex);
        cv.wait_for(lock, std::chrono::seconds(10), [&] { return open; });
    }
    void release()
    {
        std::lock_guard lock(mutex);
        open = true;
        cv.notify_all();
    }
};

struct Fixture {
    Gate gate;
    std::atomic<int> written{0};
    std::atomic<int> writtenOk{0};
    std::unique_ptr<Server> server;
    quint16 port = 0;

    explicit Fixture(Limits limits = {}, int threads = 2)
    {
        ServerConfig config;
        config.bindAddress = "127.0.0.1";
        config.port = 0;
        config.threads = threads;
        config.limits = limits;
        server = std::make_unique<Server>(config, [this](Request &r) { return handle(r); });
        auto started = server->start();
        if (started)
            port = *started;
    }

    Response handle(Request &r)
    {
        Response out;
        const std::string_view path = r.path();
        if (path == "/throw")
            throw std::runtime_error("handler failure");
        if (path == "/slow")
            gate.wait();
        if (path == "/nocontent") {
            out.status = 204;
            out.body = "ignored";
            return out;
        }
        if (path == "/echo") {
            out.body = r.body;
        } else if (path == "/big") {
            out.body.assign(200 * 1024, 'b');
        } else {
            out.body = r.method + " " + r.target;
        }
        out.headers.add("Content-Type", "text/plain");
        out.headers.add("X-Remote", r.remoteAddress);
        out.onWritten = [this](std::int64_t ns, bool ok) {
            if (ok && ns >= 0)
                ++writtenOk;
            ++written;
        };
        return out;
    }
};

QByteArray get(const QByteArray &target, const QByteArray &extra = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

} // namespace

class TstServer : public QObject {
    Q_OBJECT

private slots:
    void bindsFreePort();
    void startTwiceFailsAndBadAddressIsAnError();
    void keepAliveServesSeveralRequests();
    void pipelinedRequestsAnsweredInOrder();
    void pipelineDeeperThanTheBatch();
    void headHasLengthButNoBody();
    void noContentHasNoLength();
    void http10_data();
    void http10();
    void expectContinue();
    void expectContinueOverLimitGets413();
    void largeBodiesBothWays();
    void handlerThrowsGives500AndServerLives();
    void gracefulStopFinishesInFlightRequest();
    void stopClosesIdleConnectionsAndIsIdempotent();
    void maxConnectionsRefusesTheThird();
    void statsCount();
};

void TstServer::bindsFreePort()
{
    Fixture f;
    QVERIFY(f.port != 0);
    QCOMPARE(f.server->port(), f.port);
    QVERIFY(f.server->running());
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send(get("/hello")));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("GET /hello"));
    QCOMPARE(r.header("X-Remote"), QByteArray("127.0.0.1"));
    QVERIFY(r.hasHeader("Date"));
}

void TstServer::startTwiceFailsAndBadAddressIsAnError()
{
    Fixture f;
    QVERIFY(!f.server->start().ok());
    ServerConfig config;
    config.bindAddress = "not-an-address";
    config.port = 0;
    Server bad(config, [](Request &) { return Response{}; });
    auto r = bad.start();
    QVERIFY(!r.ok());
    QVERIFY(!bad.running());
    // The same port twice must fail, not share the socket.
    ServerConfig clash;
    clash.port = f.port;
    clash.threads = 1;
    Server second(clash, [](Request &) { return Response{}; });
    QVERIFY(!second.start().ok());
}

void TstServer::keepAliveServesSeveralRequests()
{
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    for (int i = 0; i < 5; ++i) {
        QVERIFY(c.send(get("/k/" + QByteArray::number(i))));
        const RawResponse r = c.readResponse();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, "GET /k/" + QByteArray::number(i));
        QVERIFY(!r.hasHeader("Connection"));
    }
    QCOMPARE(f.server->stats().acceptedConnections, 1);
    QCOMPARE(f.server->stats().requests, 5);
}

void TstServer::pipelinedRequestsAnsweredInOrder()
{
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QByteArray batch;
    for (int i = 0; i < 20; ++i)
        batch += get("/p/" + QByteArray::number(i));
    QVERIFY(c.send(batch));
    for (int i = 0; i < 20; ++i) {
        const RawResponse r = c.readResponse();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, "GET /p/" + QByteArray::number(i));
    }
    QCOMPARE(f.server->stats().requests, 20);
}

void TstServer::pipelineDeeperThanTheBatch()
{
    // A depth of 3 still answers all 10, across several batches, in order, including a
    // POST whose body sits between pipelined requests.
    Limits limits;
    limits.pipelineDepth = 3;
    Fixture f(limits);
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QByteArray batch;
    for (int i = 0; i < 10; ++i) {
        if (i == 5)
            batch += "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody";
        else
            batch += get("/d/" + QByteArray::number(i));
    }
    QVERIFY(c.send(batch));
    for (int i = 0; i < 10; ++i) {
        const RawResponse r = c.readResponse();
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body, i == 5 ? QByteArray("body") : "GET /d/" + QByteArray::number(i));
    }
}

void TstServer::headHasLengthButNoBody()
{
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n" + get("/after")));
    const RawResponse head = c.readResponse(true);
    QCOMPARE(head.status, 200);
    QCOMPARE(head.header("Content-Length"), QByteArray::number(QByteArray("HEAD /h").size()));
    QVERIFY(head.body.isEmpty());
    // Had the server sent a body, it would be read here as a broken status line.
    const RawResponse next = c.readResponse();
    QCOMPARE(next.status, 200);
    QCOMPARE(next.body, QByteArray("GET /after"));
}

void TstServer::noContentHasNoLength()
{
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send(get("/nocontent") + get("/after")));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 204);
    QVERIFY(!r.hasHeader("Content-Length"));
    QCOMPARE(c.readResponse().body, QByteArray("GET /after"));
}

void TstServer::http10_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("keptAlive");
    QTest::newRow("1.0 default close") << QByteArray("GET /a HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET /a HTTP/1.1\r\nConnection: close\r\n\r\n")
                               << false;
}

void TstServer::http10()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, keptAlive);
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send(request));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 200);
    if (keptAlive) {
        QCOMPARE(r.header("Connection").toLower(), QByteArray("keep-alive"));
        QVERIFY(c.send(get("/again")));
        QCOMPARE(c.readResponse().status, 200);
    } else {
        QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
        QVERIFY(c.waitClosed());
    }
}

void TstServer::expectContinue()
{
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
                   "Expect: 100-continue\r\n\r\n"));
    const RawResponse interim = c.readResponse();
    QCOMPARE(interim.status, 100);
    QVERIFY(c.send("hello"));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("hello"));
}

void TstServer::expectContinueOverLimitGets413()
{
    Limits limits;
    limits.bodyBytes = 1000;
    Fixture f(limits);
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n"
                   "Expect: 100-continue\r\n\r\n"));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 413);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
    QVERIFY(c.waitClosed());
}

void TstServer::largeBodiesBothWays()
{
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QByteArray body(300 * 1024, 'x');
    for (int i = 0; i < body.size(); i += 997)
        body[i] = char('a' + i % 26);
    QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                   QByteArray::number(body.size()) + "\r\n\r\n" + body + get("/big")));
    const RawResponse echo = c.readResponse();
    QCOMPARE(echo.status, 200);
    QCOMPARE(echo.body.size(), body.size());
    QVERIFY(echo.body == body);
    const RawResponse big = c.readResponse();
    QCOMPARE(big.status, 200);
    QCOMPARE(big.body, QByteArray(200 * 1024, 'b'));
    // chunked upload reassembled
    QVERIFY(c.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                   "5\r\nhello\r\n1;ext=1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n"));
    QCOMPARE(c.readResponse().body, QByteArray("hello world"));
}

void TstServer::handlerThrowsGives500AndServerLives()
{
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send(get("/throw")));
    const RawResponse r = c.readResponse();
    QCOMPARE(r.status, 500);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/problem+json"));
    QVERIFY(r.body.contains("\"status\":500"));
    QVERIFY(c.send(get("/same-connection")));
    QCOMPARE(c.readResponse().status, 200);
    RawClient other;
    QVERIFY(other.connectTo(f.port));
    QVERIFY(other.send(get("/fresh")));
    QCOMPARE(other.readResponse().status, 200);
}

void TstServer::gracefulStopFinishesInFlightRequest()
{
    Fixture f;
    RawClient busy;
    RawClient idle;
    QVERIFY(busy.connectTo(f.port));
    QVERIFY(idle.connectTo(f.port));
    QVERIFY(idle.send(get("/warm")));
    QCOMPARE(idle.readResponse().status, 200);
    QVERIFY(busy.send(get("/slow")));
    QTRY_VERIFY(f.gate.entered.load());

    std::thread stopper([&] { f.server->stop(std::chrono::milliseconds(5000)); });
    QTRY_VERIFY(!f.server->running());
    // The acceptor is closed before stop() reports not running: new connections fail.
    QTcpSocket fresh;
    fresh.connectToHost(QStringLiteral("127.0.0.1"), f.port);
    QVERIFY(!fresh.waitForConnected(2000));
    QCOMPARE(fresh.error(), QAbstractSocket::ConnectionRefusedError);
    // The idle connection is closed at once, while the handler still runs.
    QVERIFY(idle.waitClosed());
    QVERIFY(!f.gate.open);

    f.gate.release();
    const RawResponse r = busy.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("GET /slow"));
    QCOMPARE(r.header("Connection").toLower(), QByteArray("close"));
    QVERIFY(busy.waitClosed());
    stopper.join();
    QCOMPARE(f.server->stats().openConnections, 0);
}

void TstServer::stopClosesIdleConnectionsAndIsIdempotent()
{
    Fixture f;
    RawClient c;
    QVERIFY(c.connectTo(f.port));
    QVERIFY(c.send(get("/x")));
    QCOMPARE(c.readResponse().status, 200);
    QElapsedTimer t;
    t.start();
    f.server->stop(std::chrono::milliseconds(3000));
    // Idle sessions do not wait for the grace period.
    QVERIFY(t.elapsed() < 2000);
    QVERIFY(c.waitClosed());
    f.server->stop();
    QVERIFY(!f.server->running());
    // A stopped server can start again.
    QVERIFY(f.server->start().ok());
    RawClient again;
    QVERIFY(again.connectTo(f.server->port()));
    QVERIFY(again.send(get("/restarted")));
    QCOMPARE(again.readResponse().status, 200);
}

void TstServer::maxConnectionsRefusesTheThird()
{
    Limits limits;
    limits.maxConnections = 2;
    Fixture f(limits);
    RawClient a;
    RawClient b;
    for (RawClient *c : {&a, &b}) {
        QVERIFY(c->connectTo(f.port));
        QVERIFY(c->send(get("/in")));
        QCOMPARE(c->readResponse().status, 200);
    }
    RawClient third;
    QVERIFY(third.connectTo(f.port)); // the kernel completes the handshake
    third.send(get("/refused"));
    QCOMPARE(third.readResponse().status, 0);
    QVERIFY(third.waitClosed());
    QTRY_COMPARE(f.server->stats().refusedConnections, 1);
    QCOMPARE(f.server->stats().openConnections, 2);
    // The admitted ones are unaffected, and a slot freed is usable again.
    QVERIFY(a.send(get("/still")));
    QCOMPARE(a.readResponse().status, 200);
    b.socket().disconnectFromHost();
    QTRY_COMPARE(f.server->stats().openConnections, 1);
    RawClient fourth;
    QVERIFY(fourth.connectTo(f.port));
    QVERIFY(fourth.send(get("/later")));
    QCOMPARE(fourth.readResponse().status, 200);
}

void TstServer::statsCount()
{
    Fixture f;
    {
        RawClient c;
        QVERIFY(c.connectTo(f.port));
        QVERIFY(c.send(get("/1") + get("/2") + get("/3")));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(c.readResponse().status, 200);
        QTRY_COMPARE(f.server->stats().openConnections, 1);
        RawClient bad;
        QVERIFY(bad.connectTo(f.port));
        QVERIFY(bad.send("GARBAGE\r\n\r\n"));
        QCOMPARE(bad.readResponse().status, 400);
    }
    const ServerStats s = f.server->stats();
    QCOMPARE(s.requests, 3);
    QCOMPARE(s.rejectedRequests, 1);
    QCOMPARE(s.acceptedConnections, 2);
    QCOMPARE(s.refusedConnections, 0);
    QTRY_COMPARE(f.server->stats().openConnections, 0);
    QTRY_COMPARE(f.writtenOk.load(), 3);
    QCOMPARE(f.written.load(), 3);
}

QTEST_GUILESS_MAIN(TstServer)
#include "tst_server.moc"
