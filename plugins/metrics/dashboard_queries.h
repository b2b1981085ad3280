// bb::plugins::metrics — the RED dashboard as queries on a scrape store: request rate, error
// share, latency quantiles, in-flight requests, process CPU and RSS, and for a Backbench engine
// the DB query time and the response cache hit ratio. Each names the metrics it looked for, so a
// target without them says so instead of drawing an empty chart.
#pragma once

#include "chart_data.h"
#include "telemetry/scrape_store.h"

#include <vector>

namespace bb::plugins::metrics {

/// The dashboard's charts in display order; each has lines or an emptyText.
std::vector<ChartData> redDashboard(const telemetry::ScrapeStore &store);

/// The text of a chart whose metrics exist but that has no point: too few scrapes, or nothing
/// happened between them (no request, no SQL statement, no cache lookup).
QString noPointsText(const telemetry::ScrapeStore &store);

/// The text a chart shows when the target has none of the metrics it reads.
QString notExportedText();

} // namespace bb::plugins::metrics
