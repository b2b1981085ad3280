#include "metrics_widget.h"

#include "dashboard_view.h"
#include "engine/engine_controller.h"
#include "explorer_view.h"
#include "metric_chart.h"
#include "scraper.h"
#include "shell/shell_context.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QVBoxLayout>

namespace bb::plugins::metrics {

namespace {
const QString kShowLogs = QStringLiteral("showLogs");
} // namespace

MetricsWidget::MetricsWidget(shell::ShellContext *context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_settings(MetricsSettings::load())
    , m_store(std::make_shared<telemetry::ScrapeStore>())
    , m_scraper(new Scraper(m_store, this))
    , m_status(new QLabel(this))
    , m_clickHint(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_dashboard(new DashboardView(this))
    , m_explorer(new ExplorerView(this))
{
    setObjectName(QStringLiteral("metricsPanel"));
    m_status->setObjectName(QStringLiteral("scrapeStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setWordWrap(true);
    m_clickHint->setObjectName(QStringLiteral("clickHint"));
    m_clickHint->setEnabled(false); // drawn as secondary text
    m_tabs->setObjectName(QStringLiteral("metricsTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_dashboard, tr("Dashboard"));
    m_tabs->addTab(m_explorer, tr("Explorer"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildTargetBar());
    auto *statusRow = new QHBoxLayout;
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_clickHint);
    layout->addLayout(statusRow);
    layout->addWidget(m_tabs, 1);

    connect(m_scraper, &Scraper::scraped, this, &MetricsWidget::onScraped);
    connect(m_scraper, &Scraper::statusChanged, this, &MetricsWidget::updateStatus);
    connect(m_dashboard, &DashboardView::pointClicked, this,
            [this](qint64 t, const QString &chartId) { showLogsAround(t, logQueryFor(chartId)); });
    connect(m_explorer, &ExplorerView::pointClicked, this, [this](qint64 t) { showLogsAround(t); });
    connect(m_dashboard, &DashboardView::exportPngRequested, this, &MetricsWidget::askExportPng);
    connect(m_dashboard, &DashboardView::exportCsvRequested, this, &MetricsWidget::askExportCsv);
    connect(m_explorer, &ExplorerView::exportPngRequested, this, &MetricsWidget::askExportPng);
    connect(m_explorer, &ExplorerView::exportCsvRequested, this, &MetricsWidget::askExportCsv);
    connect(m_explorer, &ExplorerView::selectionChanged, this, &MetricsWidget::saveSettings);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        onScraped(); // the hidden tab was not redrawn
        saveSettings();
    });
    if (m_context && m_context->engine()) {
        // The engine's address changes on restart; scrape it at once when it comes back.
        connect(m_context->engine(), &engine::EngineController::stateChanged, this, [this] {
            if (m_settings.embedded && !m_scraper->isPaused() &&
                m_context->engine()->state() == engine::EngineController::State::Running)
                m_scraper->scrapeNow();
        });
    }

    auto *scrapeKey = new QShortcut(QKeySequence(Qt::Key_F5), this);
    scrapeKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(scrapeKey, &QShortcut::activated, m_scraper, &Scraper::scrapeNow);
    auto *pauseKey = new QShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), this);
    pauseKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(pauseKey, &QShortcut::activated, m_pause, &QPushButton::click);

    auto *findKey = new QShortcut(QKeySequence::Find, this);
    findKey->setContext(Qt::WidgetWithChildrenShortcut);
    connect(findKey, &QShortcut::activated, this, [this] {
        m_tabs->setCurrentWidget(m_explorer);
        m_explorer->searchEdit()->setFocus();
        m_explorer->searchEdit()->selectAll();
    });

    m_explorer->setMetric(m_settings.explorerMetric);
    m_explorer->setFilter(m_settings.explorerFilter);
    m_tabs->setCurrentIndex(m_settings.tab);
    m_store->setWindow(qint64(m_settings.windowMinutes) * 60'000);
    m_dashboard->setTimeWindowMs(qint64(m_settings.windowMinutes) * 60'000);
    m_explorer->setTimeWindowMs(qint64(m_settings.windowMinutes) * 60'000);
    applyTarget();
    m_scraper->setPaused(m_settings.paused);
    m_scraper->start();
    updateStatus();
    updateClickHint();
    m_restoring = false;
}

MetricsWidget::~MetricsWidget()
{
    // The scraper outlives this object's members otherwise (children go in ~QWidget), and its
    // last status signal would reach a half-destroyed panel.
    delete m_scraper;
}

void MetricsWidget::onScraped()
{
    if (m_tabs->currentWidget() == m_dashboard)
        m_dashboard->refresh(*m_store);
    else
        m_explorer->refresh(*m_store);
    updateStatus();
}

void MetricsWidget::updateStatus()
{
    const ScrapeStatus &s = m_scraper->status();
    QString text;
    bool error = false;
    switch (s.state) {
    case ScrapeStatus::State::Idle:
        text = tr("Waiting for the first scrape…");
        break;
    case ScrapeStatus::State::Paused:
        text =
            tr("Paused; the charts keep the last %1 scrapes.").arg(m_store->scrapeTimes().size());
        break;
    case ScrapeStatus::State::Ok:
        text =
            tr("Scraped at %1: %2 samples, parsed in %3 ms")
                .arg(
                    QDateTime::fromMSecsSinceEpoch(s.lastOkMs).toString(QStringLiteral("HH:mm:ss")))
                .arg(s.samples)
                .arg(s.parseMs, 0, 'f', 1);
        break;
    case ScrapeStatus::State::Failed:
        text = tr("Scrape failed: %1").arg(s.error);
        error = true;
        break;
    }
    if (!m_notice.isEmpty())
        text += QStringLiteral(" · ") + m_notice;
    m_status->setText(text);
    QPalette pal = palette();
    if (error)
        pal.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    m_status->setPalette(pal);
}

QString MetricsWidget::clickUnavailableReason() const
{
    if (!m_context)
        return tr("Clicking a point opens the Logs panel, but this window has no shell.");
    if (!m_context->hasAction(kShowLogs))
        return tr("Clicking a point would open the logs at that time, but no panel provides "
                  "the \"showLogs\" action (is the Logs plugin loaded?).");
    return {};
}

void MetricsWidget::updateClickHint()
{
    const QString reason = clickUnavailableReason();
    m_clickHint->setText(reason.isEmpty() ? tr("Click a point to see the logs around it")
                                          : tr("Logs on click unavailable"));
    m_clickHint->setToolTip(reason);
}

QString MetricsWidget::logQueryFor(const QString &chartId)
{
    return chartId == QStringLiteral("errorRate") ? QStringLiteral("status>=500") : QString();
}

bool MetricsWidget::showLogsAround(qint64 tMs, const QString &query)
{
    updateClickHint();
    const QString reason = clickUnavailableReason();
    if (!reason.isEmpty()) {
        m_notice = reason;
        updateStatus();
        return false;
    }
    const qint64 interval = m_scraper->interval();
    QString why;
    QVariantMap args{{QStringLiteral("from"), tMs - interval},
                     {QStringLiteral("to"), tMs + interval}};
    if (!query.isEmpty())
        args.insert(QStringLiteral("query"), query);
    const bool ok = m_context->invoke(kShowLogs, args, &why);
    if (!ok) {
        m_notice = why;
        updateStatus();
    }
    return ok;
}

QString MetricsWidget::exportChartPng(MetricChart *chart, const QString &path)
{
    const QString error = chart->exportPng(path);
    m_notice = error.isEmpty() ? tr("Saved %1").arg(path) : error;
    updateStatus();
    return error;
}

QString MetricsWidget::exportChartCsv(MetricChart *chart, const QString &path)
{
    const QString error = chart->exportCsv(path);
    m_notice = error.isEmpty() ? tr("Saved %1").arg(path) : error;
    updateStatus();
    return error;
}

void MetricsWidget::askExportPng(MetricChart *chart)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart as PNG"), dir + QStringLiteral("/%1.png").arg(chart->data().id),
        tr("PNG images (*.png)"));
    if (!path.isEmpty())
        exportChartPng(chart, path);
}

void MetricsWidget::askExportCsv(MetricChart *chart)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export chart data as CSV"), dir + QStringLiteral("/%1.csv").arg(chart->data().id),
        tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportChartCsv(chart, path);
}

void MetricsWidget::saveSettings()
{
    if (m_restoring)
        return; // restoring the explorer's filter must not overwrite the saved tab
    m_settings.tab = m_tabs->currentIndex();
    m_settings.explorerMetric = m_explorer->metric();
    m_settings.explorerFilter = m_explorer->filter();
    m_settings.save();
}

void MetricsWidget::showEvent(QShowEvent *event)
{
    // Another plugin may have registered "showLogs" since the hint was last worded.
    updateClickHint();
    QWidget::showEvent(event);
}

} // namespace bb::plugins::metrics
