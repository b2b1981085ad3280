// bb::plugins::metrics — the RED dashboard: a grid of MetricCharts filled from redDashboard().
#pragma once

#include "telemetry/scrape_store.h"

#include <QWidget>

namespace bb::plugins::metrics {

class MetricChart;

class DashboardView : public QWidget {
    Q_OBJECT
public:
    explicit DashboardView(QWidget *parent = nullptr);

    void refresh(const telemetry::ScrapeStore &store);
    void setTimeWindowMs(qint64 ms);
    /// The charts in display order (request rate first).
    const QList<MetricChart *> &charts() const { return m_charts; }
    MetricChart *chart(const QString &id) const;

signals:
    /// A click on chart `chartId` (e.g. "errorRate") at the nearest point's time.
    void pointClicked(qint64 tMs, const QString &chartId);
    void exportPngRequested(bb::plugins::metrics::MetricChart *chart);
    void exportCsvRequested(bb::plugins::metrics::MetricChart *chart);

private:
    MetricChart *addChart(int index);

    QList<MetricChart *> m_charts;
    qint64 m_windowMs = 3'600'000;
};

} // namespace bb::plugins::metrics
