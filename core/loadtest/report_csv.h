// bb::loadtest — the run's time series (one row per 250 ms sample) as CSV for spreadsheets.
#pragma once

#include "loadtest/results.h"

#include <string>
#include <vector>

namespace bb::loadtest {

/// RFC 4180 CSV with a header row; columns: t_s, requests, errors, rps, target_rate,
/// active_connections, bytes_in, bytes_out, then min/mean/p50/p90/p95/p99/p99.9/max in ms for
/// the corrected latency and again with an `_uncorrected` suffix. Numbers use '.' always.
std::string timeSeriesCsv(const std::vector<Sample> &samples);

} // namespace bb::loadtest
