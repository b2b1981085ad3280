// bb::plugins::metrics — one QtCharts time chart of a ChartData: lines over a time axis, the
// reason it is empty drawn in its place, a click on a point reported with the point's time, and
// export of the picture (PNG) and the numbers (CSV).
#pragma once

#include "chart_data.h"

#include <QChartView>

class QDateTimeAxis;
class QValueAxis;
class QLineSeries;

namespace bb::plugins::metrics {

/// The compact legend text of a series name: its label values, space-separated.
QString legendName(const QString &seriesName);

class MetricChart : public QChartView {
    Q_OBJECT
public:
    explicit MetricChart(QWidget *parent = nullptr);

    void setData(ChartData data);
    const ChartData &data() const { return m_data; }
    /// The time span shown, ending at the newest point.
    void setTimeWindowMs(qint64 ms);

    /// The data as CSV: time (ISO 8601, UTC), unix_ms, then one column per line in the display
    /// unit; an empty cell where a line has no point at that time.
    QString csv() const;
    /// Writes csv() atomically; empty on success, else why not.
    QString exportCsv(const QString &path) const;
    /// Writes what the chart shows as a PNG; empty on success, else why not.
    QString exportPng(const QString &path);

    /// Lines drawn (for tests and screenshots).
    int lineCount() const;
    int pointCount() const;
    /// The time of the data point nearest to `x` (ms since the epoch) among all lines; -1 if none.
    qint64 nearestPointTime(double x) const;
    /// What a click at `viewPos` would report, or -1 outside the plot or without data.
    qint64 timeAt(const QPoint &viewPos) const;

signals:
    /// A click on the plot area: the time of the nearest point.
    void pointClicked(qint64 tMs);
    void exportPngRequested();
    void exportCsvRequested();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void rebuild();

    ChartData m_data;
    qint64 m_windowMs = 3'600'000;
    QDateTimeAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
    QList<QLineSeries *> m_series;
};

} // namespace bb::plugins::metrics
