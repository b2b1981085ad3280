#include "loadtest_widget.h"

#include "compare_view.h"
#include "engine/engine_controller.h"
#include "live_charts.h"
#include "load_command_text.h"
#include "loadtest/report_format.h"
#include "run_controller.h"
#include "run_history.h"
#include "scenario_form.h"
#include "server_view.h"
#include "shell/theme.h"
#include "summary_view.h"

#include <QClipboard>
#include <QCoreApplication>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace bb::plugins::loadtest {

namespace {
const std::pair<ReportFormat, const char *> kFormats[] = {
    {ReportFormat::Html, QT_TRANSLATE_NOOP("bb::plugins::loadtest", "HTML report…")},
    {ReportFormat::Json, QT_TRANSLATE_NOOP("bb::plugins::loadtest", "JSON summary (k6 shape)…")},
    {ReportFormat::Csv, QT_TRANSLATE_NOOP("bb::plugins::loadtest", "CSV time series…")},
    {ReportFormat::K6, QT_TRANSLATE_NOOP("bb::plugins::loadtest", "k6 script…")},
    {ReportFormat::Text, QT_TRANSLATE_NOOP("bb::plugins::loadtest", "Text summary…")},
};
} // namespace

LoadTestWidget::LoadTestWidget(engine::EngineController *engine,
                               std::optional<shell::PluginSettings> settings, QString historyFolder,
                               QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_settings(settings)
    , m_form(new ScenarioForm(std::move(settings), this))
    , m_run(new RunController(this))
    , m_server(new ServerView(this))
    , m_history(new RunHistory(std::move(historyFolder), RunHistory::kDefaultLimit, this))
    , m_charts(new LiveCharts(this))
    , m_summary(new SummaryView(this))
    , m_compare(new CompareView(m_history, this))
    , m_tabs(new QTabWidget(this))
    , m_historyTable(new QTableView(this))
    , m_start(new QPushButton(tr("Start"), this))
    , m_stop(new QPushButton(tr("Stop"), this))
    , m_export(new QToolButton(this))
    , m_copyCommand(new QPushButton(tr("Copy as command"), this))
    , m_status(new QLabel(this))
    , m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("loadTestWidget"));
    m_start->setToolTip(tr("Start the run (Ctrl+Enter)"));
    m_stop->setToolTip(tr("Stop the run; the summary covers what was sent (Esc)"));
    m_start->setDefault(true);
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    m_export->setToolTip(tr("Save the shown run's report"));
    auto *exportMenu = new QMenu(m_export);
    for (const auto &[format, label] : kFormats) {
        exportMenu->addAction(QCoreApplication::translate("bb::plugins::loadtest", label), this,
                              [this, f = format] { exportWithDialog(f); });
    }
    m_export->setMenu(exportMenu);
    m_copyCommand->setToolTip(tr("Copy the scenario as a `backbench load` command line, for a "
                                 "script or a CI job (exit 99 when a threshold fails)"));
    connect(m_copyCommand, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(
            loadCommandLine(m_form->scenario(), m_form->data().path));
        // Rows that came with a stored run have no file for --data.
        m_status->setText(m_form->data().path.isEmpty() && !m_form->data().rows.empty()
                              ? tr("Copied the command line (without the stored run's data "
                                   "rows: pick their file to add --data).")
                              : tr("Copied the command line."));
    });
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setWordWrap(true);
    m_result->setObjectName(QStringLiteral("resultLabel"));
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *startShortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this);
    startShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(startShortcut, &QShortcut::activated, this, [this] { start(); });
    auto *startShortcut2 = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), this);
    startShortcut2->setContext(Qt::WidgetWithChildrenShortcut);
    connect(startShortcut2, &QShortcut::activated, this, [this] { start(); });
    auto *stopShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    stopShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(stopShortcut, &QShortcut::activated, this, &LoadTestWidget::stop);

    // History: newest first; double-click shows a run, two selected rows compare.
    m_historyTable->setModel(m_history);
    m_historyTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyTable->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_historyTable->horizontalHeader()->setSectionResizeMode(RunHistory::Target,
                                                             QHeaderView::Stretch);
    m_historyTable->verticalHeader()->hide();
    connect(m_historyTable, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { showHistoryRun(index.row()); });
    auto *showButton = new QPushButton(tr("Show"), this);
    auto *runAgainButton = new QPushButton(tr("Run again"), this);
    runAgainButton->setToolTip(tr("Load the selected run's scenario into the form and start it "
                                  "; masked credentials must be typed again first"));
    auto *compareButton = new QPushButton(tr("Compare two"), this);
    auto *deleteButton = new QPushButton(tr("Delete"), this);
    compareButton->setToolTip(tr("Select two runs: the older is the baseline (A)"));
    connect(showButton, &QPushButton::clicked, this, [this] {
        const auto rows = m_historyTable->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            showHistoryRun(rows.first().row());
    });
    connect(runAgainButton, &QPushButton::clicked, this, [this] {
        const auto rows = m_historyTable->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            runAgain(rows.first().row());
    });
    connect(compareButton, &QPushButton::clicked, this, [this] {
        auto rows = m_historyTable->selectionModel()->selectedRows();
        if (rows.size() != 2) {
            QMessageBox::information(this, tr("Compare runs"),
                                     tr("Select exactly two runs to compare."));
            return;
        }
        const int a = std::max(rows[0].row(), rows[1].row()); // newest first: older is larger
        const int b = std::min(rows[0].row(), rows[1].row());
        compareRuns(a, b);
    });
    connect(deleteButton, &QPushButton::clicked, this, [this] {
        auto rows = m_historyTable->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(),
                  [](const QModelIndex &x, const QModelIndex &y) { return x.row() > y.row(); });
        for (const QModelIndex &r : rows) {
            QString error;
            if (!m_history->remove(r.row(), &error) && !error.isEmpty())
                QMessageBox::warning(this, tr("Delete run"), error);
        }
    });
    auto *historyPage = new QWidget(this);
    auto *historyLayout = new QVBoxLayout(historyPage);
    historyLayout->addWidget(m_historyTable, 1);
    auto *historyButtons = new QHBoxLayout;
    historyButtons->addWidget(showButton);
    historyButtons->addWidget(runAgainButton);
    historyButtons->addWidget(compareButton);
    historyButtons->addWidget(deleteButton);
    historyButtons->addStretch();
    auto *folder = new QLabel(
        tr("Kept in %1 (the last %2 runs)").arg(m_history->folder()).arg(RunHistory::kDefaultLimit),
        this);
    folder->setForegroundRole(QPalette::PlaceholderText);
    folder->setTextInteractionFlags(Qt::TextSelectableByMouse);
    historyButtons->addWidget(folder);
    historyLayout->addLayout(historyButtons);

    auto *livePage = new QWidget(this);
    auto *liveLayout = new QVBoxLayout(livePage);
    liveLayout->addWidget(m_result);
    liveLayout->addWidget(m_charts, 1);

    m_tabs->addTab(livePage, tr("Live"));
    m_tabs->addTab(m_summary, tr("Summary"));
    m_tabs->addTab(historyPage, tr("History"));
    m_tabs->addTab(m_compare, tr("Compare"));

    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(360);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(m_start);
    toolbar->addWidget(m_stop);
    toolbar->addWidget(m_export);
    toolbar->addWidget(m_copyCommand);
    toolbar->addWidget(m_status, 1);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(scroll);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({380, 820});
    // Where the user left the panel: the split and the tab.
    if (m_settings) {
        splitter->restoreState(m_settings->value(QStringLiteral("view/splitter")).toByteArray());
        m_tabs->setCurrentIndex(m_settings->value(QStringLiteral("view/tab"), 0).toInt());
        connect(splitter, &QSplitter::splitterMoved, this, [this, splitter] {
            m_settings->setValue(QStringLiteral("view/splitter"), splitter->saveState());
        });
        connect(m_tabs, &QTabWidget::currentChanged, this,
                [this](int index) { m_settings->setValue(QStringLiteral("view/tab"), index); });
    }

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(toolbar);
    layout->addWidget(splitter, 1);

    connect(m_start, &QPushButton::clicked, this, [this] { start(); });
    connect(m_stop, &QPushButton::clicked, this, &LoadTestWidget::stop);
    connect(m_form, &ScenarioForm::changed, this, &LoadTestWidget::updateActions);
    connect(m_run, &RunController::progressed, this,
            [this](const std::vector<bb::loadtest::Sample> &fresh,
                   const bb::loadtest::Histogram &histogram) {
                m_charts->append(fresh);
                m_charts->setHistogram(histogram);
                const auto &last = fresh.back();
                m_status->setText(tr("Running · %1 s · %2 requests · %3 errors · %4 req/s · p99 %5")
                                      .arg(last.tSeconds, 0, 'f', 1)
                                      .arg(m_run->requestsSoFar())
                                      .arg(m_run->errorsSoFar())
                                      .arg(last.rps, 0, 'f', 0)
                                      .arg(QString::fromStdString(
                                          bb::loadtest::report::duration(last.corrected.p99Ms))));
                if (!m_server->problem().isEmpty())
                    m_charts->setServerNote(m_server->problem());
            });
    connect(m_run, &RunController::finished, this, &LoadTestWidget::onFinished);
    connect(m_server, &ServerView::point, m_charts, &LiveCharts::appendServerPoint);

    // A sensible first target: the embedded engine's health check, once it runs.
    auto suggestTarget = [this] {
        if (m_engine && m_engine->state() == engine::EngineController::State::Running &&
            m_form->urlEdit()->text().trimmed().isEmpty()) {
            QUrl url = m_engine->baseUrl();
            url.setPath(QStringLiteral("/healthz"));
            m_form->setRequest({{QStringLiteral("method"), QStringLiteral("GET")},
                                {QStringLiteral("url"), url.toString()}});
        }
    };
    if (m_engine)
        connect(m_engine, &engine::EngineController::stateChanged, this, suggestTarget);
    suggestTarget();

    m_result->setText(tr("No run yet: set the target and press Start (Ctrl+Enter)."));
    if (m_history->size() > 0)
        showRecord(m_history->at(0));
    if (m_history->skippedFiles() > 0)
        m_status->setText(tr("%n stored run(s) could not be read and were skipped.", nullptr,
                             m_history->skippedFiles()));
    updateActions();
}

LoadTestWidget::~LoadTestWidget() = default;

void LoadTestWidget::updateActions()
{
    const bool running = m_run->isRunning();
    const QString problem = m_form->problem();
    m_start->setEnabled(!running && problem.isEmpty());
    m_start->setToolTip(problem.isEmpty() ? tr("Start the run (Ctrl+Enter)") : problem);
    m_stop->setEnabled(running);
    m_export->setEnabled(m_shown.has_value());
    m_copyCommand->setEnabled(problem.isEmpty());
    m_form->setEnabled(!running);
    if (!running && !problem.isEmpty())
        m_status->setText(problem);
}

void LoadTestWidget::setRequest(const QVariantMap &args)
{
    if (m_run->isRunning())
        m_status->setText(tr("The new target applies to the next run."));
    m_form->setRequest(args);
}

bool LoadTestWidget::targetsEmbeddedEngine() const
{
    if (!m_engine || m_engine->state() != engine::EngineController::State::Running)
        return false;
    const QUrl base = m_engine->baseUrl();
    const QUrl target(QString::fromStdString(
        m_form->scenario().requests.empty() ? std::string() : m_form->scenario().requests[0].url));
    auto local = [](const QString &host) {
        return host == QLatin1String("127.0.0.1") || host == QLatin1String("localhost") ||
               host == QLatin1String("::1");
    };
    return target.port(80) == base.port(80) &&
           (target.host() == base.host() || (local(target.host()) && local(base.host())));
}

bool LoadTestWidget::start()
{
    m_lastError.clear();
    if (m_run->isRunning())
        return false;
    m_form->reloadDataFile(); // edited since it was picked? The run uses it as it is now.
    if (const QString problem = m_form->problem(); !problem.isEmpty()) {
        m_lastError = problem;
        m_status->setText(problem);
        return false;
    }
    const bb::loadtest::Scenario scenario = m_form->scenario();
    QString error;
    if (!m_run->start(scenario, &error)) {
        m_lastError = error;
        m_status->setText(tr("Cannot start: %1").arg(error));
        return false;
    }
    const bool server = targetsEmbeddedEngine();
    // A run of N requests may end long before its time limit: then the axes follow the data.
    m_charts->reset(scenario.model == bb::loadtest::Model::Open, server,
                    scenario.maxRequests > 0 ? 0 : scenario.plannedSeconds());
    if (server)
        m_server->start(m_engine->baseUrl());
    m_form->clearOutcome();
    m_result->setText(tr("Running…"));
    m_result->setStyleSheet(QString());
    m_status->setText(tr("Starting…"));
    m_tabs->setCurrentIndex(LiveTab);
    updateActions();
    emit runStarted();
    return true;
}

void LoadTestWidget::stop()
{
    if (!m_run->isRunning())
        return;
    m_status->setText(tr("Stopping…"));
    m_run->stop();
}

bool LoadTestWidget::isRunning() const
{
    return m_run->isRunning();
}

void LoadTestWidget::onFinished(const RunRecord &record)
{
    m_server->stop();
    QString error;
    if (!m_history->add(record, &error))
        m_status->setText(error);
    else
        m_status->setText(tr("Finished · %1 requests in %2 s")
                              .arg(record.summary->requests)
                              .arg(record.summary->durationSeconds, 0, 'f', 2));
    m_shown = record;
    // The axes once more: the last poll brought the final, shorter interval.
    m_charts->append({});
    m_charts->setHistogram(record.summary->latency);
    m_summary->showRecord(record);
    m_form->showOutcome(*record.summary);
    showResultLine(record);
    updateActions();
    emit runFinished(record.id);
}

void LoadTestWidget::showResultLine(const RunRecord &record)
{
    const bb::loadtest::Summary &s = *record.summary;
    QStringList parts;
    for (const auto &t : s.thresholds) {
        parts.append((t.passed ? QStringLiteral("✓ ") : QStringLiteral("✗ ")) +
                     QString::fromStdString(t.threshold.text) + QStringLiteral(" (") +
                     QString::fromStdString(
                         bb::loadtest::report::thresholdObserved(t.threshold, t.observed)) +
                     QLatin1Char(')'));
    }
    const double errorRate = s.requests ? 100.0 * double(s.errors) / double(s.requests) : 0;
    QString text =
        tr("%1 requests · %2 req/s · %3 % errors · p50 %4 · p99 %5")
            .arg(s.requests)
            .arg(s.rps, 0, 'f', 1)
            .arg(errorRate, 0, 'f', 2)
            .arg(QString::fromStdString(bb::loadtest::report::duration(s.corrected.p50Ms)),
                 QString::fromStdString(bb::loadtest::report::duration(s.corrected.p99Ms)));
    if (s.aborted)
        text += tr(" · aborted: %1").arg(QString::fromStdString(s.abortReason));
    if (!parts.isEmpty())
        text += QStringLiteral("\n") + parts.join(QStringLiteral("   "));
    m_result->setText(text);
    const bool bad = s.aborted || !s.thresholdsPassed;
    m_result->setStyleSheet(
        s.thresholds.empty() && !s.aborted
            ? QString()
            : QStringLiteral("color: %1")
                  .arg(shell::toneColor(palette(), bad ? shell::Tone::Danger : shell::Tone::Success)
                           .name()));
}

void LoadTestWidget::showRecord(const RunRecord &record)
{
    if (!record.summary)
        return;
    m_shown = record;
    m_charts->reset(record.scenario.model == bb::loadtest::Model::Open, false);
    m_charts->showRun(record.samples, record.summary->latency,
                      record.scenario.model == bb::loadtest::Model::Open);
    m_summary->showRecord(record);
    showResultLine(record);
    updateActions();
}

void LoadTestWidget::showHistoryRun(int row)
{
    if (row < 0 || row >= m_history->size() || m_run->isRunning())
        return;
    showRecord(m_history->at(row));
    m_status->setText(tr("Showing the run of %1").arg(m_history->at(row).label()));
    m_tabs->setCurrentIndex(SummaryTab);
}

bool LoadTestWidget::runAgain(int row)
{
    if (row < 0 || row >= m_history->size() || m_run->isRunning())
        return false;
    const RunRecord &record = m_history->at(row);
    m_form->setScenario(record.scenario);
    if (const QString problem = m_form->problem(); !problem.isEmpty()) {
        // Typically "The Authorization header was stored masked": the form shows it beside
        // the fields, Start is disabled with it, and the status line says what to do.
        m_lastError = problem;
        m_status->setText(tr("Loaded the run of %1: %2").arg(record.label(), problem));
        m_form->headersEdit()->setFocus();
        return false;
    }
    return start();
}

void LoadTestWidget::compareRuns(int a, int b)
{
    m_compare->compare(a, b);
    m_tabs->setCurrentIndex(CompareTab);
}

const RunRecord *LoadTestWidget::shownRun() const
{
    return m_shown ? &*m_shown : nullptr;
}

bool LoadTestWidget::exportReport(ReportFormat format, const QString &path)
{
    m_lastError.clear();
    if (!m_shown) {
        m_lastError = tr("There is no finished run to export.");
        return false;
    }
    if (!writeReport(format, *m_shown, path, &m_lastError))
        return false;
    m_status->setText(tr("Saved %1").arg(path));
    return true;
}

void LoadTestWidget::exportWithDialog(ReportFormat format)
{
    if (!m_shown)
        return;
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export"), dir + QLatin1Char('/') + defaultFileName(format, *m_shown),
        fileFilter(format));
    if (path.isEmpty())
        return;
    if (!exportReport(format, path))
        QMessageBox::warning(this, tr("Export"), m_lastError);
}

} // namespace bb::plugins::loadtest
