// bb::plugins::loadtest — a QtCharts line chart over run time (seconds) with named series, a
// left and an optional right value axis, and a bounded point count (old points are thinned,
// so an hour-long run stays as cheap to draw as a minute).
#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

class QLineSeries;
class QValueAxis;

namespace bb::plugins::loadtest {

class TimeChart : public QChartView {
    Q_OBJECT
public:
    static constexpr int kMaxPoints = 2400;

    TimeChart(const QString &title, const QString &unit, QWidget *parent = nullptr);

    /// Adds a series; returns its index. `colour` indexes shell::seriesColor.
    int addSeries(const QString &name, int colour, Qt::PenStyle style = Qt::SolidLine,
                  bool rightAxis = false);
    void setRightUnit(const QString &unit);
    void setSeriesVisible(int series, bool visible);
    bool isSeriesVisible(int series) const;

    void append(int series, double tSeconds, double value);
    void setPoints(int series, const QList<QPointF> &points);
    /// The time axis shows at least [0, seconds] (a run's planned length); 0 = fit the data.
    void setTimeSpan(double seconds);
    /// Recomputes the axes after a batch of appends.
    void rescale();
    void clear();

    int seriesCount() const { return int(m_series.size()); }
    int pointCount(int series) const;
    QList<QPointF> points(int series) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Entry {
        QLineSeries *line = nullptr;
        int colour = 0;
        Qt::PenStyle style = Qt::SolidLine;
        bool right = false;
    };
    void applyPalette();
    QValueAxis *ensureRightAxis();

    QList<Entry> m_series;
    QValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
    QValueAxis *m_y2 = nullptr;
    double m_span = 0;
    QString m_unit;
    QString m_rightUnit;
};

/// Axis label format for a unit and the axis' top ("ms", 5 → "%.1f ms"; "/s", 100 → "%.0f/s").
QString labelFormat(const QString &unit, double top);
/// A round upper bound (1, 2, 2.5, 5 × 10^n) at least 1.1 × `value`, for stable axes.
double niceTop(double value);

} // namespace bb::plugins::loadtest
