// LoadRun against servers the test starts on 127.0.0.1: latency that matches a known delay,
// coordinated-omission correction across a server freeze, errors counted by kind, exact request
// counts, stages, thresholds, checks, data rows, pipelining and TLS.
#include "loadtest/load_run.h"
#include "loadtest_server.h"

#include "http/server.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace bb::loadtest;

namespace {

Scenario closedRun(const std::string &url, int connections, double seconds)
{
    Scenario s;
    s.requests.push_back({"", "GET", url, {}, "", 1});
    s.connections = connections;
    s.durationSeconds = seconds;
    s.threads = 2;
    return s;
}

Summary runToEnd(Scenario s)
{
    LoadRun run(std::move(s));
    run.start();
    return run.wait();
}

std::uint64_t kind(const Summary &s, const std::string &k)
{
    const auto it = s.errorsByKind.find(k);
    return it == s.errorsByKind.end() ? 0 : it->second;
}

} // namespace

class tst_LoadRun : public QObject {
    Q_OBJECT

private slots:
    void fixedDelayGivesItsLatency()
    {
        LoadTestServer server;
        const Summary s = runToEnd(closedRun(server.url("/delay/10"), 4, 1.5));
        QVERIFY2(s.requests > 50, qPrintable(QString::number(s.requests)));
        QCOMPARE(s.errors, std::uint64_t(0));
        QVERIFY2(s.corrected.p50Ms >= 9.9 && s.corrected.p50Ms < 13.0,
                 qPrintable(QString::number(s.corrected.p50Ms)));
        QVERIFY(s.corrected.minMs >= 9.9);
        QCOMPARE(s.statusCounts.at(200), s.requests);
        QVERIFY(s.bytesIn > s.requests * 30);
        QVERIFY(s.bytesOut > s.requests * 20);
    }

    // wrk2's demonstration as a test: R requests per second for T seconds while the server
    // stops for P seconds. Measured from the intended send times, the top 1 % are the requests
    // that waited from P down to P − 0.01·T; measured from the actual sends they are not.
    void freezeIsCorrectedForCoordinatedOmission()
    {
        LoadTestServer server;
        const double rate = 400, seconds = 10, pause = 2;
        Scenario s = closedRun(server.url("/"), 16, seconds);
        s.model = Model::Open;
        s.rate = rate;
        LoadRun run(s);
        run.start();
        std::this_thread::sleep_for(std::chrono::milliseconds(3000));
        server.freeze(std::chrono::milliseconds(int(pause * 1000)));
        const Summary sum = run.wait();
        const double expected = (pause - 0.01 * seconds) * 1000;
        QVERIFY2(std::abs(sum.corrected.p99Ms - expected) <= 0.1 * expected,
                 qPrintable(QStringLiteral("corrected p99 %1 ms, expected %2 ms")
                                .arg(sum.corrected.p99Ms)
                                .arg(expected)));
        QVERIFY2(sum.uncorrected.p99Ms < 0.25 * sum.corrected.p99Ms,
                 qPrintable(QStringLiteral("uncorrected p99 %1 ms").arg(sum.uncorrected.p99Ms)));
        QVERIFY(sum.missedSends > 0);
        QVERIFY2(std::abs(double(sum.requests) - rate * seconds) < 0.05 * rate * seconds,
                 qPrintable(QString::number(sum.requests)));
        QVERIFY(sum.corrected.maxMs >= pause * 1000 * 0.95);
    }

    void refusedPortIsAConnectError()
    {
        quint16 port;
        {
            // A port that was free a moment ago: nobody listens there now.
            boost::asio::io_context io;
            boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
            port = a.local_endpoint().port();
        }
        const Summary s =
            runToEnd(closedRun("http://127.0.0.1:" + std::to_string(port) + "/", 2, 5));
        QCOMPARE(s.requests, std::uint64_t(0));
        QVERIFY(kind(s, "connect") >= 2);
        QVERIFY(s.aborted);
        QVERIFY2(s.abortReason.find("cannot be reached") != std::string::npos,
                 s.abortReason.c_str());
        QVERIFY2(s.durationSeconds < 3, "an unreachable target ends the run early");
    }

    void closeMidResponseIsAReset()
    {
        LoadTestServer server;
        const Summary s = runToEnd(closedRun(server.url("/close-mid"), 2, 0.6));
        QVERIFY(kind(s, "reset") > 0);
        QCOMPARE(s.errors, kind(s, "reset"));
        QVERIFY(s.statusCounts.empty());
    }

    void connectionCloseReconnects()
    {
        LoadTestServer server;
        const Summary s = runToEnd(closedRun(server.url("/close-after"), 2, 0.6));
        QVERIFY(s.requests > 10);
        QCOMPARE(s.statusCounts.at(200), s.requests);
    }

    void silentServerIsATimeout()
    {
        LoadTestServer server;
        Scenario sc = closedRun(server.url("/hang"), 2, 1.2);
        sc.timeoutSeconds = 0.3;
        const Summary s = runToEnd(sc);
        QVERIFY2(kind(s, "timeout") >= 4, qPrintable(QString::number(kind(s, "timeout"))));
        QCOMPARE(s.errors, kind(s, "timeout"));
    }

    void serverErrorsAreCountedByStatus()
    {
        LoadTestServer server;
        const Summary s = runToEnd(closedRun(server.url("/status/500"), 2, 0.5));
        QVERIFY(s.requests > 0);
        QCOMPARE(s.statusCounts.at(500), s.requests);
        QCOMPARE(kind(s, "status"), s.requests);
        QCOMPARE(s.metricValue("error_rate"), 1.0);
    }

    void garbageIsAParseError()
    {
        LoadTestServer server;
        const Summary s = runToEnd(closedRun(server.url("/garbage"), 1, 0.5));
        QVERIFY(kind(s, "parse") > 0);
    }

    void closedRunMakesExactlyN_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("pipeline");
        QTest::newRow("1000 requests") << 1000 << 1;
        QTest::newRow("1001 requests, pipelined by 4") << 1001 << 4;
    }
    void closedRunMakesExactlyN()
    {
        QFETCH(int, n);
        QFETCH(int, pipeline);
        LoadTestServer server;
        Scenario s = closedRun(server.url("/"), 7, 30);
        s.maxRequests = std::uint64_t(n);
        s.pipeline = pipeline;
        const Summary sum = runToEnd(s);
        QCOMPARE(sum.requests, std::uint64_t(n));
        QCOMPARE(server.requests(), std::uint64_t(n));
        QVERIFY2(sum.durationSeconds < 10, "ends when the requests are done");
        QVERIFY(!sum.aborted);
        if (pipeline > 1)
            QVERIFY2(server.maxPipelined() >= 2, "requests went out pipelined");
    }

    // The last interval, shorter than 250 ms, is a sample of its own: a run of 50 requests has a
    // time series, and a timed run's series reaches its end.
    void theFinalPartialIntervalIsASample()
    {
        LoadTestServer server;
        {
            Scenario s = closedRun(server.url("/"), 2, 30);
            s.maxRequests = 50;
            LoadRun run(s);
            run.start();
            const Summary sum = run.wait();
            const std::vector<Sample> samples = run.allSamples();
            QCOMPARE(sum.requests, std::uint64_t(50));
            QVERIFY(!samples.empty());
            std::uint64_t requests = 0;
            for (const Sample &x : samples)
                requests += x.requests;
            QCOMPARE(requests, std::uint64_t(50));
            const Sample &last = samples.back();
            const double previous = samples.size() > 1 ? samples[samples.size() - 2].tSeconds : 0;
            QVERIFY(last.tSeconds > previous);
            // Its rate is over its own length, not over 250 ms.
            QVERIFY2(std::abs(last.rps - double(last.requests) / (last.tSeconds - previous)) <
                         1e-6 * last.rps + 1e-9,
                     qPrintable(QString::number(last.rps)));
            QCOMPARE(last.activeConnections, 2);
        }
        {
            const Scenario s = closedRun(server.url("/delay/5"), 2, 0.6);
            LoadRun run(s);
            run.start();
            const Summary sum = run.wait();
            const std::vector<Sample> samples = run.allSamples();
            std::uint64_t requests = 0;
            for (const Sample &x : samples)
                requests += x.requests;
            QCOMPARE(requests, sum.requests);
            QVERIFY2(samples.back().tSeconds >= 0.6 && samples.back().tSeconds < 0.7,
                     qPrintable(QString::number(samples.back().tSeconds)));
            QVERIFY2(sum.durationSeconds >= 0.6 && sum.durationSeconds < 0.7,
                     qPrintable(QString::number(sum.durationSeconds)));
        }
    }

    void pipelinedRunHasNoErrors()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/chunked"), 2, 0.8);
        s.pipeline = 4;
        const Summary sum = runToEnd(s);
        QVERIFY(sum.requests > 100);
        QCOMPARE(sum.errors, std::uint64_t(0));
        QVERIFY(server.maxPipelined() >= 4);
    }

    void thinkTimePacesEachConnection()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/"), 2, 1.0);
        s.thinkTimeMs = 50;
        const Summary sum = runToEnd(s);
        // Two connections, each answering in well under a millisecond, then thinking 50 ms.
        QVERIFY2(sum.requests >= 25 && sum.requests <= 45,
                 qPrintable(QString::number(sum.requests)));
        QCOMPARE(sum.errors, std::uint64_t(0));
    }

    void closedStagesRampConnections()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/delay/5"), 1, 0);
        s.stages = {{1.0, 8}, {1.0, 8}};
        s.threads = 2;
        LoadRun run(s);
        run.start();
        const Summary sum = run.wait();
        const std::vector<Sample> samples = run.allSamples();
        QVERIFY(samples.size() >= 6);
        // At 0.25 s the target is 1 + 7 × 0.25 ≈ 3; a late first tick on a busy machine may see 4.
        QVERIFY2(samples.front().activeConnections <= 4,
                 qPrintable(QString::number(samples.front().activeConnections)));
        QCOMPARE(samples.back().activeConnections, 8);
        QVERIFY(sum.durationSeconds >= 1.9);
    }

    void openStagesRampTheRate()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/"), 8, 0);
        s.model = Model::Open;
        s.stages = {{2.0, 400}};
        LoadRun run(s);
        run.start();
        const Summary sum = run.wait();
        // A linear ramp from 0 to 400/s over 2 s sends 400 requests, a quarter of them in the
        // first second.
        QVERIFY2(std::abs(double(sum.requests) - 400) <= 20,
                 qPrintable(QString::number(sum.requests)));
        std::uint64_t firstSecond = 0;
        for (const Sample &x : run.allSamples())
            if (x.tSeconds <= 1.01)
                firstSecond += x.requests;
        QVERIFY2(firstSecond >= 70 && firstSecond <= 130, qPrintable(QString::number(firstSecond)));
    }

    void thresholdsPassAndFail()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/delay/10"), 2, 0.6);
        for (const char *t : {"p95<1ms", "p95<1s", "error_rate<0.01", "rps>1", "checks>0.99"})
            s.thresholds.push_back(std::get<Threshold>(Threshold::parse(t)));
        s.checks.push_back(std::get<Check>(Check::parse("status=200")));
        const Summary sum = runToEnd(s);
        QCOMPARE(sum.thresholds.size(), std::size_t(5));
        QVERIFY(!sum.thresholds[0].passed);
        QVERIFY(sum.thresholds[1].passed);
        QVERIFY(sum.thresholds[2].passed);
        QVERIFY(sum.thresholds[3].passed);
        QVERIFY(sum.thresholds[4].passed);
        QVERIFY(!sum.thresholdsPassed);
    }

    void abortOnFailEndsTheRunEarly()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/delay/10"), 2, 20);
        s.thresholds.push_back(std::get<Threshold>(Threshold::parse("p99<1ms,abort")));
        const Summary sum = runToEnd(s);
        QVERIFY(sum.aborted);
        QVERIFY2(sum.durationSeconds < 5, qPrintable(QString::number(sum.durationSeconds)));
        QVERIFY(!sum.thresholdsPassed);
    }

    void checksAreCounted()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/json"), 2, 0.5);
        for (const char *c :
             {"json:$.items[0].id=7", "header:content-type=application/json", "body~missing"})
            s.checks.push_back(std::get<Check>(Check::parse(c)));
        const Summary sum = runToEnd(s);
        QCOMPARE(sum.checks.size(), std::size_t(3));
        QCOMPARE(sum.checks[0].fails, std::uint64_t(0));
        QCOMPARE(sum.checks[1].fails, std::uint64_t(0));
        QCOMPARE(sum.checks[2].passes, std::uint64_t(0));
        QVERIFY(sum.checks[0].passes > 10);
        QCOMPARE(kind(sum, "check"), sum.requests);
    }

    void dataRowsFillVariables()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/item/{{id}}"), 2, 0);
        s.maxRequests = 30;
        s.durationSeconds = 10;
        s.dataRows = {{{"id", "a"}}, {{"id", "b"}}, {{"id", "c"}}};
        const Summary sum = runToEnd(s);
        QCOMPARE(sum.requests, std::uint64_t(30));
        QCOMPARE(server.paths(), (std::set<std::string>{"/item/a", "/item/b", "/item/c"}));
    }

    void weightedRequestsFollowTheirWeights()
    {
        LoadTestServer server;
        Scenario s = closedRun(server.url("/a"), 2, 0);
        s.requests.push_back({"b", "GET", server.url("/b"), {}, "", 3});
        s.weighted = true;
        s.maxRequests = 400;
        s.durationSeconds = 10;
        const Summary sum = runToEnd(s);
        QCOMPARE(sum.requests, std::uint64_t(400));
        QCOMPARE(server.paths(), (std::set<std::string>{"/a", "/b"}));
    }

    void tlsAgainstTheEngineServer()
    {
        QTemporaryDir dir;
        const QString cert = dir.filePath("cert.pem"), key = dir.filePath("key.pem");
        QProcess openssl;
        openssl.start("openssl", {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                                  "-subj", "/CN=127.0.0.1", "-addext",
                                  "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert});
        if (!openssl.waitForStarted(10000))
            QSKIP("the openssl command is not installed");
        QVERIFY(openssl.waitForFinished(60000));
        QCOMPARE(openssl.exitCode(), 0);
        bb::http::ServerConfig config;
        config.port = 0;
        config.threads = 1;
        config.tlsCertFile = cert.toStdString();
        config.tlsKeyFile = key.toStdString();
        bb::http::Server server(config, [](bb::http::Request &) {
            bb::http::Response r;
            r.body = "secure";
            return r;
        });
        auto port = server.start();
        QVERIFY(port.ok());
        const std::string url = "https://127.0.0.1:" + std::to_string(*port) + "/";

        Scenario s = closedRun(url, 2, 0.8);
        s.insecureTls = true;
        s.checks.push_back(std::get<Check>(Check::parse("body~secure")));
        const Summary ok = runToEnd(s);
        QVERIFY2(ok.requests > 20, qPrintable(QString::number(ok.requests)));
        QCOMPARE(ok.errors, std::uint64_t(0));
        QCOMPARE(ok.checks[0].fails, std::uint64_t(0));

        // A self-signed certificate is refused unless the user says --insecure.
        s.insecureTls = false;
        s.durationSeconds = 3;
        const Summary refused = runToEnd(s);
        QCOMPARE(refused.requests, std::uint64_t(0));
        QVERIFY(kind(refused, "tls") > 0);
        server.stop();
    }

    void stopEndsARunWithASummary()
    {
        LoadTestServer server;
        LoadRun run(closedRun(server.url("/"), 2, 60));
        run.start();
        std::this_thread::sleep_for(std::chrono::milliseconds(600));
        QVERIFY(run.running());
        const auto samples = run.takeSamples();
        QVERIFY(!samples.empty());
        QVERIFY(run.liveHistogram().count() > 0);
        run.stop();
        const Summary s = run.wait();
        QVERIFY(s.aborted);
        QCOMPARE(s.abortReason, std::string("stopped"));
        QVERIFY(s.requests > 0);
        QVERIFY(!run.running());
        QVERIFY(run.summary().has_value());
    }

    void invalidScenarioFinishesWithTheReason()
    {
        Scenario s;
        s.requests.push_back({"", "GET", "ftp://x/", {}, "", 1});
        LoadRun run(s);
        QVERIFY(!run.validate().empty());
        run.start();
        const Summary sum = run.wait();
        QVERIFY(sum.aborted);
        QVERIFY2(sum.abortReason.find("http://") != std::string::npos, sum.abortReason.c_str());
    }
};

QTEST_GUILESS_MAIN(tst_LoadRun)
#include "tst_load_run.moc"
