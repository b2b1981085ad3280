// bb::plugins::logs — the volume histogram: lines per interval stacked by level (QtCharts).
// Clicking a bar, or dragging across several, asks to zoom the view to their time range.
#pragma once

#include "logview/log_volume.h"

#include <QChartView>

#include <vector>

class QBarCategoryAxis;
class QBarSet;
class QStackedBarSeries;
class QValueAxis;

namespace bb::plugins::logs {

class VolumeChart : public QChartView {
    Q_OBJECT
public:
    explicit VolumeChart(QWidget *parent = nullptr);

    /// Redraws from `volume` over [fromMs, toMs] (the whole span held when there is no zoom),
    /// hiding the levels whose chip is off (bit i of levelMask = Severity i).
    void setData(const logview::LogVolume &volume, qint64 fromMs, qint64 toMs, unsigned levelMask);
    const std::vector<logview::VolumeBar> &bars() const { return m_bars; }
    /// The time range of bars [first, last] (inclusive), end exclusive.
    std::pair<qint64, qint64> rangeOfBars(int first, int last) const;

signals:
    /// The user picked bars covering [fromMs, toMs).
    void rangeSelected(qint64 fromMs, qint64 toMs);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    int barAt(const QPointF &pos) const;

    QStackedBarSeries *m_series;
    QBarCategoryAxis *m_axisX;
    QValueAxis *m_axisY;
    std::vector<QBarSet *> m_sets;
    std::vector<logview::VolumeBar> m_bars;
    int m_pressBar = -1;
    int m_hoverBar = -1;
};

} // namespace bb::plugins::logs
