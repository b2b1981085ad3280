// bb::plugins::logs — the Logs panel: live tail of a source with pause, clear and export; level
// chips, a structured query with highlights, the volume histogram that zooms, and the details
// pane with the trace waterfall. Its logic lives in bb::logview; this wires it to widgets.
#pragma once

#include "logview/log_export.h"
#include "logview/log_level.h"
#include "shell/plugin_settings.h"

#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTableView;
class QToolButton;

namespace bb::engine {
class EngineController;
}
namespace bb::logview {
class LogSource;
class LogTableModel;
} // namespace bb::logview
namespace bb::workspace {
class SecretStore;
}

namespace bb::plugins::logs {

class LevelChips;
class LogDetails;
class LogRowDelegate;
class QueryEdit;
class VolumeChart;

class LogsWidget : public QWidget {
    Q_OBJECT
public:
    enum class SourceKind { Engine, Remote, File };

    LogsWidget(engine::EngineController *engine, shell::PluginSettings settings,
               QWidget *parent = nullptr);
    ~LogsWidget() override;

    // --- Sources (each clears the view and starts the new source)
    void useEngineSource();
    /// A remote Backbench at `url` with an admin token; `remember` keeps the token in the
    /// keychain (session-only when there is none, and the status line says so).
    void useRemoteSource(const QUrl &url, const QString &token, bool remember = true);
    void useFileSource(const QString &path);
    SourceKind sourceKind() const { return m_kind; }
    logview::LogSource *source() const { return m_source.get(); }

    // --- What the "showLogs" and "showTrace" actions do
    /// Args per the cross-panel contract: from, to (ms), optional query, optional traceId.
    void showLogs(const QVariantMap &args);
    void showTrace(const QString &traceId);
    /// For an engine source: fetches the lines of [from, to] older than the oldest held and puts
    /// them before it (the status line says how many).
    void fetchHistory(qint64 from, qint64 to, const QString &query);

    /// Applies the query box's text; false (and the error marked) when it does not parse.
    bool applyQuery();
    void setPaused(bool paused);
    void clearLines();
    void resetZoom();
    /// Exports the current view (runs in slices; progress in the status line).
    bool exportTo(const QString &path, logview::ExportFormat format, QString *error);

    logview::LogTableModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QueryEdit *queryEdit() const { return m_query; }
    LevelChips *chips() const { return m_chips; }
    VolumeChart *chart() const { return m_chart; }
    LogDetails *details() const { return m_details; }
    LogRowDelegate *delegate() const { return m_delegate; }
    logview::LogExporter *exporter() const { return m_exporter; }
    QPushButton *pauseButton() const { return m_pause; }
    QLabel *newLinesLabel() const { return m_newLines; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *sourceStatusLabel() const { return m_sourceStatus; }
    /// True while new lines scroll the view (the view was at the bottom).
    bool isFollowing() const { return m_follow; }

    // The screenshot convention (app/screenshot_runner.h).
    Q_INVOKABLE int screenshotSceneCount() const;
    Q_INVOKABLE QString prepareScreenshotScene(int index);
    Q_INVOKABLE bool screenshotSceneReady();
    Q_INVOKABLE QString screenshotSceneProblem() const;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void buildUi();
    QWidget *buildSourceBar();
    QWidget *buildToolBar();
    void startSource(std::unique_ptr<logview::LogSource> source, SourceKind kind);
    void onSourceKindPicked(int index);
    void connectPressed();
    void browseFile();
    void exportPressed();
    void chooseColumns();
    void chooseCapacity();
    void refreshCounts();
    void refreshStatus();
    void onBatch();
    void onSelection();
    void saveState();
    void restoreState();
    QString rangeText() const;

    engine::EngineController *m_engine;
    shell::PluginSettings m_settings;
    logview::LogTableModel *m_model;
    std::unique_ptr<logview::LogSource> m_source;
    SourceKind m_kind = SourceKind::Engine;
    workspace::SecretStore *m_secrets = nullptr;
    logview::LogExporter *m_exporter;

    QComboBox *m_sourcePicker = nullptr;
    QLineEdit *m_location = nullptr;
    QLineEdit *m_token = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_connect = nullptr;
    QLabel *m_sourceStatus = nullptr;
    QPushButton *m_pause = nullptr;
    QLabel *m_newLines = nullptr;
    QToolButton *m_resetZoom = nullptr;
    QueryEdit *m_query = nullptr;
    QProgressBar *m_progress = nullptr;
    LevelChips *m_chips = nullptr;
    VolumeChart *m_chart = nullptr;
    QTableView *m_view = nullptr;
    LogRowDelegate *m_delegate = nullptr;
    LogDetails *m_details = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_status = nullptr;
    quint64 m_selectedLine = 0;   ///< ring index of the selected line across a model reset
    qint64 m_statusHoldUntil = 0; ///< the status line shows a message until then
    bool m_follow = true;
    bool m_countsDirty = false;
    bool m_restored = false;
    int m_scene = -1;
    QString m_sceneProblem;
};

} // namespace bb::plugins::logs
