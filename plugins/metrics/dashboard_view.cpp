#include "dashboard_view.h"

#include "dashboard_queries.h"
#include "metric_chart.h"

#include <QGridLayout>
#include <QScrollArea>
#include <QVBoxLayout>

namespace bb::plugins::metrics {

namespace {
constexpr int kColumns = 2;
}

DashboardView::DashboardView(QWidget *parent)
    : QWidget(parent)
{
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto *grid = new QWidget(scroll);
    auto *layout = new QGridLayout(grid);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(6);
    scroll->setWidget(grid);
    outer->addWidget(scroll);
    // The charts exist from the start (with their "no data" text), so the layout never jumps.
    const std::vector<ChartData> initial = redDashboard(telemetry::ScrapeStore());
    for (std::size_t i = 0; i < initial.size(); ++i) {
        MetricChart *c = addChart(int(i));
        layout->addWidget(c, int(i) / kColumns, int(i) % kColumns);
        c->setData(initial[i]);
    }
}

MetricChart *DashboardView::addChart(int index)
{
    auto *chart = new MetricChart(this);
    chart->setObjectName(QStringLiteral("dashboardChart%1").arg(index));
    connect(chart, &MetricChart::pointClicked, this,
            [this, chart](qint64 t) { emit pointClicked(t, chart->data().id); });
    connect(chart, &MetricChart::exportPngRequested, this,
            [this, chart] { emit exportPngRequested(chart); });
    connect(chart, &MetricChart::exportCsvRequested, this,
            [this, chart] { emit exportCsvRequested(chart); });
    m_charts.append(chart);
    return chart;
}

void DashboardView::refresh(const telemetry::ScrapeStore &store)
{
    std::vector<ChartData> charts = redDashboard(store);
    for (std::size_t i = 0; i < charts.size() && i < std::size_t(m_charts.size()); ++i) {
        m_charts[qsizetype(i)]->setObjectName(QStringLiteral("chart_") + charts[i].id);
        m_charts[qsizetype(i)]->setData(std::move(charts[i]));
    }
}

void DashboardView::setTimeWindowMs(qint64 ms)
{
    m_windowMs = ms;
    for (MetricChart *c : m_charts)
        c->setTimeWindowMs(ms);
}

MetricChart *DashboardView::chart(const QString &id) const
{
    for (MetricChart *c : m_charts) {
        if (c->data().id == id)
            return c;
    }
    return nullptr;
}

} // namespace bb::plugins::metrics
