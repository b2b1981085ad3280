// bb::plugins::metrics — what one chart shows: named lines of (time, value) in a unit, or the
// reason it has nothing to show. Built by the dashboard and explorer queries, drawn by MetricChart.
#pragma once

#include "telemetry/metric_math.h"

#include <QString>

#include <vector>

namespace bb::plugins::metrics {

/// The unit of a chart's values as stored (base units); the chart scales them for display.
enum class ChartUnit {
    PerSecond, ///< a rate, shown as /s
    Ratio,     ///< 0..1, shown as %
    Seconds,   ///< shown as ms
    Bytes,     ///< shown as MiB
    Cores,     ///< CPU seconds per second, shown as % of one core
    Plain,     ///< as is
};

/// The display unit's suffix, e.g. "ms", and the factor from the stored value.
QString unitSuffix(ChartUnit unit);
double unitScale(ChartUnit unit);

struct ChartLine {
    QString name;
    std::vector<telemetry::TimedValue> points; ///< in the stored unit, oldest first
};

struct ChartData {
    QString id;    ///< stable, e.g. "requestRate" (object names, CSV file names)
    QString title; ///< e.g. "Request rate"
    ChartUnit unit = ChartUnit::Plain;
    std::vector<ChartLine> lines;
    /// When not empty the chart shows this instead of lines, e.g. "Not exported by this target".
    QString emptyText;
    /// A short note under the title (which metric it reads, how many series were left out).
    QString note;

    bool hasPoints() const;
};

} // namespace bb::plugins::metrics
