// Test support for the Load Test panel: a finished run made up in memory (no generator), so the
// history, comparison and export tests run in milliseconds.
#pragma once

#include "run_record.h"

#include <QDateTime>

namespace bbtest {

/// A run of `requests` requests at `latencyMs` each (p99 = latencyMs), 2 s long, 8 samples.
inline bb::plugins::loadtest::RunRecord madeUpRun(const QString &url, double latencyMs,
                                                  std::uint64_t requests, qint64 msAgo = 0)
{
    using namespace bb::loadtest;
    bb::plugins::loadtest::RunRecord r;
    r.startedAt = QDateTime::currentDateTimeUtc().addMSecs(-msAgo);
    r.id = bb::plugins::loadtest::runId(r.startedAt);
    RequestSpec spec;
    spec.method = "GET";
    spec.url = url.toStdString();
    r.scenario.requests = {spec};
    r.scenario.connections = 4;
    r.scenario.durationSeconds = 2;
    auto parsed = Threshold::parse("p99<20ms");
    r.scenario.thresholds = {std::get<Threshold>(parsed)};
    auto s = std::make_shared<Summary>();
    s->durationSeconds = 2;
    s->requests = requests;
    s->errors = requests / 100;
    s->rps = double(requests) / 2;
    s->bytesIn = requests * 300;
    s->statusCounts = {{200, requests - s->errors}, {500, s->errors}};
    s->latency.recordCount(std::int64_t(latencyMs * 1000), requests);
    s->uncorrectedLatency.recordCount(std::int64_t(latencyMs * 1000), requests);
    s->corrected = LatencyStats::from(s->latency);
    s->uncorrected = LatencyStats::from(s->uncorrectedLatency);
    evaluateThresholds(r.scenario, *s);
    for (int i = 1; i <= 8; ++i) {
        Sample x;
        x.tSeconds = 0.25 * i;
        x.requests = requests / 8;
        x.rps = double(x.requests) / 0.25;
        x.corrected.p50Ms = x.corrected.p99Ms = latencyMs;
        x.uncorrected = x.corrected;
        x.activeConnections = 4;
        r.samples.push_back(x);
    }
    r.summary = s;
    return r;
}

} // namespace bbtest
