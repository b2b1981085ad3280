// Streamed responses over real loopback sockets: chunked and close-delimited framing, pushes
// from other threads, heartbeats, the queue bound that drops a client that does not read, the
// peer leaving, HEAD, and a server stop with streams open.
#include "http/response_stream.h"
#include "http/server.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>

#include <atomic>
#include <mutex>
#include <optional>
#include <sys/socket.h>
#include <thread>

using namespace bb::http;

namespace {

// What the producer side of one stream saw.
struct Probe {
    std::mutex mutex;
    std::shared_ptr<StreamSink> sink;
    std::optional<StreamEnd> end;
    std::atomic<int> drained{0};

    std::shared_ptr<StreamSink> waitSink(int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            {
                std::lock_guard lock(mutex);
                if (sink)
                    return sink;
            }
            QTest::qWait(5);
        }
        return {};
    }
    std::optional<StreamEnd> waitEnd(int ms = 5000)
    {
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < ms) {
            {
                std::lock_guard lock(mutex);
                if (end)
                    return end;
            }
            QTest::qWait(5);
        }
        std::lock_guard lock(mutex);
        return end;
    }
};

struct Fixture {
    Probe probe;
    std::unique_ptr<Server> server;
    quint16 port = 0;
    std::chrono::milliseconds heartbeat{0};
    std::size_t maxQueued = 8 * 1024 * 1024;
    std::vector<std::string> initial; // sent from onOpen
    bool finishInOpen = false;

    explicit Fixture(Limits limits = {})
    {
        ServerConfig config;
        config.port = 0;
        config.threads = 2;
        config.limits = limits;
        server = std::make_unique<Server>(config, [this](Request &r) { return handle(r); });
        if (auto started = server->start())
            port = *started;
    }

    Response handle(Request &r)
    {
        Response out;
        if (r.path() != "/stream") {
            out.body = "plain";
            return out;
        }
        out.headers.add("Content-Type", "text/event-stream");
        auto stream = std::make_shared<ResponseStream>();
        stream->maxQueuedBytes = maxQueued;
        stream->heartbeatInterval = heartbeat;
        stream->heartbeat = ": beat\n\n";
        stream->onOpen = [this](std::shared_ptr<StreamSink> sink) {
            for (const auto &piece : initial)
                sink->send(piece);
            if (finishInOpen)
                sink->finish();
            std::lock_guard lock(probe.mutex);
            probe.sink = std::move(sink);
        };
        stream->onDrained = [this] { ++probe.drained; };
        stream->onClosed = [this](StreamEnd end) {
            std::lock_guard lock(probe.mutex);
            probe.end = end;
        };
        out.stream = stream;
        return out;
    }
};

// Reads from `socket` until `done(buffer)` or the deadline; returns what arrived.
template<class Pred> QByteArray readUntil(QTcpSocket &socket, Pred done, int ms = 5000)
{
    QByteArray buffer;
    QElapsedTimer t;
    t.start();
    while (!done(buffer) && t.elapsed() < ms) {
        if (socket.bytesAvailable() == 0 && socket.state() != QAbstractSocket::ConnectedState)
            break;
        socket.waitForReadyRead(20);
        buffer += socket.readAll();
    }
    return buffer;
}

// Decodes a chunked body; `complete` is set when the terminating chunk was seen.
QByteArray dechunk(const QByteArray &body, bool *complete)
{
    QByteArray out;
    qsizetype i = 0;
    *complete = false;
    for (int guard = 0; guard < 100000 && i < body.size(); ++guard) {
        const qsizetype eol = body.indexOf("\r\n", i);
        if (eol < 0)
            break;
        bool ok = false;
        const qsizetype size = body.mid(i, eol - i).toLongLong(&ok, 16);
        if (!ok)
            break;
        if (size == 0) {
            *complete = body.mid(eol, 4) == "\r\n\r\n";
            break;
        }
        if (eol + 2 + size + 2 > body.size())
            break;
        out += body.mid(eol + 2, size);
        i = eol + 2 + size + 2;
    }
    return out;
}

bool connectAndSend(QTcpSocket &socket, quint16 port, const QByteArray &request)
{
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000))
        return false;
    socket.write(request);
    return socket.waitForBytesWritten(5000);
}

} // namespace

class tst_ResponseStream : public QObject {
    Q_OBJECT
private slots:
    void chunkedBodyFromOpenAndOtherThreads()
    {
        Fixture f;
        f.initial = {"first\n", "second\n"};
        QTcpSocket socket;
        QVERIFY(connectAndSend(socket, f.port, "GET /stream HTTP/1.1\r\nHost: t\r\n\r\n"));
        auto sink = f.probe.waitSink();
        QVERIFY(sink);
        std::thread producer([sink] {
            for (int i = 0; i < 100; ++i)
                sink->send("n" + std::to_string(i) + "\n");
            sink->finish();
        });
        producer.join();
        QVERIFY(!sink->send("too late"));
        const QByteArray all =
            readUntil(socket, [](const QByteArray &b) { return b.endsWith("0\r\n\r\n"); });
        const qsizetype headEnd = all.indexOf("\r\n\r\n");
        QVERIFY(headEnd > 0);
        const QByteArray head = all.left(headEnd).toLower();
        QVERIFY(head.startsWith("http/1.1 200"));
        QVERIFY(head.contains("transfer-encoding: chunked"));
        QVERIFY(!head.contains("content-length"));
        QVERIFY(head.contains("content-type: text/event-stream"));
        bool complete = false;
        const QByteArray body = dechunk(all.mid(headEnd + 4), &complete);
        QVERIFY(complete);
        QVERIFY(body.startsWith("first\nsecond\nn0\nn1\n"));
        QVERIFY(body.endsWith("n98\nn99\n"));
        QCOMPARE(f.probe.waitEnd(), std::optional<StreamEnd>(StreamEnd::Finished));
        QVERIFY(f.probe.drained.load() >= 1);
    }

    void http10IsCloseDelimited()
    {
        Fixture f;
        f.initial = {"raw bytes"};
        f.finishInOpen = true;
        QTcpSocket socket;
        QVERIFY(connectAndSend(socket, f.port, "GET /stream HTTP/1.0\r\n\r\n"));
        const QByteArray all = readUntil(
            socket, [](const QByteArray &) { return false; }, 3000);
        QVERIFY(all.toLower().indexOf("transfer-encoding") < 0);
        QVERIFY(all.endsWith("\r\n\r\nraw bytes"));
        QCOMPARE(f.probe.waitEnd(), std::optional<StreamEnd>(StreamEnd::Finished));
    }

    void heartbeatWhenIdle()
    {
        Fixture f;
        f.heartbeat = std::chrono::milliseconds(100);
        QTcpSocket socket;
        QVERIFY(connectAndSend(socket, f.port, "GET /stream HTTP/1.1\r\n\r\n"));
        QElapsedTimer t;
        t.start();
        const QByteArray all =
            readUntil(socket, [](const QByteArray &b) { return b.count(": beat") >= 2; });
        QVERIFY2(all.count(": beat") >= 2, all.constData());
        QVERIFY(t.elapsed() >= 150);
    }

    void clientThatDoesNotReadIsDropped()
    {
        Fixture f;
        f.maxQueued = 256 * 1024;
        QTcpSocket socket;
        socket.setReadBufferSize(1); // Qt stops reading; the kernel buffers fill up
        QVERIFY(connectAndSend(socket, f.port, "GET /stream HTTP/1.1\r\n\r\n"));
        // Shrink the client's receive buffer so the server's socket backs up quickly.
        int small = 4096;
        ::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        auto sink = f.probe.waitSink();
        QVERIFY(sink);
        const std::string piece(1024, 'x');
        int sent = 0;
        QElapsedTimer t;
        t.start();
        // Every send returns at once whatever the client does; the bound ends it.
        while (sink->send(piece) && t.elapsed() < 10000) {
            ++sent;
            if (sent % 64 == 0)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        QVERIFY2(!sink->isOpen(), "the stream should have been dropped");
        QVERIFY(sent < 100'000);
        const auto end = f.probe.waitEnd();
        QVERIFY(end.has_value());
        QCOMPARE(streamEndName(*end), streamEndName(StreamEnd::Overflow));
        // The server keeps answering others at once.
        QTcpSocket other;
        QElapsedTimer latency;
        latency.start();
        QVERIFY(connectAndSend(other, f.port, "GET /plain HTTP/1.1\r\nConnection: close\r\n\r\n"));
        const QByteArray answer =
            readUntil(other, [](const QByteArray &b) { return b.endsWith("plain"); });
        QVERIFY(answer.endsWith("plain"));
        QVERIFY(latency.elapsed() < 1000);
    }

    void peerLeavingEndsTheStream()
    {
        Fixture f;
        {
            QTcpSocket socket;
            QVERIFY(connectAndSend(socket, f.port, "GET /stream HTTP/1.1\r\n\r\n"));
            QVERIFY(f.probe.waitSink());
            socket.abort();
        }
        QCOMPARE(f.probe.waitEnd(2000), std::optional<StreamEnd>(StreamEnd::PeerClosed));
        QVERIFY(!f.probe.sink->isOpen());
        QVERIFY(!f.probe.sink->send("x"));
    }

    void headGetsTheHeadOnly()
    {
        Fixture f;
        QTcpSocket socket;
        QVERIFY(connectAndSend(socket, f.port, "HEAD /stream HTTP/1.1\r\n\r\n"));
        const QByteArray all = readUntil(
            socket, [](const QByteArray &) { return false; }, 2000);
        QVERIFY(all.endsWith("\r\n\r\n"));
        QCOMPARE(f.probe.waitEnd(), std::optional<StreamEnd>(StreamEnd::Finished));
        QVERIFY(!f.probe.sink); // never opened
    }

    void stopEndsOpenStreamsPromptly()
    {
        Fixture f;
        QTcpSocket socket;
        QVERIFY(connectAndSend(socket, f.port, "GET /stream HTTP/1.1\r\n\r\n"));
        auto sink = f.probe.waitSink();
        QVERIFY(sink);
        QVERIFY(sink->send("live\n"));
        readUntil(socket, [](const QByteArray &b) { return b.contains("live"); });
        QElapsedTimer t;
        t.start();
        std::thread stopper([&f] { f.server->stop(std::chrono::milliseconds(5000)); });
        const QByteArray rest =
            readUntil(socket, [](const QByteArray &b) { return b.endsWith("0\r\n\r\n"); });
        socket.close();
        stopper.join();
        QVERIFY2(t.elapsed() < 1500, QByteArray::number(t.elapsed()).constData());
        QVERIFY(rest.endsWith("0\r\n\r\n"));
        QCOMPARE(f.probe.waitEnd(), std::optional<StreamEnd>(StreamEnd::ServerStopped));
        QVERIFY(!sink->send("after stop"));
    }

    void stalledStreamDoesNotHoldTheStop()
    {
        Fixture f;
        QTcpSocket socket;
        socket.setReadBufferSize(1);
        QVERIFY(connectAndSend(socket, f.port, "GET /stream HTTP/1.1\r\n\r\n"));
        int small = 4096;
        ::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        auto sink = f.probe.waitSink();
        QVERIFY(sink);
        const std::string piece(1024, 'y');
        for (int i = 0; i < 2000 && sink->send(piece); ++i) {
        }
        QElapsedTimer t;
        t.start();
        f.server->stop(std::chrono::milliseconds(5000));
        QVERIFY2(t.elapsed() < 2000, QByteArray::number(t.elapsed()).constData());
        QVERIFY(f.probe.waitEnd().has_value());
    }
};

QTEST_GUILESS_MAIN(tst_ResponseStream)
#include "tst_response_stream.moc"
