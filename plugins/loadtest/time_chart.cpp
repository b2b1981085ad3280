#include "time_chart.h"

#include "shell/theme.h"

#include <QChart>
#include <QEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace bb::plugins::loadtest {

QString labelFormat(const QString &unit, double top)
{
    // Enough decimals that neighbouring ticks differ (a 0..1 axis must not read 0, 0, 1, 1).
    const QString number = top >= 20    ? QStringLiteral("%.0f")
                           : top >= 2   ? QStringLiteral("%.1f")
                           : top >= 0.2 ? QStringLiteral("%.2f")
                                        : QStringLiteral("%.3f");
    if (unit.isEmpty())
        return number;
    return number + (unit.startsWith(QLatin1Char('/')) ? unit : QLatin1Char(' ') + unit);
}

double niceTop(double value)
{
    if (!std::isfinite(value) || value <= 0)
        return 1;
    value *= 1.1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10 * magnitude;
}

TimeChart::TimeChart(const QString &title, const QString &unit, QWidget *parent)
    : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation); // redrawn four times a second
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    m_x = new QValueAxis(chart);
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    m_x->setRange(0, 10);
    m_y = new QValueAxis(chart);
    m_unit = unit;
    m_y->setLabelFormat(labelFormat(unit, 1));
    m_y->setRange(0, 1);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(170);
    applyPalette();
}

QValueAxis *TimeChart::ensureRightAxis()
{
    if (!m_y2) {
        m_y2 = new QValueAxis(chart());
        m_y2->setRange(0, 1);
        chart()->addAxis(m_y2, Qt::AlignRight);
        applyPalette();
    }
    return m_y2;
}

void TimeChart::setRightUnit(const QString &unit)
{
    m_rightUnit = unit;
    ensureRightAxis()->setLabelFormat(labelFormat(unit, 1));
}

int TimeChart::addSeries(const QString &name, int colour, Qt::PenStyle style, bool rightAxis)
{
    auto *line = new QLineSeries(chart());
    line->setName(name);
    chart()->addSeries(line);
    line->attachAxis(m_x);
    line->attachAxis(rightAxis ? ensureRightAxis() : m_y);
    m_series.append({line, colour, style, rightAxis});
    applyPalette();
    return int(m_series.size()) - 1;
}

void TimeChart::setSeriesVisible(int series, bool visible)
{
    if (series >= 0 && series < m_series.size()) {
        m_series[series].line->setVisible(visible);
        // A hidden series keeps no legend entry: the legend says what is drawn.
        const auto markers = chart()->legend()->markers(m_series[series].line);
        for (auto *m : markers)
            m->setVisible(visible);
    }
}

bool TimeChart::isSeriesVisible(int series) const
{
    return series >= 0 && series < m_series.size() && m_series[series].line->isVisible();
}

void TimeChart::append(int series, double t, double value)
{
    if (series < 0 || series >= m_series.size() || !std::isfinite(value))
        return;
    QLineSeries *line = m_series[series].line;
    line->append(t, value);
    if (line->count() > kMaxPoints) {
        // Thin the older half's every other point: the recent past keeps full resolution.
        QList<QPointF> pts = line->points();
        QList<QPointF> thinned;
        thinned.reserve(pts.size());
        const qsizetype half = pts.size() / 2;
        for (qsizetype i = 0; i < pts.size(); ++i) {
            if (i >= half || i % 2 == 0)
                thinned.append(pts[i]);
        }
        line->replace(thinned);
    }
}

void TimeChart::setPoints(int series, const QList<QPointF> &points)
{
    if (series >= 0 && series < m_series.size())
        m_series[series].line->replace(points);
}

void TimeChart::setTimeSpan(double seconds)
{
    m_span = seconds > 0 ? seconds : 0;
}

void TimeChart::rescale()
{
    double xMax = std::max(1.0, m_span), left = 0, right = 0;
    for (const Entry &e : std::as_const(m_series)) {
        if (!e.line->isVisible())
            continue;
        const QList<QPointF> pts = e.line->points();
        for (const QPointF &p : pts) {
            xMax = std::max(xMax, p.x());
            (e.right ? right : left) = std::max(e.right ? right : left, p.y());
        }
    }
    // applyNiceNumbers picks round ticks (0, 2.5, 5 … rather than 0, 1.3, 2.5 …).
    m_x->setRange(0, xMax);
    m_x->applyNiceNumbers();
    m_x->setLabelFormat(m_x->max() >= 4 ? QStringLiteral("%.0f s") : QStringLiteral("%.1f s"));
    m_y->setRange(0, niceTop(left));
    m_y->applyNiceNumbers();
    m_y->setLabelFormat(labelFormat(m_unit, m_y->max()));
    if (m_y2) {
        m_y2->setRange(0, niceTop(right));
        m_y2->applyNiceNumbers();
        m_y2->setLabelFormat(labelFormat(m_rightUnit, m_y2->max()));
    }
}

void TimeChart::clear()
{
    for (const Entry &e : std::as_const(m_series))
        e.line->clear();
    rescale();
}

int TimeChart::pointCount(int series) const
{
    return series >= 0 && series < m_series.size() ? int(m_series[series].line->count()) : 0;
}

QList<QPointF> TimeChart::points(int series) const
{
    return series >= 0 && series < m_series.size() ? m_series[series].line->points()
                                                   : QList<QPointF>{};
}

void TimeChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

void TimeChart::applyPalette()
{
    const QPalette pal = palette();
    QChart *c = chart();
    c->setBackgroundBrush(pal.brush(QPalette::Base));
    c->setBackgroundPen(Qt::NoPen);
    c->setTitleBrush(pal.brush(QPalette::Text));
    c->legend()->setLabelColor(pal.color(QPalette::Text));
    setBackgroundBrush(pal.brush(QPalette::Base));
    for (QValueAxis *axis : {m_x, m_y, m_y2}) {
        if (!axis)
            continue;
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setLinePenColor(pal.color(QPalette::Mid));
        QColor grid = pal.color(QPalette::Text);
        grid.setAlphaF(0.12);
        axis->setGridLineColor(grid);
    }
    for (const Entry &e : std::as_const(m_series)) {
        QPen pen(shell::seriesColor(pal, e.colour));
        pen.setWidthF(2.0);
        pen.setStyle(e.style);
        e.line->setPen(pen);
    }
}

} // namespace bb::plugins::loadtest
