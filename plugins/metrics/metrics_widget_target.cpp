// The Metrics panel's target bar: where to scrape (the embedded engine or a URL with a token),
// how often, how much time to keep, pause and scrape-now; and the setters tests drive it with.
#include "dashboard_view.h"
#include "engine/engine_controller.h"
#include "explorer_view.h"
#include "metrics_widget.h"
#include "scraper.h"
#include "shell/shell_context.h"
#include "telemetry/scrape_store.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace bb::plugins::metrics {

namespace {
const QList<int> kWindowMinutes{5, 15, 60, 180, 360};

QString windowLabel(int minutes)
{
    return minutes < 60 ? QObject::tr("%1 min").arg(minutes)
                        : QObject::tr("%1 h").arg(minutes / 60);
}
} // namespace

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

} // namespace bb::plugins::metrics
