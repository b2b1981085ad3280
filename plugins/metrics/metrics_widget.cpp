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
const QList<int> kWindowMinutes{5, 15, 60, 180, 360};

QString windowLabel(int minutes)
{
    return minutes < 60 ? QObject::tr("%1 min").arg(minutes)
                        : QObject::tr("%1 h").arg(minutes / 60);
}
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

QWidget *MetricsWidget::buildTargetBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    m_targetKind = new QComboBox(bar);
    m_targetKind->setObjectName(QStringLiteral("targetKind"));
    m_targetKind->addItem(tr("Embedded engine"));
    m_targetKind->addItem(tr("URL"));
    m_targetKind->setCurrentIndex(m_settings.embedded ? 0 : 1);
    m_url = new QLineEdit(m_settings.url, bar);
    m_url->setObjectName(QStringLiteral("targetUrl"));
    m_url->setPlaceholderText(tr("http://host:9100/metrics"));
    m_url->setClearButtonEnabled(true);
    m_tokenEdit = new QLineEdit(bar);
    m_tokenEdit->setObjectName(QStringLiteral("targetToken"));
    m_tokenEdit->setEchoMode(QLineEdit::Password);
    m_tokenEdit->setPlaceholderText(tr("Bearer token (optional)"));
    m_tokenEdit->setToolTip(tr("Kept for this session only; never saved to disk."));
    m_interval = new QSpinBox(bar);
    m_interval->setObjectName(QStringLiteral("scrapeInterval"));
    m_interval->setRange(1, 3600);
    m_interval->setSuffix(tr(" s"));
    m_interval->setPrefix(tr("every "));
    m_interval->setValue(m_settings.intervalSeconds);
    m_window = new QComboBox(bar);
    m_window->setObjectName(QStringLiteral("timeWindow"));
    for (int minutes : kWindowMinutes)
        m_window->addItem(tr("last %1").arg(windowLabel(minutes)), minutes);
    const int windowIndex = kWindowMinutes.indexOf(m_settings.windowMinutes);
    m_window->setCurrentIndex(windowIndex < 0 ? kWindowMinutes.indexOf(60) : windowIndex);
    m_pause = new QPushButton(bar);
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_pause->setCheckable(true);
    m_pause->setChecked(m_settings.paused);
    m_pause->setText(m_settings.paused ? tr("Resume") : tr("Pause"));
    m_pause->setToolTip(tr("Stop scraping; the charts keep what they have (Ctrl+Shift+P)"));
    m_scrapeNow = new QPushButton(tr("Scrape now"), bar);
    m_scrapeNow->setObjectName(QStringLiteral("scrapeNow"));
    m_scrapeNow->setToolTip(tr("F5"));

    row->addWidget(new QLabel(tr("Target:"), bar));
    row->addWidget(m_targetKind);
    row->addWidget(m_url, 2);
    row->addWidget(m_tokenEdit, 1);
    row->addWidget(m_interval);
    row->addWidget(m_window);
    row->addWidget(m_pause);
    row->addWidget(m_scrapeNow);

    connect(m_targetKind, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_settings.embedded = index == 0;
        applyTarget();
        saveSettings();
        m_scraper->scrapeNow();
    });
    connect(m_url, &QLineEdit::editingFinished, this, [this] {
        if (m_settings.embedded || m_url->text().trimmed() == m_settings.url)
            return;
        m_settings.url = m_url->text().trimmed();
        applyTarget();
        saveSettings();
        m_scraper->scrapeNow();
    });
    connect(m_tokenEdit, &QLineEdit::editingFinished, this,
            [this] { m_token = m_tokenEdit->text().trimmed(); });
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int seconds) {
        m_settings.intervalSeconds = seconds;
        m_scraper->setInterval(seconds * 1000);
        saveSettings();
    });
    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        m_settings.windowMinutes = m_window->currentData().toInt();
        const qint64 ms = qint64(m_settings.windowMinutes) * 60'000;
        m_store->setWindow(ms);
        m_dashboard->setTimeWindowMs(ms);
        m_explorer->setTimeWindowMs(ms);
        saveSettings();
        onScraped();
    });
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        m_settings.paused = paused;
        m_scraper->setPaused(paused);
        saveSettings();
    });
    connect(m_scrapeNow, &QPushButton::clicked, m_scraper, &Scraper::scrapeNow);
    return bar;
}

void MetricsWidget::applyTarget()
{
    m_url->setEnabled(!m_settings.embedded);
    m_tokenEdit->setEnabled(!m_settings.embedded);
    ScrapeTarget target;
    target.intervalMs = m_settings.intervalSeconds * 1000;
    if (m_settings.embedded) {
        shell::ShellContext *ctx = m_context;
        target.url = [ctx]() -> QUrl {
            if (!ctx || !ctx->engine())
                return {};
            QUrl url = ctx->engine()->baseUrl();
            if (url.isEmpty())
                return {};
            url.setPath(QStringLiteral("/metrics"));
            return url;
        };
        // The embedded engine's own admin: a fresh short-lived token on every scrape.
        target.token = [ctx] {
            return ctx && ctx->engine() ? ctx->engine()->localAdminToken() : QString();
        };
    } else {
        QUrl url = QUrl::fromUserInput(m_settings.url);
        // "http://host:8080" means that backend's /metrics, as Prometheus's default path.
        if (url.isValid() && (url.path().isEmpty() || url.path() == QStringLiteral("/")))
            url.setPath(QStringLiteral("/metrics"));
        target.url = [url] { return url; };
        target.token = [this] { return m_token; };
    }
    m_scraper->setTarget(std::move(target));
    m_notice.clear();
    onScraped();
}

void MetricsWidget::useUrlTarget(const QString &url, const QString &token)
{
    m_url->setText(url);
    m_tokenEdit->setText(token);
    m_token = token;
    m_settings.url = url;
    m_settings.embedded = false;
    const QSignalBlocker block(m_targetKind);
    m_targetKind->setCurrentIndex(1);
    applyTarget();
    saveSettings();
    m_scraper->scrapeNow();
}

void MetricsWidget::useEmbeddedTarget()
{
    m_targetKind->setCurrentIndex(0);
}

void MetricsWidget::setIntervalSeconds(int seconds)
{
    m_interval->setValue(seconds);
}

void MetricsWidget::setWindowMinutes(int minutes)
{
    const int index = kWindowMinutes.indexOf(minutes);
    if (index >= 0)
        m_window->setCurrentIndex(index);
}

void MetricsWidget::setPaused(bool paused)
{
    m_pause->setChecked(paused);
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
