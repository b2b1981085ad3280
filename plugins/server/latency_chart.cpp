#include "latency_chart.h"

#include "live_stats_model.h"
#include "shell/theme.h"

#include <QChart>
#include <QEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace bb::plugins::server {

LatencyChart::LatencyChart(LiveStatsModel *model, QWidget *parent)
    : QChartView(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("latencyChart"));
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation); // redrawn several times a second
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignRight);

    m_p50 = new QLineSeries(chart);
    m_p50->setName(QStringLiteral("p50"));
    m_p95 = new QLineSeries(chart);
    m_p95->setName(QStringLiteral("p95"));
    m_p99 = new QLineSeries(chart);
    m_p99->setName(QStringLiteral("p99"));
    m_x = new QValueAxis(chart);
    m_x->setTitleVisible(false); // the legend says what is drawn; the labels say when
    m_x->setLabelFormat(QStringLiteral("%.0f s"));
    m_y = new QValueAxis(chart);
    m_y->setTitleVisible(false);
    m_y->setLabelFormat(QStringLiteral("%.1f ms"));
    m_y->setMin(0);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QLineSeries *s : {m_p50, m_p95, m_p99}) {
        chart->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
    applyPalette();
    refresh();
}

void LatencyChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

void LatencyChart::applyPalette()
{
    const QPalette pal = palette();
    QChart *c = chart();
    c->setBackgroundBrush(pal.brush(QPalette::Base));
    c->setBackgroundPen(Qt::NoPen);
    c->legend()->setLabelColor(pal.color(QPalette::Text));
    setBackgroundBrush(pal.brush(QPalette::Base));
    for (QValueAxis *axis : {m_x, m_y}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setTitleBrush(pal.brush(QPalette::Disabled, QPalette::Text));
        axis->setLinePenColor(pal.color(QPalette::Mid));
        QColor grid = pal.color(QPalette::Text);
        grid.setAlphaF(0.12);
        axis->setGridLineColor(grid);
    }
    int i = 0;
    for (QLineSeries *s : {m_p50, m_p95, m_p99}) {
        QPen pen(shell::seriesColor(pal, i++));
        pen.setWidthF(2.0);
        s->setPen(pen);
    }
}

void LatencyChart::refresh()
{
    const auto &history = m_model->history();
    const double span = double(m_model->historySpanMs()) / 1000.0;
    QList<QPointF> p50, p95, p99;
    p50.reserve(qsizetype(history.size()));
    p95.reserve(qsizetype(history.size()));
    p99.reserve(qsizetype(history.size()));
    double top = 1.0;
    const qint64 now = history.empty() ? 0 : history.back().tMs;
    for (const LivePoint &p : history) {
        const double x = -double(now - p.tMs) / 1000.0;
        p50.append({x, p.p50Ms});
        p95.append({x, p.p95Ms});
        p99.append({x, p.p99Ms});
        top = std::max({top, p.p50Ms, p.p95Ms, p.p99Ms});
    }
    m_p50->replace(p50);
    m_p95->replace(p95);
    m_p99->replace(p99);
    // Show only as much time as there is data for (at least a minute), so a fresh engine's
    // first points are not squeezed against the right edge of a five-minute axis.
    const double shown =
        history.empty()
            ? 60.0
            : std::min(span, std::max(60.0, double(now - history.front().tMs) / 1000.0));
    m_x->setRange(-shown, 0);
    // Round the top up to a "nice" number so the axis does not jitter on every tick.
    const double magnitude = std::pow(10.0, std::floor(std::log10(top)));
    m_y->setRange(0, std::ceil(top * 1.15 / magnitude) * magnitude);
}

int LatencyChart::pointCount() const
{
    return int(m_p99->count());
}

} // namespace bb::plugins::server
