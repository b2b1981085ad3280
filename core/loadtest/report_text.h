// bb::loadtest — the wrk-like text summary `backbench load` prints at the end of a run.
#pragma once

#include "loadtest/results.h"
#include "loadtest/scenario.h"

#include <string>

namespace bb::loadtest {

/// A wrk-style block: the target and model, Latency Avg/Stdev/Max, the latency distribution
/// (50/75/90/99/99.9 %, corrected beside uncorrected), "N requests in Ts, X read", Non-2xx or 3xx
/// responses, errors by kind, Requests/sec, Transfer/sec, and each threshold with ✓ or ✗ and
/// the observed value. Ends with a newline.
std::string textSummary(const Scenario &scenario, const Summary &summary);

/// The standard deviation of the recorded latencies in ms, from the histogram's buckets (each
/// bucket counts at its midpoint, so it is exact to the histogram's 3 significant digits).
double latencyStdevMs(const Histogram &histogram);

} // namespace bb::loadtest
