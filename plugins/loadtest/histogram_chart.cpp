#include "histogram_chart.h"

#include "loadtest/report_format.h"
#include "loadtest/report_svg.h"
#include "shell/theme.h"
#include "time_chart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QEvent>
#include <QValueAxis>

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
    m_set = new QBarSet(tr("requests"));
    m_series = new QBarSeries(chart);
    m_series->setBarWidth(0.95);
    m_series->append(m_set);
    chart->addSeries(m_series);
    m_x = new QBarCategoryAxis(chart);
    m_y = new QValueAxis(chart);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setRange(0, 1);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    m_series->attachAxis(m_x);
    m_series->attachAxis(m_y);
    setChart(chart);
    setMinimumHeight(170);
    applyPalette();
}

void HistogramChart::setHistogram(const bb::loadtest::Histogram &histogram)
{
    const auto bins = bb::loadtest::report::logBins(histogram, kBins);
    QList<qreal> values;
    QStringList labels;
    double top = 0;
    for (std::size_t i = 0; i < bins.size(); ++i) {
        values.append(bins[i].count);
        top = std::max(top, bins[i].count);
        // Label every eighth bar with its lower edge; the rest stay blank but distinct (the
        // category axis needs unique names).
        labels.append(i % 8 == 0
                          ? QString::fromStdString(bb::loadtest::report::duration(bins[i].lowMs))
                          : QString(int(i), QChar(0x200B)));
    }
    m_set->remove(0, m_set->count());
    m_set->append(values);
    m_x->setCategories(labels);
    m_y->setRange(0, niceTop(top));
}

void HistogramChart::clear()
{
    m_set->remove(0, m_set->count());
    m_x->clear();
    m_y->setRange(0, 1);
}

double HistogramChart::total() const
{
    double sum = 0;
    for (int i = 0; i < m_set->count(); ++i)
        sum += m_set->at(i);
    return sum;
}

int HistogramChart::barCount() const
{
    return int(m_set->count());
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
    m_x->setLabelsColor(pal.color(QPalette::Text));
    m_x->setGridLineVisible(false);
    m_y->setLabelsColor(pal.color(QPalette::Text));
    QColor grid = pal.color(QPalette::Text);
    grid.setAlphaF(0.12);
    m_y->setGridLineColor(grid);
    m_set->setColor(shell::seriesColor(pal, 0));
    m_set->setBorderColor(shell::seriesColor(pal, 0));
}

} // namespace bb::plugins::loadtest
