// bb::loadtest — the run's time series (one row per 250 ms sample) as CSV for spreadsheets.
#pragma once

#include "loadtest/results.h"

#include <string>
#include <vector>

namespace bb::loadtest {

/// RFC 4180 CSV with a header row; columns: t_s, requests, errors, rps, target_rate,
/// active_connections, bytes_in, bytes_out, then min_ms, mean_ms, p50_ms, p90_ms, p95_ms, p99_ms,
/// p99_9_ms, max_ms (corrected) and the same as p50_uncorrected_ms etc. Numbers use '.' always.
std::string timeSeriesCsv(const std::vector<Sample> &samples);

} // namespace bb::loadtest
