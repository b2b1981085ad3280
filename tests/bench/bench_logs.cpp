// Log costs on the engine's paths: LogRing::append with and without stream subscribers, a log
// query evaluated per record, GET /api/admin/logs with a query over a full 100,000-record ring,
// and the SSE stream's throughput to one reading client. Prints one `BBLOG key=value ...` line
// and a readable summary. Real engine on 127.0.0.1, SQLite in a temporary folder.
#include "engine/engine.h"
#include "sse_test_client.h"
#include "telemetry/log_query.h"
#include "telemetry/log_ring.h"
#include "test_http_client.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QUrl>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

using namespace bb::telemetry;
using Clock = std::chrono::steady_clock;

namespace {

LogRecord sample(int i)
{
    LogRecord r;
    r.level = i % 20 == 0 ? Level::Error : Level::Info;
    r.msg = "request";
    r.traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    r.method = i % 4 ? "GET" : "POST";
    r.path = "/api/v1/posts/" + std::to_string(i % 2000);
    r.status = i % 20 == 0 ? 503 : 200;
    r.durationMs = 0.25 + (i % 100) / 10.0;
    r.ip = "127.0.0.1";
    return r;
}

double nsPerAppend(LogRing &ring, int n)
{
    const auto start = Clock::now();
    for (int i = 0; i < n; ++i)
        ring.append(sample(i));
    return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / n;
}

double medianMs(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);

    // 1. append: bare, then with two subscribers that filter and format as a stream client does.
    LogRing bare(100'000);
    const double appendNs = nsPerAppend(bare, 300'000);
    LogRing watched(100'000);
    const auto query =
        std::get<LogQuery>(LogQuery::parse("status >= 500 && path ~ '/posts' || level >= 'warn'"));
    std::size_t formatted = 0;
    for (int s = 0; s < 2; ++s)
        watched.subscribe([&query, &formatted](const LogRecord &r) {
            if (query.matches(r))
                formatted += r.toJsonLine().size();
        });
    const double appendSubscribedNs = nsPerAppend(watched, 300'000);

    // 2. one query evaluated per record.
    std::vector<LogRecord> records;
    for (int i = 0; i < 100'000; ++i)
        records.push_back(sample(i));
    std::size_t hits = 0;
    auto start = Clock::now();
    for (int round = 0; round < 5; ++round)
        for (const auto &r : records)
            hits += query.matches(r);
    const double queryNs =
        std::chrono::duration<double, std::nano>(Clock::now() - start).count() / 500'000;

    // 3. and 4. over HTTP against a real engine with a full ring.
    QTemporaryDir dir;
    bb::engine::EngineConfig config;
    config.port = 0;
    config.threads = 2;
    config.dataDir = dir.path();
    config.localAdmin = true;
    config.generateFirstAdmin = false;
    bb::engine::Engine engine(config);
    if (!engine.start().ok()) {
        std::fprintf(stderr, "bench_logs: the engine did not start\n");
        return 1;
    }
    const QByteArray token = engine.issueLocalAdminToken().toLatin1();
    bbtest::defaultHeaders() = {{"Authorization", "Bearer " + token}};
    for (int i = 0; i < 100'000; ++i)
        engine.logs().append(sample(i));
    const QByteArray target = "/api/admin/logs?limit=200&q=" +
                              QUrl::toPercentEncoding("status >= 500 && method = 'POST'");
    std::vector<double> latencies;
    int items = 0;
    for (int i = 0; i < 20; ++i) {
        start = Clock::now();
        const auto r = bbtest::request(engine.port(), "GET", target);
        latencies.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        items = int(r.json()["items"].toArray().size());
    }
    const double queryApiMs = medianMs(latencies);
    // The same with a query that matches nothing: a scan of the whole ring.
    latencies.clear();
    const QByteArray none =
        "/api/admin/logs?q=" + QUrl::toPercentEncoding("msg ~ 'nothing like it'");
    for (int i = 0; i < 20; ++i) {
        start = Clock::now();
        bbtest::request(engine.port(), "GET", none);
        latencies.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    const double fullScanMs = medianMs(latencies);

    bbtest::SseClient client;
    client.open(engine.port(), "/api/admin/logs/stream", "Authorization: Bearer " + token + "\r\n");
    client.readFor(200);
    // A producer at about 100,000 records/s (above the engine's request rate on this machine)
    // while this thread reads; the bench fails if the reader was dropped.
    constexpr int kStreamed = 100'000;
    start = Clock::now();
    std::thread producer([&engine] {
        const auto begin = Clock::now();
        for (int i = 0; i < kStreamed; ++i) {
            engine.logs().append(sample(i));
            if (i % 1000 == 999)
                std::this_thread::sleep_until(begin +
                                              std::chrono::milliseconds(10 * (i / 1000 + 1)));
        }
    });
    const int got = int(client.read(kStreamed, 30'000).size());
    producer.join();
    const double streamSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    engine.stop();

    std::printf("BBLOG append_ns=%.0f append_2subs_ns=%.0f query_ns=%.0f logs_api_ms=%.2f "
                "logs_fullscan_ms=%.2f stream_events_per_s=%.0f stream_received=%d\n",
                appendNs, appendSubscribedNs, queryNs, queryApiMs, fullScanMs, got / streamSeconds,
                got);
    std::printf("LogRing::append: %.0f ns bare, %.0f ns with two filtering subscribers\n"
                "LogQuery::matches: %.0f ns per record (%zu hits)\n"
                "GET /api/admin/logs?q=… over 100,000 records: %.2f ms median (%d items), "
                "%.2f ms when nothing matches\n"
                "SSE: %d of %d events in %.2f s (%.0f events/s)\n",
                appendNs, appendSubscribedNs, queryNs, hits, queryApiMs, items, fullScanMs, got,
                kStreamed, streamSeconds, got / streamSeconds);
    return got == kStreamed ? 0 : 1;
}
