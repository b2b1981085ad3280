#include "sql_tab.h"

#include "cell_delegate.h"
#include "counted.h"
#include "dbx/sql_history.h"
#include "dbx/sql_runner.h"
#include "export_dialog.h"
#include "plan_view.h"
#include "result_set_model.h"
#include "sql_editor.h"

#include <QDateTime>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace bb::plugins::database {

namespace {
constexpr int kMessagesTab = 0;
constexpr int kPlanTab = 1;
constexpr int kFixedTabs = 3;
} // namespace

SqlTab::SqlTab(std::shared_ptr<store::Database> db, dbx::SqlHistory *history,
               const QString &connection, QWidget *parent)
    : QWidget(parent)
    , m_db(db)
    , m_runner(std::make_unique<dbx::SqlRunner>(db))
    , m_historyStore(history)
    , m_connection(connection)
    , m_editor(new SqlEditor(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_results(new QTabWidget(this))
    , m_messages(new QPlainTextEdit(this))
    , m_plan(new PlanView(this))
    , m_history(new QListWidget(this))
    , m_status(new QLabel(this))
    , m_run(new QPushButton(tr("Run"), this))
    , m_runAll(new QPushButton(tr("Run all"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_explain(new QPushButton(tr("Explain"), this))
    , m_analyze(new QPushButton(tr("Explain Analyze"), this))
    , m_export(new QPushButton(tr("Export result…"), this))
{
    m_run->setToolTip(tr("Run the statement under the cursor, or the selection (Ctrl+Enter)"));
    m_runAll->setToolTip(tr("Run every statement (Ctrl+Shift+Enter)"));
    m_cancel->setToolTip(tr("Cancel the running statement (Esc)"));
    m_explain->setToolTip(tr("Show the plan of the statement under the cursor (Ctrl+E)"));
    m_analyze->setToolTip(tr("Run the statement inside a rolled-back transaction and show the "
                             "plan with actual rows and times"));
    m_analyze->setVisible(db->dialect() == store::Dialect::Postgres);
    m_messages->setReadOnly(true);
    m_messages->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_messages->setObjectName(QStringLiteral("sqlMessages"));
    m_history->setObjectName(QStringLiteral("sqlHistory"));
    m_history->setToolTip(tr("Double-click to put the statement back in the editor"));
    m_history->setUniformItemSizes(true);
    m_results->addTab(m_messages, tr("Messages"));
    m_results->addTab(m_plan, tr("Plan"));
    m_results->addTab(m_history, tr("History"));
    m_results->setDocumentMode(true);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    m_export->setToolTip(tr("Write the shown result set as CSV, JSON or SQL INSERTs"));
    for (QPushButton *b : {m_run, m_runAll, m_cancel, m_explain, m_analyze, m_export})
        bar->addWidget(b);
    bar->addStretch();
    bar->addWidget(m_status);

    m_splitter->addWidget(m_editor);
    m_splitter->addWidget(m_results);
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_splitter, 1);

    connect(m_run, &QPushButton::clicked, this, &SqlTab::runCurrent);
    connect(m_runAll, &QPushButton::clicked, this, &SqlTab::runAll);
    connect(m_cancel, &QPushButton::clicked, this, &SqlTab::cancel);
    connect(m_explain, &QPushButton::clicked, this, [this] { explain(false); });
    connect(m_analyze, &QPushButton::clicked, this, [this] { explain(true); });
    connect(m_export, &QPushButton::clicked, this, &SqlTab::exportResult);
    connect(m_results, &QTabWidget::currentChanged, this, &SqlTab::updateButtons);
    auto shortcut = [this](QKeySequence keys, std::function<void()> fn) {
        auto *s = new QShortcut(keys, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, std::move(fn));
    };
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), [this] { runCurrent(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_Enter), [this] { runCurrent(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return), [this] { runAll(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter), [this] { runAll(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_E), [this] { explain(false); });
    shortcut(QKeySequence(Qt::Key_Escape), [this] { cancel(); });

    connect(m_history, &QListWidget::itemDoubleClicked, this, [this](QListWidgetItem *item) {
        QTextCursor cursor = m_editor->textCursor();
        cursor.insertText(item->data(Qt::UserRole).toString());
        m_editor->setFocus();
    });

    connect(m_runner.get(), &dbx::SqlRunner::started, this, &SqlTab::onStarted);
    connect(m_runner.get(), &dbx::SqlRunner::resultReady, this, &SqlTab::onResult);
    connect(m_runner.get(), &dbx::SqlRunner::finished, this, &SqlTab::onFinished);
    connect(m_runner.get(), &dbx::SqlRunner::planReady, this, &SqlTab::onPlan);
    connect(m_runner.get(), &dbx::SqlRunner::planFailed, this, &SqlTab::onPlanFailed);
    reloadHistory();
    updateButtons();
}

SqlTab::~SqlTab() = default;

QString SqlTab::messages() const
{
    return m_messages->toPlainText();
}

QString SqlTab::statusText() const
{
    return m_status->text();
}

bool SqlTab::isRunning() const
{
    return m_runner->isRunning();
}

void SqlTab::runCurrent()
{
    const QString script = m_editor->toPlainText();
    const QTextCursor cursor = m_editor->textCursor();
    clearResults();
    const auto statements =
        cursor.hasSelection()
            ? m_runner->runSelection(script, cursor.selectionStart(), cursor.selectionEnd())
            : m_runner->runAt(script, cursor.position());
    if (statements.isEmpty())
        addMessage(tr("Nothing to run: the editor holds no statement."));
    updateButtons();
}

void SqlTab::runAll()
{
    clearResults();
    if (m_runner->runAll(m_editor->toPlainText()).isEmpty())
        addMessage(tr("Nothing to run: the editor holds no statement."));
    updateButtons();
}

void SqlTab::cancel()
{
    if (m_runner->isRunning()) {
        m_runner->cancel();
        m_status->setText(tr("Cancelling…"));
    }
}

void SqlTab::explain(bool analyze)
{
    const QString script = m_editor->toPlainText();
    const QTextCursor cursor = m_editor->textCursor();
    const auto statements =
        cursor.hasSelection()
            ? dbx::splitSqlSelection(script, cursor.selectionStart(), cursor.selectionEnd())
            : dbx::splitSql(script);
    const int at = cursor.hasSelection() ? 0 : dbx::statementAt(statements, cursor.position());
    if (statements.isEmpty() || at < 0) {
        addMessage(tr("Nothing to explain: put the cursor in a statement."));
        return;
    }
    m_editor->markError(-1, {});
    dbx::ExplainOptions options;
    options.analyze = analyze && m_db->dialect() == store::Dialect::Postgres;
    m_status->setText(tr("Planning…"));
    m_runner->explain(statements[at], options);
}

void SqlTab::reloadHistory()
{
    m_history->clear();
    if (!m_historyStore)
        return;
    auto entries = m_historyStore->load();
    if (!entries)
        return;
    // Newest first.
    for (auto it = entries->crbegin(); it != entries->crend(); ++it) {
        QString oneLine = it->sql.simplified();
        if (oneLine.size() > 160)
            oneLine = oneLine.left(160) + QChar(0x2026);
        auto *item = new QListWidgetItem(
            QStringLiteral("%1  %2  %3")
                .arg(it->time.toLocalTime().toString(QStringLiteral("MM-dd HH:mm:ss")),
                     dbx::statusName(it->status).leftJustified(9), oneLine));
        item->setData(Qt::UserRole, it->sql);
        item->setToolTip(it->error.isEmpty() ? it->sql
                                             : it->sql + QStringLiteral("\n\n") + it->error);
        if (it->status != dbx::SqlHistoryEntry::Status::Ok)
            item->setForeground(QColor(0xcf, 0x22, 0x2e));
        m_history->addItem(item);
    }
}

void SqlTab::clearResults()
{
    while (m_results->count() > kFixedTabs) {
        QWidget *w = m_results->widget(kFixedTabs);
        m_results->removeTab(kFixedTabs);
        delete w;
    }
    m_resultTabs = 0;
    m_messages->clear();
    m_editor->markError(-1, {});
    m_schemaChanged = false;
}

void SqlTab::addMessage(const QString &line, bool error)
{
    if (error)
        m_messages->appendHtml(
            QStringLiteral("<span style='color:#cf222e'>%1</span>").arg(line.toHtmlEscaped()));
    else
        m_messages->appendPlainText(line);
}

void SqlTab::onStarted(int statements)
{
    m_status->setText(tr("Running %1…").arg(counted(statements, "statement", "statements")));
    updateButtons();
}

void SqlTab::onResult(const dbx::SqlResult &result)
{
    const QString where =
        tr("Statement %1 (line %2)").arg(result.index + 1).arg(result.source.line);
    const QString ms = QString::number(result.durationMs, 'f', 1);
    if (result.ok && result.isSelect) {
        auto *view = new QTableView;
        view->setModel(new ResultSetModel(result.columns, result.rows, view));
        view->setItemDelegate(new CellDelegate(view));
        view->setWordWrap(false);
        view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
        view->horizontalHeader()->setDefaultSectionSize(140);
        view->horizontalHeader()->setStretchLastSection(true);
        ++m_resultTabs;
        const int tab = m_results->addTab(view, tr("Result %1").arg(m_resultTabs));
        m_results->setTabToolTip(tab, result.source.text.left(400));
        view->setProperty("statement", result.source.text);
        if (m_resultTabs == 1)
            m_results->setCurrentIndex(tab);
        addMessage(
            tr("%1: %2 in %3 ms").arg(where, counted(result.rows.size(), "row", "rows"), ms) +
            (result.more ? tr(" (first %1 rows kept)").arg(result.rows.size()) : QString()));
    } else if (result.ok) {
        addMessage(result.rowsAffected >= 0
                       ? tr("%1: %2 affected in %3 ms")
                             .arg(where, counted(result.rowsAffected, "row", "rows"), ms)
                       : tr("%1: done in %2 ms").arg(where, ms));
    } else if (result.cancelled) {
        addMessage(tr("%1: cancelled").arg(where), true);
    } else if (!result.error.isEmpty()) {
        addMessage(tr("%1: error at line %2, column %3: %4")
                       .arg(where)
                       .arg(result.errorPosition.line)
                       .arg(result.errorPosition.column)
                       .arg(result.error),
                   true);
        if (m_editor->errorOffset() < 0)
            m_editor->markError(result.errorOffset, result.error);
        m_results->setCurrentIndex(kMessagesTab);
    } else {
        addMessage(tr("%1: not run (an earlier statement failed)").arg(where));
    }
    m_schemaChanged = m_schemaChanged || (result.ok && result.changesSchema);

    if (m_historyStore && (result.ok || result.cancelled || !result.error.isEmpty())) {
        dbx::SqlHistoryEntry entry;
        entry.time = QDateTime::currentDateTimeUtc();
        entry.durationMs = result.durationMs;
        entry.connection = m_connection;
        entry.status = result.ok          ? dbx::SqlHistoryEntry::Status::Ok
                       : result.cancelled ? dbx::SqlHistoryEntry::Status::Cancelled
                                          : dbx::SqlHistoryEntry::Status::Error;
        entry.sql = result.source.text;
        entry.rows = result.isSelect ? result.rows.size() : result.rowsAffected;
        entry.error = result.error;
        (void)m_historyStore->append(entry); // history is a convenience: a full disk loses a line
    }
}

void SqlTab::onFinished(const dbx::RunSummary &summary)
{
    QStringList parts;
    parts << counted(summary.executed, "statement", "statements");
    if (summary.failed > 0)
        parts << tr("%1 failed").arg(summary.failed);
    if (summary.cancelled)
        parts << tr("cancelled");
    parts << tr("%1 ms").arg(summary.durationMs, 0, 'f', 1);
    m_status->setText(parts.join(QStringLiteral(" · ")));
    reloadHistory();
    updateButtons();
    if (m_schemaChanged)
        emit schemaChanged();
    emit runFinished();
}

void SqlTab::onPlan(const dbx::Plan &plan)
{
    m_plan->setPlan(plan);
    m_results->setCurrentIndex(kPlanTab);
    m_status->setText(m_plan->summary());
    emit planShown();
}

void SqlTab::onPlanFailed(const QString &message, int offset)
{
    m_status->setText(tr("Explain failed"));
    addMessage(tr("Explain: %1").arg(message), true);
    if (offset >= 0)
        m_editor->markError(offset, message);
    m_results->setCurrentIndex(kMessagesTab);
    emit planShown();
}

void SqlTab::updateButtons()
{
    const bool running = m_runner->isRunning();
    m_cancel->setEnabled(running);
    m_run->setEnabled(!running);
    m_runAll->setEnabled(!running);
    QWidget *shown = m_results->currentWidget();
    m_export->setEnabled(shown && shown->property("statement").isValid());
}

void SqlTab::exportResult()
{
    QWidget *shown = m_results->currentWidget();
    if (!shown || !shown->property("statement").isValid())
        return;
    auto *dialog = new ExportDialog(m_db, {}, shown->property("statement").toString(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace bb::plugins::database
