#include "volume_chart.h"

#include "level_chips.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QDateTime>
#include <QMouseEvent>
#include <QStackedBarSeries>
#include <QValueAxis>

namespace bb::plugins::logs {

using logview::Severity;

namespace {
constexpr int kBars = 60;
}

VolumeChart::VolumeChart(QWidget *parent)
    : QChartView(parent)
    , m_series(new QStackedBarSeries)
    , m_axisX(new QBarCategoryAxis)
    , m_axisY(new QValueAxis)
{
    auto *chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->setAnimationOptions(QChart::NoAnimation);
    for (int i = 0; i < logview::kSeverityCount; ++i) {
        auto *set = new QBarSet(logview::severityLabel(Severity(i)));
        set->setColor(severityColor(Severity(i)));
        set->setBorderColor(severityColor(Severity(i)));
        m_series->append(set);
        m_sets.push_back(set);
    }
    m_series->setBarWidth(0.9);
    chart->addSeries(m_series);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    chart->addAxis(m_axisY, Qt::AlignLeft);
    m_series->attachAxis(m_axisX);
    m_series->attachAxis(m_axisY);
    m_axisY->setLabelFormat(QStringLiteral("%d"));
    m_axisY->setTickCount(3);
    QFont small = m_axisX->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.8);
    m_axisX->setLabelsFont(small);
    m_axisY->setLabelsFont(small);
    m_axisX->setGridLineVisible(false);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing, false);
    setMinimumHeight(110);
    setToolTip(tr("Lines per interval by level. Click a bar or drag across bars to zoom."));
    setMouseTracking(true);
}

void VolumeChart::setData(const logview::LogVolume &volume, qint64 fromMs, qint64 toMs,
                          unsigned levelMask)
{
    m_bars = volume.bars(fromMs, toMs, kBars);
    QStringList categories;
    categories.reserve(qsizetype(m_bars.size()));
    const qint64 width = m_bars.empty() ? 1000 : m_bars.front().endMs - m_bars.front().startMs;
    const QString format = width >= 86400000 ? QStringLiteral("MM-dd")
                           : width >= 60000  ? QStringLiteral("HH:mm")
                                             : QStringLiteral("HH:mm:ss");
    // Every bar needs a distinct category; only about six carry a visible label.
    const int labelEvery = qMax(1, int(m_bars.size()) / 6);
    for (std::size_t i = 0; i < m_bars.size(); ++i) {
        const QString label = QDateTime::fromMSecsSinceEpoch(m_bars[i].startMs).toString(format);
        categories.append(int(i) % labelEvery == 0 ? label : QString(int(i), QChar(0x200b)));
    }
    double maxTotal = 0;
    for (int l = 0; l < logview::kSeverityCount; ++l) {
        QList<qreal> values;
        values.reserve(qsizetype(m_bars.size()));
        const bool on = levelMask & (1u << l);
        for (const auto &bar : m_bars)
            values.append(on ? double(bar.counts[std::size_t(l)]) : 0.0);
        if (m_sets[std::size_t(l)]->count() == values.size()) {
            for (int i = 0; i < values.size(); ++i) {
                if (m_sets[std::size_t(l)]->at(i) != values[i])
                    m_sets[std::size_t(l)]->replace(i, values[i]);
            }
        } else {
            m_sets[std::size_t(l)]->remove(0, m_sets[std::size_t(l)]->count());
            m_sets[std::size_t(l)]->append(values);
        }
    }
    for (const auto &bar : m_bars) {
        double total = 0;
        for (int l = 0; l < logview::kSeverityCount; ++l)
            total += (levelMask & (1u << l)) ? double(bar.counts[std::size_t(l)]) : 0.0;
        maxTotal = qMax(maxTotal, total);
    }
    if (m_axisX->categories() != categories) {
        m_axisX->clear();
        m_axisX->append(categories);
    }
    m_axisY->setRange(0, qMax(1.0, maxTotal * 1.1));
}

std::pair<qint64, qint64> VolumeChart::rangeOfBars(int first, int last) const
{
    if (m_bars.empty())
        return {0, 0};
    if (first > last)
        std::swap(first, last);
    first = qBound(0, first, int(m_bars.size()) - 1);
    last = qBound(0, last, int(m_bars.size()) - 1);
    return {m_bars[std::size_t(first)].startMs, m_bars[std::size_t(last)].endMs};
}

int VolumeChart::barAt(const QPointF &pos) const
{
    if (m_bars.empty())
        return -1;
    const QPointF scene = mapToScene(pos.toPoint());
    const QPointF inChart = chart()->mapFromScene(scene);
    if (!chart()->plotArea().contains(inChart))
        return -1;
    const QPointF value = chart()->mapToValue(inChart, m_series);
    const int i = int(std::lround(value.x()));
    return (i >= 0 && i < int(m_bars.size())) ? i : -1;
}

void VolumeChart::mousePressEvent(QMouseEvent *event)
{
    m_pressBar = event->button() == Qt::LeftButton ? barAt(event->position()) : -1;
    event->accept();
}

void VolumeChart::mouseMoveEvent(QMouseEvent *event)
{
    const int bar = barAt(event->position());
    if (bar != m_hoverBar) {
        m_hoverBar = bar;
        if (bar >= 0) {
            const auto &b = m_bars[std::size_t(bar)];
            qint64 total = 0;
            QStringList parts;
            for (int l = logview::kSeverityCount - 1; l >= 0; --l) {
                if (b.counts[std::size_t(l)]) {
                    parts.append(QStringLiteral("%1 %2")
                                     .arg(b.counts[std::size_t(l)])
                                     .arg(logview::severityLabel(Severity(l))));
                    total += b.counts[std::size_t(l)];
                }
            }
            setToolTip(tr("%1 – %2: %3 lines%4")
                           .arg(QDateTime::fromMSecsSinceEpoch(b.startMs).toString(
                                    QStringLiteral("HH:mm:ss")),
                                QDateTime::fromMSecsSinceEpoch(b.endMs).toString(
                                    QStringLiteral("HH:mm:ss")))
                           .arg(total)
                           .arg(parts.isEmpty()
                                    ? QString()
                                    : QStringLiteral(" (") + parts.join(QStringLiteral(", ")) +
                                          QLatin1Char(')')));
        }
    }
    event->accept();
}

void VolumeChart::mouseReleaseEvent(QMouseEvent *event)
{
    const int release = barAt(event->position());
    if (event->button() == Qt::LeftButton && m_pressBar >= 0) {
        const int last = release >= 0 ? release : m_pressBar;
        const auto [from, to] = rangeOfBars(m_pressBar, last);
        emit rangeSelected(from, to);
    }
    m_pressBar = -1;
    event->accept();
}

} // namespace bb::plugins::logs
