// bb::plugins::database — one SQL editor tab: the editor, Run (Ctrl+Enter: the statement under
// the cursor or the selection), Run all (Ctrl+Shift+Enter), Cancel (Esc), Explain / Explain
// Analyze; one grid per result set with rows and duration, messages with errors underlined in the
// editor, the plan tree, and the history of executed statements (double-click to reuse).
#pragma once

#include "store/database.h"

#include <QWidget>

#include <memory>

class QLabel;
class QListWidget;
class QPushButton;
class QTabWidget;
class QPlainTextEdit;
class QSplitter;

namespace bb::dbx {
class SqlHistory;
class SqlRunner;
struct SqlResult;
struct RunSummary;
struct Plan;
} // namespace bb::dbx

namespace bb::plugins::database {

class PlanView;
class SqlEditor;

class SqlTab : public QWidget {
    Q_OBJECT
public:
    /// `history` is shared by every tab and outlives them; `connection` names the connection in
    /// history entries.
    SqlTab(std::shared_ptr<store::Database> db, dbx::SqlHistory *history, const QString &connection,
           QWidget *parent = nullptr);
    ~SqlTab() override;

    SqlEditor *editor() const { return m_editor; }
    QTabWidget *results() const { return m_results; }
    PlanView *planView() const { return m_plan; }
    QListWidget *historyList() const { return m_history; }
    QSplitter *splitter() const { return m_splitter; }
    dbx::SqlRunner *runner() const { return m_runner.get(); }
    /// The messages of the last run, one line per statement.
    QString messages() const;
    /// "3 statements · 1 failed · 12.4 ms" or "Running…".
    QString statusText() const;
    bool isRunning() const;

    void runCurrent();
    void runAll();
    void cancel();
    void explain(bool analyze);
    /// Opens the export dialog for the result tab shown (its statement is run again by the
    /// export, so every row is written, not only the rows the grid kept).
    void exportResult();
    /// Re-reads the history file into the list.
    void reloadHistory();

signals:
    /// A statement created, altered or dropped something: the schema tree is stale.
    void schemaChanged();
    /// A run finished (tests, the screenshot scenes).
    void runFinished();
    void planShown();

private:
    void onStarted(int statements);
    void onResult(const dbx::SqlResult &result);
    void onFinished(const dbx::RunSummary &summary);
    void onPlan(const dbx::Plan &plan);
    void onPlanFailed(const QString &message, int offset);
    void clearResults();
    void addMessage(const QString &line, bool error = false);
    void updateButtons();

    std::shared_ptr<store::Database> m_db;
    std::unique_ptr<dbx::SqlRunner> m_runner;
    dbx::SqlHistory *m_historyStore;
    QString m_connection;
    SqlEditor *m_editor;
    QSplitter *m_splitter;
    QTabWidget *m_results;
    QPlainTextEdit *m_messages;
    PlanView *m_plan;
    QListWidget *m_history;
    QLabel *m_status;
    QPushButton *m_run;
    QPushButton *m_runAll;
    QPushButton *m_cancel;
    QPushButton *m_explain;
    QPushButton *m_analyze;
    QPushButton *m_export;
    int m_resultTabs = 0;
    bool m_schemaChanged = false;
};

} // namespace bb::plugins::database
