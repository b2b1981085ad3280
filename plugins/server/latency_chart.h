// bb::plugins::server — a small QtCharts line chart of p50/p95/p99 over the last few minutes.
#pragma once

#include <QChartView>

class QLineSeries;
class QValueAxis;

namespace bb::plugins::server {

class LiveStatsModel;

/// Redraws from the model's history; colours come from the palette and follow its changes.
class LatencyChart : public QChartView {
    Q_OBJECT
public:
    explicit LatencyChart(LiveStatsModel *model, QWidget *parent = nullptr);

    void refresh();
    void applyPalette();
    int pointCount() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    LiveStatsModel *m_model;
    QLineSeries *m_p50 = nullptr;
    QLineSeries *m_p95 = nullptr;
    QLineSeries *m_p99 = nullptr;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
};

} // namespace bb::plugins::server
