#include "live_stats_view.h"

#include "latency_chart.h"
#include "live_stats_model.h"
#include "shell/theme.h"

#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace bb::plugins::server {

LiveStatsView::LiveStatsView(LiveStatsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    auto *grid = new QGridLayout;
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(6);
    addTile(grid, QStringLiteral("uptime"), tr("Uptime"), 0, 0);
    addTile(grid, QStringLiteral("rps"), tr("Requests/s"), 0, 1);
    addTile(grid, QStringLiteral("errors"), tr("Errors (5xx · 4xx)"), 0, 2);
    addTile(grid, QStringLiteral("connections"), tr("Connections · in flight"), 0, 3);
    addTile(grid, QStringLiteral("p50"), tr("Latency p50"), 1, 0);
    addTile(grid, QStringLiteral("p95"), tr("Latency p95"), 1, 1);
    addTile(grid, QStringLiteral("p99"), tr("Latency p99"), 1, 2);
    addTile(grid, QStringLiteral("total"), tr("Requests served"), 1, 3);
    for (int c = 0; c < 4; ++c)
        grid->setColumnStretch(c, 1);

    m_chart = new LatencyChart(model, this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addWidget(m_chart, 1);

    connect(m_model, &LiveStatsModel::updated, this, &LiveStatsView::refresh);
    applyPalette();
    refresh();
}

void LiveStatsView::addTile(QGridLayout *grid, const QString &key, const QString &caption, int row,
                            int column)
{
    auto *tile = new QFrame(this);
    tile->setObjectName(QStringLiteral("tile-") + key);
    tile->setFrameShape(QFrame::StyledPanel);
    auto *v = new QVBoxLayout(tile);
    v->setContentsMargins(10, 6, 10, 6);
    v->setSpacing(0);
    auto *cap = new QLabel(caption, tile);
    auto *value = new QLabel(QStringLiteral("—"), tile);
    value->setObjectName(QStringLiteral("value-") + key);
    QFont f = value->font();
    f.setPointSizeF(f.pointSizeF() * 1.35);
    f.setBold(true);
    value->setFont(f);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    v->addWidget(cap);
    v->addWidget(value);
    m_values.insert(key, value);
    m_captions.append(cap);
    grid->addWidget(tile, row, column);
}

void LiveStatsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void LiveStatsView::applyPalette()
{
    for (QLabel *cap : std::as_const(m_captions)) {
        QPalette pal = cap->palette();
        pal.setColor(QPalette::WindowText,
                     palette().color(QPalette::Disabled, QPalette::WindowText));
        cap->setPalette(pal);
    }
    refresh();
}

void LiveStatsView::refresh()
{
    const QString none = QStringLiteral("—");
    if (!m_model->hasData()) {
        for (QLabel *l : std::as_const(m_values))
            l->setText(none);
        m_chart->refresh();
        return;
    }
    const auto &s = m_model->latest();
    const QLocale locale;
    m_values.value(QStringLiteral("uptime"))->setText(LiveStatsModel::formatUptime(s.uptimeMs));
    m_values.value(QStringLiteral("rps"))
        ->setText(LiveStatsModel::formatRate(m_model->requestsPerSecond()));
    m_values.value(QStringLiteral("errors"))
        ->setText(QStringLiteral("%1 · %2").arg(
            LiveStatsModel::formatPercent(m_model->serverErrorRate()),
            LiveStatsModel::formatPercent(m_model->clientErrorRate())));
    m_values.value(QStringLiteral("connections"))
        ->setText(QStringLiteral("%1 · %2").arg(locale.toString(qlonglong(s.openConnections)),
                                                locale.toString(qlonglong(s.inFlight))));
    m_values.value(QStringLiteral("p50"))->setText(LiveStatsModel::formatMs(s.p50Ms));
    m_values.value(QStringLiteral("p95"))->setText(LiveStatsModel::formatMs(s.p95Ms));
    m_values.value(QStringLiteral("p99"))->setText(LiveStatsModel::formatMs(s.p99Ms));
    m_values.value(QStringLiteral("total"))->setText(locale.toString(qlonglong(s.requestsTotal)));

    // Colour the error tile only when something is actually failing.
    QLabel *errors = m_values.value(QStringLiteral("errors"));
    QPalette pal = errors->palette();
    pal.setColor(QPalette::WindowText, m_model->serverErrorRate() > 0
                                           ? shell::toneColor(palette(), shell::Tone::Danger)
                                           : palette().color(QPalette::WindowText));
    errors->setPalette(pal);
    m_chart->refresh();
}

} // namespace bb::plugins::server
