// bb::plugins::metrics — the Metrics panel: the target bar (embedded engine or any URL, token,
// interval, window, pause), the RED dashboard and the metric explorer over one scrape store.
// Thin: scraping is Scraper's, numbers are the queries', drawing is MetricChart's.
#pragma once

#include "metrics_settings.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace bb::shell {
class ShellContext;
}
namespace bb::telemetry {
class ScrapeStore;
}

namespace bb::plugins::metrics {

class DashboardView;
class ExplorerView;
class MetricChart;
class Scraper;

class MetricsWidget : public QWidget {
    Q_OBJECT
public:
    /// `context` may be null (tests); then only URL targets work and clicks have no action.
    explicit MetricsWidget(shell::ShellContext *context, QWidget *parent = nullptr);
    ~MetricsWidget() override;

    /// Scrapes `url` (a full /metrics URL) with an optional bearer token instead of the engine.
    void useUrlTarget(const QString &url, const QString &token = {});
    void useEmbeddedTarget();
    void setIntervalSeconds(int seconds);
    void setWindowMinutes(int minutes);
    void setPaused(bool paused);

    Scraper *scraper() const { return m_scraper; }
    DashboardView *dashboard() const { return m_dashboard; }
    ExplorerView *explorer() const { return m_explorer; }
    QTabWidget *tabs() const { return m_tabs; }
    QLabel *statusLabel() const { return m_status; }
    /// Why clicking a point does nothing right now, or empty when it opens the logs.
    QString clickUnavailableReason() const;
    /// Opens the Logs panel around `tMs` (± one scrape interval), with `query` in the log filter
    /// language when not empty; false when it cannot.
    bool showLogsAround(qint64 tMs, const QString &query = {});
    /// The log query a click on dashboard chart `chartId` adds: the error chart shows the 5xx
    /// lines.
    static QString logQueryFor(const QString &chartId);
    /// Writes the chart's PNG/CSV to `path`; empty on success, else the error (also shown).
    QString exportChartPng(MetricChart *chart, const QString &path);
    QString exportChartCsv(MetricChart *chart, const QString &path);

    // The screenshot convention (app/screenshot_runner.h): scenes staged on the live engine.
    Q_INVOKABLE int screenshotSceneCount() const;
    Q_INVOKABLE QString prepareScreenshotScene(int index);
    Q_INVOKABLE bool screenshotSceneReady();
    Q_INVOKABLE QString screenshotSceneProblem() const { return m_sceneProblem; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *buildTargetBar();
    void applyTarget();
    void onScraped();
    void updateStatus();
    void updateClickHint();
    void saveSettings();
    void askExportPng(MetricChart *chart);
    void askExportCsv(MetricChart *chart);
    void sendSceneTraffic();

    shell::ShellContext *m_context;
    MetricsSettings m_settings;
    QString m_token; ///< remote token, for this session only
    std::shared_ptr<telemetry::ScrapeStore> m_store;
    Scraper *m_scraper;
    QComboBox *m_targetKind;
    QLineEdit *m_url;
    QLineEdit *m_tokenEdit;
    QSpinBox *m_interval;
    QComboBox *m_window;
    QPushButton *m_pause;
    QPushButton *m_scrapeNow;
    QLabel *m_status;
    QLabel *m_clickHint;
    QTabWidget *m_tabs;
    DashboardView *m_dashboard;
    ExplorerView *m_explorer;
    bool m_restoring = true;
    QString m_notice; ///< the last export or click message, shown until the next scrape
    int m_scene = -1;
    int m_sceneScrapes = 0;
    QString m_sceneProblem;
    QNetworkAccessManager *m_sceneNet = nullptr;
};

} // namespace bb::plugins::metrics
