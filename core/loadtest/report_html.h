// bb::loadtest — one self-contained HTML file per run: inline CSS, inline SVG charts drawn in
// C++, the summary tables. No script and nothing fetched from the network, so it can be mailed,
// attached to a CI job or opened years later.
#pragma once

#include "loadtest/results.h"
#include "loadtest/scenario.h"

#include <string>
#include <vector>

namespace bb::loadtest {

/// The report: headline figures, thresholds ✓/✗, charts (requests/s with the target rate,
/// latency p50/p95/p99 over time — corrected solid, uncorrected p99 dashed in the open model —,
/// errors/s, active connections, the latency histogram), the corrected/uncorrected latency
/// table, status counts, errors by kind and checks. `title` defaults to "Load test report";
/// `when` (free text, e.g. an ISO date) is shown under it when given.
std::string htmlReport(const Scenario &scenario, const Summary &summary,
                       const std::vector<Sample> &samples, const std::string &title = {},
                       const std::string &when = {});

/// Per-second rates of a sample's interval counts (requests and errors are per interval; the
/// interval is the gap to the previous sample, 250 ms for the first when none precedes it).
double sampleIntervalSeconds(const std::vector<Sample> &samples, std::size_t index);

} // namespace bb::loadtest
