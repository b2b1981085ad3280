// The Endpoints panel's collection runner: choose iterations, data, delay and bail; run and stop
// (Esc); watch progress and the results tree (iteration → request → tests); export JSON or JUnit.
#pragma once

#include "common/result.h"
#include "tester/collection_runner.h"
#include "tester/run_results.h"
#include "workspace/request.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeView;

namespace bb::plugins::endpoints {

class RunnerView : public QWidget {
    Q_OBJECT
public:
    explicit RunnerView(QWidget *parent = nullptr);

    /// What Run runs: the collection, or only the folder at folderPath ('/'-separated).
    void setCollection(const workspace::Collection &collection, const QString &folderPath = {});
    void setEnvironment(const workspace::Environment &environment);

    tester::RunResultsModel *model() const { return m_model; }
    bool isRunning() const { return m_runner->isRunning(); }
    /// The last finished run (empty before the first).
    const tester::RunSummary &lastSummary() const { return m_summary; }
    QString summaryText() const;
    /// The line under the tree: progress while running, the summary or a problem afterwards.
    QString statusText() const;

    /// Write the last run's reports; the Export buttons call these after a file dialog.
    bb::Result<void> exportJson(const QString &path) const;
    bb::Result<void> exportJUnit(const QString &path) const;

    // The option widgets, so the panel can preset them and tests can drive them.
    QSpinBox *iterationsBox() const { return m_iterations; }
    QLineEdit *dataFileEdit() const { return m_dataFile; }
    QSpinBox *delayBox() const { return m_delay; }
    QCheckBox *bailBox() const { return m_bail; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *stopButton() const { return m_stop; }
    QProgressBar *progressBar() const { return m_progress; }

public slots:
    void run();
    void stop();

signals:
    void runFinished(const bb::tester::RunSummary &summary);
    /// The environment as the run's scripts left it (pm.environment.set), for the panel to keep.
    void environmentChanged(const bb::workspace::Environment &environment);

private:
    void onRequestStarted(int iteration, int position, const QString &name);
    void onRequestFinished(const tester::RequestRun &run);
    void onFinished(const tester::RunSummary &summary);
    void chooseDataFile();
    void chooseExport(bool junit);
    void updateButtons();

    tester::CollectionRunner *m_runner;
    tester::RunResultsModel *m_model;
    workspace::Collection m_collection;
    QString m_folderPath;
    workspace::Environment m_environment;
    tester::RunSummary m_summary;
    int m_requestsPerIteration = 0;
    int m_iterationCount = 0;
    int m_done = 0;
    int m_failed = 0;

    QSpinBox *m_iterations;
    QLineEdit *m_dataFile;
    QSpinBox *m_delay;
    QCheckBox *m_bail;
    QPushButton *m_run;
    QPushButton *m_stop;
    QProgressBar *m_progress;
    QTreeView *m_tree;
    QLabel *m_summaryLabel;
    QPushButton *m_exportJson;
    QPushButton *m_exportJUnit;
};

} // namespace bb::plugins::endpoints
