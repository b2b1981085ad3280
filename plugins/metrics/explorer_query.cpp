#include "explorer_query.h"

#include "dashboard_queries.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace bb::plugins::metrics {

namespace sq = telemetry::scrape_query;
using telemetry::prom::MetricType;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("bb::plugins::metrics::Explorer", text);
}

/// Labels every series carries with the same value: said once in the note, left out of names.
telemetry::prom::Labels commonLabels(const std::vector<telemetry::SeriesPoints> &series)
{
    if (series.size() < 2)
        return {};
    telemetry::prom::Labels common;
    for (const auto &label : series.front().labels) {
        bool everywhere = true;
        for (const auto &s : series) {
            const std::string *v = telemetry::prom::findLabel(s.labels, label.name);
            everywhere = everywhere && v && *v == label.value;
        }
        if (everywhere)
            common.push_back(label);
    }
    return common;
}

/// Keeps the `kMaxExplorerLines` busiest series (by `weight`, computed on the raw points before
/// any rate is taken, so a family of thousands of series costs one pass), names them without the
/// labels they all share, and turns counters into rates.
template<typename Weight>
void addSeries(ChartData &chart, const std::string &metric,
               std::vector<telemetry::SeriesPoints> series, Weight weight, bool asRate)
{
    const int total = int(series.size());
    std::vector<std::pair<double, std::size_t>> order;
    order.reserve(series.size());
    for (std::size_t i = 0; i < series.size(); ++i)
        order.push_back({weight(series[i].points), i});
    std::stable_sort(order.begin(), order.end(),
                     [](const auto &a, const auto &b) { return a.first > b.first; });
    if (int(order.size()) > kMaxExplorerLines)
        order.resize(kMaxExplorerLines);
    std::vector<telemetry::SeriesPoints> kept;
    kept.reserve(order.size());
    for (const auto &[w, i] : order)
        kept.push_back(std::move(series[i]));
    const telemetry::prom::Labels common = commonLabels(kept);
    if (!common.empty())
        chart.note += tr(" · every series has %1").arg(seriesName(metric, common));
    for (auto &s : kept) {
        telemetry::prom::Labels own;
        for (const auto &l : s.labels) {
            if (std::find(common.begin(), common.end(), l) == common.end())
                own.push_back(l);
        }
        chart.lines.push_back({seriesName(metric, own),
                               asRate ? telemetry::stepRates(s.points) : std::move(s.points)});
    }
    if (total > kMaxExplorerLines)
        chart.note += tr(" · the %1 busiest of %2 series; narrow the label filter")
                          .arg(kMaxExplorerLines)
                          .arg(total);
}

double increase(const std::vector<telemetry::TimedValue> &points)
{
    return telemetry::counterIncrease(points);
}

double mean(const std::vector<telemetry::TimedValue> &points)
{
    double sum = 0;
    for (const auto &p : points)
        sum += std::isfinite(p.value) ? p.value : 0;
    return points.empty() ? 0.0 : sum / double(points.size());
}
} // namespace

QString seriesName(const std::string &metric, const telemetry::prom::Labels &labels)
{
    QString out;
    for (const auto &l : labels) {
        if (l.name == "le" || l.name == "quantile")
            continue;
        if (!out.isEmpty())
            out += QLatin1Char(',');
        out += QString::fromStdString(l.name) + QStringLiteral("=\"") +
               QString::fromStdString(l.value) + QLatin1Char('"');
    }
    return out.isEmpty() ? QString::fromStdString(metric)
                         : QLatin1Char('{') + out + QLatin1Char('}');
}

ChartData exploreMetric(const telemetry::ScrapeStore &store, const std::string &family,
                        const telemetry::prom::Selector &selector)
{
    const telemetry::FamilyInfo info = store.family(family);
    ChartData chart;
    chart.id = QStringLiteral("explorer");
    chart.title = QString::fromStdString(family);
    if (info.seriesCount == 0) {
        chart.emptyText = tr("%1 is not in the scraped data").arg(chart.title);
        return chart;
    }
    switch (info.type) {
    case MetricType::Counter:
        chart.unit = ChartUnit::PerSecond;
        chart.note = tr("counter, charted as its rate per second");
        addSeries(chart, family, store.select(family, selector), increase, true);
        break;
    case MetricType::Histogram:
        chart.unit = family.ends_with("_seconds") ? ChartUnit::Seconds : ChartUnit::Plain;
        chart.note = tr("histogram, quantiles over every matching series");
        for (const auto &[name, q] : {std::pair{"p50", 0.5}, {"p90", 0.9}, {"p99", 0.99}})
            chart.lines.push_back(
                {QString::fromLatin1(name), sq::quantile(store, family, q, selector)});
        break;
    case MetricType::Summary: {
        chart.unit = family.ends_with("_seconds") ? ChartUnit::Seconds : ChartUnit::Plain;
        chart.note = tr("summary, the quantiles the target computed");
        auto series = store.select(family, selector);
        for (auto &s : series) {
            const std::string *q = telemetry::prom::findLabel(s.labels, "quantile");
            if (int(chart.lines.size()) >= kMaxExplorerLines)
                break;
            chart.lines.push_back({seriesName(family, s.labels) + QStringLiteral(" q=") +
                                       QString::fromStdString(q ? *q : std::string("?")),
                                   std::move(s.points)});
        }
        break;
    }
    case MetricType::Gauge:
    case MetricType::Untyped:
        chart.unit = family.ends_with("_bytes") ? ChartUnit::Bytes : ChartUnit::Plain;
        chart.note = info.type == MetricType::Gauge ? tr("gauge") : tr("untyped, charted as is");
        addSeries(chart, family, store.select(family, selector), mean, false);
        break;
    }
    if (chart.lines.empty())
        chart.emptyText = tr("No series match the label filter");
    else if (!chart.hasPoints())
        chart.emptyText = noPointsText(store);
    return chart;
}

} // namespace bb::plugins::metrics
