#include "dbx/sql_runner.h"
#include "dbx/query_worker_p.h"
#include "dbx/sql_error_locator_p.h"
#include "dbx/sql_history.h"
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace bb::dbx {

namespace {

// The first keyword of a statement, past leading comments.
QString leadingKeyword(const QString &sql)
{
    static const QRegularExpression word(
        QStringLiteral("^(?:\\s+|--[^\\n]*(?:\\n|$)|/\\*.*?\\*/)*([A-Za-z]+)"),
        QRegularExpression::DotMatchesEverythingOption);
    const auto m = word.match(sql);
    return m.hasMatch() ? m.captured(1).toUpper() : QString();
}

// The script position of `local` (an offset in the statement's text), from where the
// statement starts: the script itself is not needed.
SqlPosition positionIn(const SqlStatement &st, int local)
{
    const SqlPosition inside = positionOf(st.text, local);
    return inside.line == 1 ? SqlPosition{st.line, st.column + inside.column - 1}
                            : SqlPosition{st.line + inside.line - 1, inside.column};
}

QString errorText(const QSqlError &e)
{
    const QString db = e.databaseText().trimmed();
    return db.isEmpty() ? e.text().trimmed() : db;
}

// Fills the error fields of `r`; the position is the token the database blames when it names
// one, else the statement's start.
void fail(SqlResult &r, QSqlDatabase &conn, store::Dialect dialect, const QSqlError &err)
{
    r.ok = false;
    r.cancelled = isInterrupted(err);
    r.error = errorText(err);
    r.errorCode = err.nativeErrorCode();
    const int local = r.cancelled ? -1 : locateError(conn, dialect, r.source.text, r.error);
    r.errorPrecise = local >= 0;
    r.errorOffset = r.source.begin + std::max(0, local);
    r.errorPosition = positionIn(r.source, std::max(0, local));
}

SqlResult execute(QSqlDatabase &conn, store::Dialect dialect, const SqlStatement &st, int index,
                  int maxRows)
{
    SqlResult r;
    r.index = index;
    r.source = st;
    const QString keyword = leadingKeyword(st.text);
    r.changesSchema = keyword == QLatin1String("CREATE") || keyword == QLatin1String("ALTER") ||
                      keyword == QLatin1String("DROP");
    QElapsedTimer timer;
    timer.start();
    QSqlQuery q(conn);
    q.setForwardOnly(true);
    if (!q.exec(st.text)) {
        r.durationMs = timer.nsecsElapsed() / 1e6;
        fail(r, conn, dialect, q.lastError());
        return r;
    }
    r.isSelect = q.isSelect();
    if (r.isSelect) {
        const QSqlRecord rec = q.record();
        for (int c = 0; c < rec.count(); ++c)
            r.columns << rec.fieldName(c);
        // Bounded: the first maxRows rows, then one more step tells whether there were more.
        while (r.rows.size() < maxRows && q.next()) {
            QVariantList row;
            row.reserve(rec.count());
            for (int c = 0; c < rec.count(); ++c)
                row << q.value(c);
            r.rows << std::move(row);
        }
        r.more = r.rows.size() >= maxRows && q.next();
        if (q.lastError().isValid()) {
            const QSqlError err = q.lastError();
            q.finish();
            r.durationMs = timer.nsecsElapsed() / 1e6;
            fail(r, conn, dialect, err);
            return r;
        }
    } else {
        r.rowsAffected = q.numRowsAffected();
    }
    q.finish();
    r.durationMs = timer.nsecsElapsed() / 1e6;
    r.ok = true;
    return r;
}

} // namespace

SqlRunner::SqlRunner(std::shared_ptr<store::Database> db, RunnerOptions options, QObject *parent)
    : QObject(parent)
    , m_db(std::move(db))
    , m_options(options)
    , m_liveRun(std::make_shared<std::atomic<quint64>>(0))
{
    qRegisterMetaType<SqlResult>();
    qRegisterMetaType<RunSummary>();
    qRegisterMetaType<Plan>();
    m_worker = std::make_unique<QueryWorker>(m_db);
}

SqlRunner::~SqlRunner()
{
    if (m_cancel)
        m_cancel->store(true);
    m_worker.reset(); // joins; its jobs capture `this`
}

store::Dialect SqlRunner::dialect() const
{
    return m_db->dialect();
}

void SqlRunner::setHistory(SqlHistory *history, const QString &connectionName)
{
    m_history = history;
    m_connectionName = connectionName;
}

QList<SqlStatement> SqlRunner::runAll(const QString &script)
{
    const auto statements = splitSql(script);
    return run(statements).isEmpty() ? QList<SqlStatement>() : statements;
}

QList<SqlStatement> SqlRunner::runSelection(const QString &script, int selectionBegin,
                                            int selectionEnd)
{
    return run(splitSqlSelection(script, selectionBegin, selectionEnd));
}

QList<SqlStatement> SqlRunner::runAt(const QString &script, int cursor)
{
    const auto statements = splitSql(script);
    const int at = statementAt(statements, cursor);
    return at < 0 ? QList<SqlStatement>() : run({statements[at]});
}

QList<SqlStatement> SqlRunner::run(const QList<SqlStatement> &statements)
{
    if (statements.isEmpty())
        return {};
    supersede();
    const quint64 id = ++m_run;
    m_liveRun->store(id);
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelled;
    m_running = true;
    m_runStatements = int(statements.size());
    const store::Dialect dialect = m_db->dialect();
    const int maxRows = std::max(1, m_options.maxRows);
    const bool stopOnError = m_options.stopOnError;
    emit started(int(statements.size()));
    m_worker->replace({[this, id, statements, cancelled, dialect, maxRows,
                        stopOnError](QSqlDatabase &conn) {
        RunSummary summary;
        summary.statements = int(statements.size());
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < statements.size(); ++i) {
            if (cancelled->load()) {
                summary.cancelled = true;
                break;
            }
            SqlResult r = execute(conn, dialect, statements[i], i, maxRows);
            // Cancelled while it ran: whatever it returned may be cut short (MySQL's SLEEP and
            // BENCHMARK return early on KILL QUERY instead of failing), so it is not a result.
            if (cancelled->load() && !r.cancelled) {
                r.ok = false;
                r.cancelled = true;
                if (r.error.isEmpty())
                    r.error = QStringLiteral("cancelled");
            }
            ++summary.executed;
            const bool stop = !r.ok && (r.cancelled || stopOnError);
            if (r.cancelled || cancelled->load())
                summary.cancelled = true;
            else if (!r.ok)
                ++summary.failed;
            QMetaObject::invokeMethod(
                this, [this, id, r = std::move(r)]() mutable { deliverResult(id, std::move(r)); },
                Qt::QueuedConnection);
            if (stop || summary.cancelled)
                break;
        }
        summary.durationMs = timer.nsecsElapsed() / 1e6;
        QMetaObject::invokeMethod(
            this, [this, id, summary] { deliverFinished(id, summary); }, Qt::QueuedConnection);
    }});
    return statements;
}

void SqlRunner::explain(const SqlStatement &statement, ExplainOptions options)
{
    const store::Dialect dialect = m_db->dialect();
    supersede();
    const quint64 id = ++m_run;
    m_liveRun->store(id);
    m_worker->replace({[this, id, statement, options, dialect](QSqlDatabase &conn) {
        // ANALYZE runs the statement: undo what it did unless the user's own transaction is
        // open (then rolling back would throw away their work too).
        const bool wrap =
            options.analyze && dialect == store::Dialect::Postgres && !inTransaction(conn, dialect);
        QSqlQuery q(conn);
        if (wrap)
            q.exec(QStringLiteral("BEGIN"));
        auto plan = explainOn(conn, dialect, statement.text, options);
        int offset = -1;
        if (!plan) {
            const int local = locateError(conn, dialect, statement.text, plan.error().message);
            offset = statement.begin + std::max(0, local);
        }
        if (wrap)
            q.exec(QStringLiteral("ROLLBACK"));
        QMetaObject::invokeMethod(
            this,
            [this, id, plan = std::move(plan), offset]() {
                if (id != m_run)
                    return;
                if (plan)
                    emit planReady(*plan);
                else
                    emit planFailed(plan.error().message, offset);
            },
            Qt::QueuedConnection);
    }});
}

// A run still going is cancelled, and its finished() is sent now: its own would arrive for an
// older run and be dropped, leaving a caller waiting for it.
void SqlRunner::supersede()
{
    if (!m_running)
        return;
    cancel();
    m_running = false;
    RunSummary summary;
    summary.statements = m_runStatements;
    summary.cancelled = true;
    emit finished(summary);
}

void SqlRunner::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    m_worker->cancel();
}

void SqlRunner::deliverResult(quint64 run, SqlResult result)
{
    if (run != m_run)
        return;
    if (m_history) {
        SqlHistoryEntry e;
        e.time = QDateTime::currentDateTimeUtc().addMSecs(-qint64(result.durationMs));
        e.durationMs = result.durationMs;
        e.connection = m_connectionName;
        e.status = result.ok          ? SqlHistoryEntry::Status::Ok
                   : result.cancelled ? SqlHistoryEntry::Status::Cancelled
                                      : SqlHistoryEntry::Status::Error;
        e.sql = result.source.text;
        e.rows = result.isSelect ? qint64(result.rows.size()) : result.rowsAffected;
        e.error = result.error;
        if (auto written = m_history->append(e); !written)
            qWarning("bb::dbx: SQL history: %s", qPrintable(written.error().message));
    }
    emit resultReady(result);
}

void SqlRunner::deliverFinished(quint64 run, RunSummary summary)
{
    if (run != m_run)
        return;
    m_running = false;
    emit finished(summary);
}

} // namespace bb::dbx
