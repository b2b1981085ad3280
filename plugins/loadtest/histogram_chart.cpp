#include "histogram_chart.h"

#include "loadtest/report_svg.h"
#include "shell/theme.h"
#include "time_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QEvent>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QValueAxis>

#include <cmath>

namespace bb::plugins::loadtest {

HistogramChart::HistogramChart(QWidget *parent)
    : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setTitle(tr("Latency histogram"));
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->hide();
    m_outline = new QLineSeries(chart);
    m_area = new QAreaSeries(m_outline); // the lower edge is the x axis
    m_area->setName(tr("requests"));
    chart->addSeries(m_area);
    m_x = new QLogValueAxis(chart);
    m_x->setBase(10);
    m_x->setLabelFormat(QStringLiteral("%g ms"));
    m_x->setMinorTickCount(8);
    m_x->setRange(0.1, 10);
    m_y = new QValueAxis(chart);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setRange(0, 10);
    m_y->applyNiceNumbers();
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    m_area->attachAxis(m_x);
    m_area->attachAxis(m_y);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(170);
    applyPalette();
}

void HistogramChart::setHistogram(const bb::loadtest::Histogram &histogram)
{
    const auto bins = bb::loadtest::report::logBins(histogram, kBins);
    QList<QPointF> steps;
    double top = 0;
    m_total = 0;
    for (const auto &b : bins) {
        // Each bin is a flat top from its low to its high edge: a step outline.
        steps.append({b.lowMs, b.count});
        steps.append({b.highMs, b.count});
        top = std::max(top, b.count);
        m_total += b.count;
    }
    if (bins.empty()) {
        clear();
        return;
    }
    steps.prepend({bins.front().lowMs, 0});
    steps.append({bins.back().highMs, 0});
    m_outline->replace(steps);
    // Whole decades around the data, so the log axis has labelled ticks.
    const double lo = std::pow(10.0, std::floor(std::log10(std::max(1e-3, bins.front().lowMs))));
    const double hi = std::pow(10.0, std::ceil(std::log10(std::max(lo * 10, bins.back().highMs))));
    m_x->setRange(lo, hi);
    m_y->setRange(0, niceTop(top));
    m_y->applyNiceNumbers();
    m_y->setLabelFormat(labelFormat(QString(), m_y->max()));
}

void HistogramChart::clear()
{
    m_outline->clear();
    m_total = 0;
    m_x->setRange(0.1, 10);
    m_y->setRange(0, 10); // whole requests on the empty axis
    m_y->applyNiceNumbers();
}

void HistogramChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

void HistogramChart::applyPalette()
{
    const QPalette pal = palette();
    QChart *c = chart();
    c->setBackgroundBrush(pal.brush(QPalette::Base));
    c->setBackgroundPen(Qt::NoPen);
    c->setTitleBrush(pal.brush(QPalette::Text));
    setBackgroundBrush(pal.brush(QPalette::Base));
    QColor grid = pal.color(QPalette::Text);
    grid.setAlphaF(0.12);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_x), static_cast<QAbstractAxis *>(m_y)}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setLinePenColor(pal.color(QPalette::Mid));
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
    }
    const QColor colour = shell::seriesColor(pal, 0);
    QColor fill = colour;
    fill.setAlphaF(0.55);
    m_area->setBrush(fill);
    m_area->setPen(QPen(colour, 1.5));
}

} // namespace bb::plugins::loadtest
