// bb::plugins::loadtest — the Load Test panel: the scenario form on the left; on the right the
// live charts, the summary of the last run, the run history and the comparison of two runs.
// Start (Ctrl+Enter) and Stop (Esc); reports export from the summary or the history.
#pragma once

#include "report_export.h"
#include "run_record.h"
#include "shell/plugin_settings.h"

#include <QPointer>
#include <QVariantMap>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QToolButton;

namespace bb::engine {
class EngineController;
}

namespace bb::plugins::loadtest {

class CompareView;
class LiveCharts;
class RunController;
class RunHistory;
class ScenarioForm;
class ServerView;
class SummaryView;

class LoadTestWidget : public QWidget {
    Q_OBJECT
public:
    enum Tab { LiveTab, SummaryTab, HistoryTab, CompareTab };

    /// `engine` (may be null) is the embedded engine: when the target is its address, its own
    /// metrics are shown beside the charts. `historyFolder` empty = the app data folder.
    LoadTestWidget(engine::EngineController *engine, std::optional<shell::PluginSettings> settings,
                   QString historyFolder = {}, QWidget *parent = nullptr);
    ~LoadTestWidget() override;

    /// Fills the target from a "loadTestRequest" action's arguments.
    void setRequest(const QVariantMap &args);
    /// Starts a run of the form's scenario; false (with the reason shown) when it cannot.
    bool start();
    void stop();
    bool isRunning() const;

    /// Shows a stored run in the charts and summary (history row).
    void showHistoryRun(int row);
    /// Loads a stored run's scenario into the form and starts it; when the form cannot start
    /// it (a credential came back masked) it says why and waits for the edit. False if not
    /// started.
    bool runAgain(int row);
    /// Compares history rows `a` (baseline) and `b` and switches to the comparison.
    void compareRuns(int a, int b);
    /// Writes the shown run's report; false with the reason in lastError().
    bool exportReport(ReportFormat format, const QString &path);
    /// Opens a save dialog for the shown run's report.
    void exportWithDialog(ReportFormat format);

    const RunRecord *shownRun() const;
    QString lastError() const { return m_lastError; }

    ScenarioForm *form() const { return m_form; }
    LiveCharts *charts() const { return m_charts; }
    SummaryView *summaryView() const { return m_summary; }
    RunHistory *history() const { return m_history; }
    CompareView *compareView() const { return m_compare; }
    QTabWidget *tabs() const { return m_tabs; }
    QTableView *historyTable() const { return m_historyTable; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QPushButton *copyCommandButton() const { return m_copyCommand; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *resultLabel() const { return m_result; }

    // The screenshot convention (app/screenshot_runner.h): real runs against the live engine.
    Q_INVOKABLE int screenshotSceneCount() const;
    Q_INVOKABLE QString prepareScreenshotScene(int index);
    Q_INVOKABLE bool screenshotSceneReady();
    Q_INVOKABLE QString screenshotSceneProblem() const;

signals:
    void runStarted();
    void runFinished(const QString &id);

private:
    void updateActions();
    void onFinished(const RunRecord &record);
    void showRecord(const RunRecord &record);
    void showResultLine(const RunRecord &record);
    bool targetsEmbeddedEngine() const;

    QPointer<engine::EngineController> m_engine;
    std::optional<shell::PluginSettings> m_settings; ///< the view's state; the form keeps its own
    ScenarioForm *m_form;
    RunController *m_run;
    ServerView *m_server;
    RunHistory *m_history;
    LiveCharts *m_charts;
    SummaryView *m_summary;
    CompareView *m_compare;
    QTabWidget *m_tabs;
    QTableView *m_historyTable;
    QPushButton *m_start;
    QPushButton *m_stop;
    QToolButton *m_export;
    QPushButton *m_copyCommand;
    QLabel *m_status;
    QLabel *m_result;
    std::optional<RunRecord> m_shown;
    QString m_lastError;
    int m_scene = -1;
    QString m_sceneProblem;
    QString m_sceneWaitFor; ///< the scene is ready once this many runs are in the history
    int m_sceneRunsBefore = 0;
};

} // namespace bb::plugins::loadtest
