// bb::loadtest — what a run produces: a Sample per 250 ms for the time series, and the Summary
// at the end (counts, errors by kind, latency corrected and uncorrected, checks, thresholds).
#pragma once

#include "loadtest/histogram.h"
#include "loadtest/scenario.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace bb::loadtest {

/// Latency figures in milliseconds.
struct LatencyStats {
    double minMs = 0, meanMs = 0, p50Ms = 0, p90Ms = 0, p95Ms = 0, p99Ms = 0, p999Ms = 0, maxMs = 0;
    static LatencyStats from(const Histogram &h);
};

/// One 250 ms interval of the time series (latency over that interval only).
struct Sample {
    double tSeconds = 0; ///< end of the interval, seconds since the start
    std::uint64_t requests = 0, errors = 0;
    double rps = 0;
    LatencyStats corrected, uncorrected;
    int activeConnections = 0;
    std::uint64_t bytesIn = 0, bytesOut = 0;
    double targetRate = 0;         ///< open model: the schedule's rate; closed: target connections
    std::uint64_t missedSends = 0; ///< open model: sends that went out late in this interval
};

struct ThresholdResult {
    Threshold threshold;
    double observed = 0;
    bool passed = false;
};

struct CheckResult {
    std::string name;
    std::uint64_t passes = 0, fails = 0;
};

struct Summary {
    double durationSeconds = 0;
    std::uint64_t requests = 0, errors = 0, bytesIn = 0, bytesOut = 0;
    std::uint64_t missedSends = 0; ///< open model: could not be sent on time
    double rps = 0;
    std::map<int, std::uint64_t> statusCounts;
    /// connect, timeout, reset, tls, parse, status (4xx/5xx when counted), check
    std::map<std::string, std::uint64_t> errorsByKind;
    LatencyStats corrected, uncorrected;
    Histogram latency; ///< corrected, merged
    Histogram uncorrectedLatency;
    std::vector<CheckResult> checks;
    std::vector<ThresholdResult> thresholds;
    bool thresholdsPassed = true;
    bool aborted = false;
    std::string abortReason;
    bool openModel = false;
    int threads = 0;
    int connections = 0;

    /// The value a threshold's metric names (ms, fraction or per second); NaN if unknown.
    double metricValue(const std::string &metric) const;
};

/// Evaluates every threshold of `scenario` against `summary`, filling thresholds and
/// thresholdsPassed.
void evaluateThresholds(const Scenario &scenario, Summary &summary);

} // namespace bb::loadtest
