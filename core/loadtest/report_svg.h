// bb::loadtest — tiny inline-SVG charts for the HTML report: line charts over time and the
// latency histogram. Drawn here, so the report needs no script and no network.
#pragma once

#include "loadtest/histogram.h"

#include <string>
#include <utility>
#include <vector>

namespace bb::loadtest::report {

struct SvgSeries {
    std::string name;
    std::string color; ///< any CSS colour
    bool dashed = false;
    std::vector<std::pair<double, double>> points; ///< (seconds, value)
};

/// One bar of a regrouped latency histogram: [lowMs, highMs) and how many requests fell there.
struct HistogramBin {
    double lowMs = 0, highMs = 0;
    double count = 0;
};

/// The histogram's fine log-linear buckets regrouped into `bins` equal steps of log(latency)
/// between its smallest and largest value, so its shape reads at a glance; empty when it is.
std::vector<HistogramBin> logBins(const Histogram &histogram, int bins = 48);

/// A line chart with a time axis in seconds, a y axis from 0 to a rounded maximum with `yUnit`
/// after each label, gridlines and a legend. An empty chart says "no data".
std::string svgLineChart(const std::string &title, const std::vector<SvgSeries> &series,
                         const std::string &yUnit, int width = 760, int height = 220);

/// The latency distribution as bars over logarithmic latency bins (at most 48), regrouped from
/// the histogram's buckets, with the bin range under the first, middle and last bars.
std::string svgHistogram(const std::string &title, const Histogram &histogram, int width = 760,
                         int height = 220);

/// At most two points per pixel column of a `width`-pixel plot spanning [0, xMax]: each
/// column's lowest and highest point, in time order (spikes survive). Short series pass as is.
std::vector<std::pair<double, double>>
thinForWidth(const std::vector<std::pair<double, double>> &points, double xMax, int width);

/// A "nice" upper bound for an axis: 1, 2, 2.5 or 5 times a power of ten, at least `value`.
double niceCeiling(double value);

} // namespace bb::loadtest::report
