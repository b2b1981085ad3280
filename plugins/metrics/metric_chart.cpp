#include "metric_chart.h"

#include "shell/theme.h"

#include <QChart>
#include <QContextMenuEvent>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>

namespace bb::plugins::metrics {

QString legendName(const QString &seriesName)
{
    // {method="GET",route="/x",status="200"} → GET /x 200: the legend has little room, and the
    // full names stay in the CSV and the explorer's note.
    if (!seriesName.startsWith(QLatin1Char('{')))
        return seriesName;
    static const QRegularExpression label(QStringLiteral(R"re(\w+="((?:[^"\\]|\\.)*)")re"));
    QStringList values;
    for (auto it = label.globalMatch(seriesName); it.hasNext();)
        values << it.next().captured(1);
    return values.isEmpty() ? seriesName : values.join(QLatin1Char(' '));
}

MetricChart::MetricChart(QWidget *parent)
    : QChartView(parent)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation); // redrawn on every scrape
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    m_x = new QDateTimeAxis(chart);
    m_x->setFormat(QStringLiteral("HH:mm:ss"));
    m_x->setTickCount(5);
    m_y = new QValueAxis(chart);
    m_y->setMin(0);
    m_y->setTickCount(5);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(140);
    setCursor(Qt::PointingHandCursor);
    applyPalette();
}

void MetricChart::setData(ChartData data)
{
    m_data = std::move(data);
    rebuild();
}

void MetricChart::setTimeWindowMs(qint64 ms)
{
    m_windowMs = std::max<qint64>(60'000, ms);
    rebuild();
}

void MetricChart::rebuild()
{
    QChart *c = chart();
    const QString suffix = unitSuffix(m_data.unit);
    c->setTitle(QStringLiteral("<b>%1</b>%2")
                    .arg(m_data.title.toHtmlEscaped(),
                         suffix.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(suffix)));
    setToolTip(m_data.note);
    // Reuse series objects: recreating them on every scrape flickers and leaks palette work.
    while (m_series.size() < qsizetype(m_data.lines.size())) {
        auto *s = new QLineSeries(c);
        c->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        m_series.append(s);
    }
    while (m_series.size() > qsizetype(m_data.lines.size())) {
        QLineSeries *s = m_series.takeLast();
        c->removeSeries(s);
        delete s;
    }
    const double scale = unitScale(m_data.unit);
    double top = 0;
    std::int64_t newest = 0, oldest = 0;
    for (std::size_t i = 0; i < m_data.lines.size(); ++i) {
        const ChartLine &line = m_data.lines[i];
        QList<QPointF> points;
        points.reserve(qsizetype(line.points.size()));
        for (const auto &p : line.points) {
            if (!std::isfinite(p.value))
                continue;
            points.append({double(p.tMs), p.value * scale});
            top = std::max(top, p.value * scale);
            newest = std::max(newest, p.tMs);
            oldest = oldest == 0 ? p.tMs : std::min(oldest, p.tMs);
        }
        // A line needs two points to show; until there are a few, mark each point too.
        m_series[qsizetype(i)]->setPointsVisible(points.size() < 12);
        m_series[qsizetype(i)]->setName(legendName(line.name));
        m_series[qsizetype(i)]->replace(points);
    }
    c->legend()->setVisible(m_data.lines.size() > 1);
    // Several long series names read better as a column beside the plot than as a cut-off row.
    c->legend()->setAlignment(m_data.lines.size() > 3 ? Qt::AlignRight : Qt::AlignTop);
    const bool empty = !m_data.emptyText.isEmpty() || newest == 0;
    m_x->setVisible(!empty);
    m_y->setVisible(!empty);
    if (newest == 0)
        newest = QDateTime::currentMSecsSinceEpoch();
    // Show only as much time as there is data for (at least half a minute) so the first points
    // are not squeezed against the right edge of an hour-wide axis.
    const std::int64_t from = std::max<std::int64_t>(
        newest - m_windowMs, std::min<std::int64_t>(oldest ? oldest : newest, newest - 30'000));
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(from), QDateTime::fromMSecsSinceEpoch(newest));
    // Round the top up to a nice number so the axis does not jitter on every scrape.
    if (top <= 0)
        top = 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(top)));
    const double niceTop = std::ceil(top * 1.1 / magnitude) * magnitude;
    m_y->setRange(0, niceTop);
    m_y->setTickCount(5);
    m_y->applyNiceNumbers();
    const double step = (m_y->max() - m_y->min()) / std::max(1, m_y->tickCount() - 1);
    m_y->setLabelFormat(step >= 1     ? QStringLiteral("%.0f")
                        : step >= 0.1 ? QStringLiteral("%.1f")
                                      : QStringLiteral("%.2f"));
    applyPalette();
    viewport()->update();
}

void MetricChart::applyPalette()
{
    const QPalette pal = palette();
    QChart *c = chart();
    c->setBackgroundBrush(pal.brush(QPalette::Base));
    c->setBackgroundPen(Qt::NoPen);
    c->setTitleBrush(pal.brush(QPalette::Text));
    c->legend()->setLabelColor(pal.color(QPalette::Text));
    setBackgroundBrush(pal.brush(QPalette::Base));
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_x), static_cast<QAbstractAxis *>(m_y)}) {
        axis->setLabelsColor(pal.color(QPalette::Text));
        axis->setLinePenColor(pal.color(QPalette::Mid));
        QColor grid = pal.color(QPalette::Text);
        grid.setAlphaF(0.12);
        axis->setGridLineColor(grid);
    }
    int i = 0;
    for (QLineSeries *s : m_series) {
        QPen pen(shell::seriesColor(pal, i++));
        pen.setWidthF(2.0);
        s->setPen(pen);
    }
}

void MetricChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

void MetricChart::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    if (m_data.emptyText.isEmpty())
        return;
    painter->save();
    painter->setPen(palette().color(QPalette::Disabled, QPalette::Text));
    painter->drawText(chart()->plotArea(), Qt::AlignCenter | Qt::TextWordWrap, m_data.emptyText);
    painter->restore();
}

int MetricChart::lineCount() const
{
    return int(m_series.size());
}

int MetricChart::pointCount() const
{
    int n = 0;
    for (const QLineSeries *s : m_series)
        n += int(s->count());
    return n;
}

qint64 MetricChart::nearestPointTime(double x) const
{
    qint64 best = -1;
    double bestDistance = 0;
    for (const ChartLine &line : m_data.lines) {
        for (const auto &p : line.points) {
            const double d = std::abs(double(p.tMs) - x);
            if (best < 0 || d < bestDistance) {
                best = p.tMs;
                bestDistance = d;
            }
        }
    }
    return best;
}

qint64 MetricChart::timeAt(const QPoint &viewPos) const
{
    if (!m_data.emptyText.isEmpty())
        return -1;
    const QPointF scenePos = mapToScene(viewPos);
    const QPointF chartPos = chart()->mapFromScene(scenePos);
    if (!chart()->plotArea().contains(chartPos))
        return -1;
    const QPointF value = chart()->mapToValue(chartPos, m_series.isEmpty() ? nullptr : m_series[0]);
    return nearestPointTime(value.x());
}

void MetricChart::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const qint64 t = timeAt(event->position().toPoint());
        if (t >= 0) {
            emit pointClicked(t);
            event->accept();
            return;
        }
    }
    QChartView::mousePressEvent(event);
}

void MetricChart::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    menu.addAction(tr("Export chart as PNG…"), this, &MetricChart::exportPngRequested);
    QAction *csvAction =
        menu.addAction(tr("Export data as CSV…"), this, &MetricChart::exportCsvRequested);
    csvAction->setEnabled(m_data.hasPoints());
    menu.exec(event->globalPos());
}

QString MetricChart::csv() const
{
    auto quote = [](QString s) {
        if (s.contains(QLatin1Char(',')) || s.contains(QLatin1Char('"')) ||
            s.contains(QLatin1Char('\n')))
            return QLatin1Char('"') + s.replace(QLatin1Char('"'), QStringLiteral("\"\"")) +
                   QLatin1Char('"');
        return s;
    };
    const QString suffix = unitSuffix(m_data.unit);
    QString out = QStringLiteral("time,unix_ms");
    for (const ChartLine &line : m_data.lines)
        out +=
            QLatin1Char(',') +
            quote(suffix.isEmpty() ? line.name : QStringLiteral("%1 (%2)").arg(line.name, suffix));
    out += QLatin1Char('\n');
    std::map<qint64, std::vector<QString>> rows;
    const double scale = unitScale(m_data.unit);
    for (std::size_t i = 0; i < m_data.lines.size(); ++i) {
        for (const auto &p : m_data.lines[i].points) {
            auto &row = rows[p.tMs];
            row.resize(m_data.lines.size());
            row[i] = QString::number(p.value * scale, 'g', QLocale::FloatingPointShortest);
        }
    }
    for (const auto &[t, cells] : rows) {
        out += QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODateWithMs) +
               QLatin1Char(',') + QString::number(t);
        for (std::size_t i = 0; i < m_data.lines.size(); ++i)
            out += QLatin1Char(',') + (i < cells.size() ? cells[i] : QString());
        out += QLatin1Char('\n');
    }
    return out;
}

QString MetricChart::exportCsv(const QString &path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    file.write(csv().toUtf8());
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

QString MetricChart::exportPng(const QString &path)
{
    const QPixmap picture = grab();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    if (!picture.save(&file, "PNG"))
        return tr("Cannot encode the chart as PNG");
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

} // namespace bb::plugins::metrics
