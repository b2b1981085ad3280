// bb::plugins::metrics — the explorer's chart for any metric family: counters as per-second rates,
// gauges and untyped as values, histograms as p50/p90/p99, summaries as their own quantiles.
#pragma once

#include "chart_data.h"
#include "telemetry/scrape_store.h"

namespace bb::plugins::metrics {

/// At most this many lines; the note says how many series were left out.
constexpr int kMaxExplorerLines = 12;

/// The chart of `family` over the series that match `selector`.
ChartData exploreMetric(const telemetry::ScrapeStore &store, const std::string &family,
                        const telemetry::prom::Selector &selector);

/// `{a="x",b="y"}` without `le`/`quantile`, or the metric name when there are no labels.
QString seriesName(const std::string &metric, const telemetry::prom::Labels &labels);

} // namespace bb::plugins::metrics
