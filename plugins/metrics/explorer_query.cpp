#include "explorer_query.h"

#include <QCoreApplication>

namespace bb::plugins::metrics {

namespace sq = telemetry::scrape_query;
using telemetry::prom::MetricType;

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("bb::plugins::metrics::Explorer", text);
}

void addSeries(ChartData &chart, const std::string &metric,
               std::vector<telemetry::SeriesPoints> series)
{
    const int total = int(series.size());
    for (auto &s : series) {
        if (int(chart.lines.size()) >= kMaxExplorerLines)
            break;
        chart.lines.push_back({seriesName(metric, s.labels), std::move(s.points)});
    }
    if (total > kMaxExplorerLines)
        chart.note += tr(" · %1 of %2 series shown; narrow the label filter")
                          .arg(kMaxExplorerLines)
                          .arg(total);
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
        addSeries(chart, family, sq::ratePerSeries(store, family, selector));
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
        addSeries(chart, family, store.select(family, selector));
        break;
    }
    if (chart.lines.empty())
        chart.emptyText = tr("No series match the label filter");
    else if (!chart.hasPoints())
        chart.emptyText = tr("No data yet: rates and quantiles need two scrapes");
    return chart;
}

} // namespace bb::plugins::metrics
