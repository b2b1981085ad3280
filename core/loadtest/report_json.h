// bb::loadtest — the run summary as JSON, shaped like k6's `--summary-export` so existing k6
// tooling (dashboards, CI scripts reading metrics.http_req_duration["p(95)"]) reads it as is.
#pragma once

#include "loadtest/results.h"
#include "loadtest/scenario.h"

#include <string>
#include <vector>

namespace bb::loadtest {

/// k6's summary-export shape: `metrics` (http_reqs, http_req_duration — corrected — and its
/// uncorrected twin http_req_duration_uncorrected, http_req_failed, checks, data_received,
/// data_sent, vus, vus_max, iterations, dropped_iterations), each metric's `thresholds`
/// ({"p(95)<200": {"ok": true}}) and `root_group.checks`; plus a `backbench` object with what k6
/// has no slot for (status counts, errors by kind, the scenario with credential header values
/// masked, abort reason). Durations in ms.
std::string summaryJson(const Scenario &scenario, const Summary &summary,
                        const std::vector<Sample> &samples);

} // namespace bb::loadtest
