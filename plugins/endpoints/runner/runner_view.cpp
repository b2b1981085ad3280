#include "runner_view.h"

#include "tester/reporters.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

namespace {

using tester::RunResultsModel;

/// Green for passed rows, red for failed ones, from the model's StateRole.
class ResultColourDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != RunResultsModel::ResultColumn &&
            index.column() != RunResultsModel::NameColumn)
            return;
        const QVariant state = index.data(RunResultsModel::StateRole);
        if (!state.isValid())
            return;
        const bool passed = state.toInt() == int(RunResultsModel::State::Passed);
        option->palette.setColor(QPalette::Text,
                                 passed ? QColor(0x1a, 0x7f, 0x37) : QColor(0xc6, 0x28, 0x28));
    }
};

} // namespace

RunnerView::RunnerView(QWidget *parent)
    : QWidget(parent)
    , m_runner(new tester::CollectionRunner(this))
    , m_model(new tester::RunResultsModel(this))
{
    m_iterations = new QSpinBox;
    m_iterations->setRange(0, 100000);
    m_iterations->setValue(1);
    m_iterations->setSpecialValueText(tr("one per data row"));
    m_iterations->setToolTip(tr("How many times to run the requests; 0 runs once per data row"));

    m_dataFile = new QLineEdit;
    m_dataFile->setPlaceholderText(tr("CSV or JSON file (optional)"));
    m_dataFile->setClearButtonEnabled(true);
    auto *browse = new QPushButton(tr("Browse…"));
    connect(browse, &QPushButton::clicked, this, &RunnerView::chooseDataFile);
    auto *dataRow = new QHBoxLayout;
    dataRow->addWidget(m_dataFile, 1);
    dataRow->addWidget(browse);

    m_delay = new QSpinBox;
    m_delay->setRange(0, 600000);
    m_delay->setSuffix(tr(" ms"));
    m_bail = new QCheckBox(tr("Stop at the first failure"));

    auto *form = new QFormLayout;
    // Numbers in short boxes, as in other runners; only the data file path takes the width.
    for (QSpinBox *box : {m_iterations, m_delay})
        box->setSizePolicy(QSizePolicy::Fixed, box->sizePolicy().verticalPolicy());
    m_iterations->setMinimumWidth(110);
    m_delay->setMinimumWidth(110);
    form->addRow(tr("Iterations"), m_iterations);
    form->addRow(tr("Data"), dataRow);
    form->addRow(tr("Delay"), m_delay);
    form->addRow(QString(), m_bail);

    m_run = new QPushButton(tr("Run"));
    m_stop = new QPushButton(tr("Stop"));
    m_stop->setToolTip(tr("Stop the run (Esc)"));
    connect(m_run, &QPushButton::clicked, this, &RunnerView::run);
    connect(m_stop, &QPushButton::clicked, this, &RunnerView::stop);
    auto *esc = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    esc->setContext(Qt::WidgetWithChildrenShortcut);
    connect(esc, &QShortcut::activated, this, &RunnerView::stop);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    m_progress->setFormat(tr("not run yet"));
    auto *runRow = new QHBoxLayout;
    runRow->addWidget(m_run);
    runRow->addWidget(m_stop);
    runRow->addWidget(m_progress, 1);

    m_tree = new QTreeView;
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new ResultColourDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setColumnWidth(RunResultsModel::NameColumn, 280);
    m_tree->setColumnWidth(RunResultsModel::ResultColumn, 120);

    m_summaryLabel = new QLabel(tr("No run yet."));
    m_summaryLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_exportJson = new QPushButton(tr("Export JSON…"));
    m_exportJUnit = new QPushButton(tr("Export JUnit…"));
    connect(m_exportJson, &QPushButton::clicked, this, [this] { chooseExport(false); });
    connect(m_exportJUnit, &QPushButton::clicked, this, [this] { chooseExport(true); });
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summaryLabel, 1);
    bottom->addWidget(m_exportJson);
    bottom->addWidget(m_exportJUnit);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(runRow);
    layout->addWidget(m_tree, 1);
    layout->addLayout(bottom);

    connect(m_runner, &tester::CollectionRunner::requestStarted, this,
            &RunnerView::onRequestStarted);
    connect(m_runner, &tester::CollectionRunner::requestFinished, this,
            &RunnerView::onRequestFinished);
    connect(m_runner, &tester::CollectionRunner::finished, this, &RunnerView::onFinished);
    updateButtons();
}

void RunnerView::setCollection(const workspace::Collection &collection, const QString &folderPath)
{
    m_collection = collection;
    m_folderPath = folderPath;
    updateButtons();
}

void RunnerView::setEnvironment(const workspace::Environment &environment)
{
    m_environment = environment;
}

void RunnerView::run()
{
    if (m_runner->isRunning())
        return;
    auto plan = tester::planRun(m_collection, m_folderPath);
    tester::RunOptions options;
    options.iterations = m_iterations->value();
    options.dataFile = m_dataFile->text().trimmed();
    options.delayMs = m_delay->value();
    options.bail = m_bail->isChecked();
    // Reading the data here gives the progress bar its real total before the first request.
    if (!options.dataFile.isEmpty()) {
        auto rows = tester::readDataFile(options.dataFile);
        if (!rows) {
            m_summaryLabel->setText(rows.error().message);
            return;
        }
        options.data = rows.value();
    }
    m_requestsPerIteration = plan ? int(plan->size()) : 0;
    m_iterationCount =
        options.iterations > 0 ? options.iterations : std::max(1, int(options.data.size()));
    m_done = 0;
    m_failed = 0;
    m_model->clear();
    m_summary = {};
    m_progress->setRange(0, std::max(1, m_requestsPerIteration * m_iterationCount));
    m_progress->setValue(0);
    m_progress->setFormat(tr("starting…"));
    m_summaryLabel->setText(tr("Running…"));
    m_runner->start(m_collection, m_folderPath, m_environment, options);
    updateButtons();
}

void RunnerView::stop()
{
    m_runner->cancel();
}

void RunnerView::onRequestStarted(int iteration, int position, const QString &name)
{
    Q_UNUSED(name);
    m_progress->setFormat(tr("request %1 of %2, iteration %3")
                              .arg(position + 1)
                              .arg(m_requestsPerIteration)
                              .arg(iteration + 1));
}

void RunnerView::onRequestFinished(const tester::RequestRun &run)
{
    m_model->addRequest(run);
    ++m_done;
    m_failed += run.passed() ? 0 : 1;
    m_progress->setValue(std::min(m_done, m_progress->maximum()));
    m_summaryLabel->setText(tr("%1 requests, %2 failed so far").arg(m_done).arg(m_failed));
    m_tree->expand(m_model->index(m_model->iterationCount() - 1, 0));
}

void RunnerView::onFinished(const tester::RunSummary &summary)
{
    m_summary = summary;
    m_progress->setValue(summary.cancelled ? m_progress->value() : m_progress->maximum());
    m_progress->setFormat(summary.cancelled ? tr("stopped") : tr("done"));
    m_summaryLabel->setText(summaryText());
    updateButtons();
    emit environmentChanged(m_runner->finalEnvironment());
    emit runFinished(summary);
}

QString RunnerView::summaryText() const
{
    const tester::RunSummary &s = m_summary;
    if (!s.error.isEmpty() && s.executions.isEmpty())
        return s.error;
    QString text = tr("%1 iteration(s), %2 request(s) (%3 failed), %4 assertion(s) (%5 failed)")
                       .arg(s.iterations.total)
                       .arg(s.requests.total)
                       .arg(s.requests.failed)
                       .arg(s.assertions.total)
                       .arg(s.assertions.failed);
    if (s.testScripts.failed + s.prerequestScripts.failed > 0)
        text += tr(", %1 script error(s)").arg(s.testScripts.failed + s.prerequestScripts.failed);
    if (s.cancelled)
        text += tr(" — stopped");
    else if (s.bailed)
        text += tr(" — stopped at the first failure");
    if (!s.error.isEmpty())
        text += QStringLiteral(" — ") + s.error;
    return text;
}

QString RunnerView::statusText() const
{
    return m_summaryLabel->text();
}

bb::Result<void> RunnerView::exportJson(const QString &path) const
{
    return tester::writeReportFile(path, tester::toJsonReport(m_summary));
}

bb::Result<void> RunnerView::exportJUnit(const QString &path) const
{
    return tester::writeReportFile(path, tester::toJUnit(m_summary));
}

void RunnerView::chooseDataFile()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Iteration data"), m_dataFile->text(),
                                     tr("Data files (*.csv *.json);;All files (*)"));
    if (!path.isEmpty())
        m_dataFile->setText(path);
}

void RunnerView::chooseExport(bool junit)
{
    const QString path = QFileDialog::getSaveFileName(
        this, junit ? tr("Export JUnit report") : tr("Export JSON report"),
        junit ? QStringLiteral("run-report.xml") : QStringLiteral("run-report.json"),
        junit ? tr("JUnit XML (*.xml)") : tr("JSON (*.json)"));
    if (path.isEmpty())
        return;
    const auto written = junit ? exportJUnit(path) : exportJson(path);
    if (!written)
        QMessageBox::warning(this, tr("Export failed"), written.error().message);
}

void RunnerView::updateButtons()
{
    const bool running = m_runner->isRunning();
    const bool hasRequests = m_collection.root.requestCount() > 0;
    m_run->setEnabled(!running && hasRequests);
    m_stop->setEnabled(running);
    const bool haveResults = !running && m_summary.started.isValid();
    m_exportJson->setEnabled(haveResults);
    m_exportJUnit->setEnabled(haveResults);
}

} // namespace bb::plugins::endpoints
