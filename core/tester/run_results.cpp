#include "tester/run_results.h"

#include <QSet>

namespace bb::tester {

int RequestRun::failedTests() const
{
    int n = 0;
    for (const TestRun &t : tests)
        n += t.passed ? 0 : 1;
    return n;
}

bool RequestRun::passed() const
{
    return error.isEmpty() && !preRequestError.isSet() && !testError.isSet() && failedTests() == 0;
}

bool RunSummary::passed() const
{
    return error.isEmpty() && !cancelled && failures.isEmpty();
}

void RunSummary::tally(int iterationCount)
{
    iterations = {iterationCount, 0};
    requests = {};
    testScripts = {};
    prerequestScripts = {};
    assertions = {};
    failures.clear();
    totalResponseMs = 0;
    QSet<int> failedIterations;
    for (const RequestRun &r : std::as_const(executions)) {
        if (r.ranPreRequestScript) {
            ++prerequestScripts.total;
            if (r.preRequestError.isSet()) {
                ++prerequestScripts.failed;
                failures.append({RunFailure::Kind::PreRequestScript,
                                 r.iteration,
                                 r.name,
                                 {},
                                 r.preRequestError.message,
                                 r.preRequestError.line});
            }
        }
        // newman counts a request once it was attempted; a transport error fails it.
        if (!r.method.isEmpty()) {
            ++requests.total;
            totalResponseMs += r.timeMs;
        }
        if (!r.error.isEmpty()) {
            ++requests.failed;
            failures.append({RunFailure::Kind::Request, r.iteration, r.name, {}, r.error, -1});
        }
        if (r.ranTestScript) {
            ++testScripts.total;
            if (r.testError.isSet()) {
                ++testScripts.failed;
                failures.append({RunFailure::Kind::TestScript,
                                 r.iteration,
                                 r.name,
                                 {},
                                 r.testError.message,
                                 r.testError.line});
            }
        }
        for (const TestRun &t : r.tests) {
            ++assertions.total;
            if (!t.passed) {
                ++assertions.failed;
                failures.append(
                    {RunFailure::Kind::Assertion, r.iteration, r.name, t.name, t.error, -1});
            }
        }
        if (!r.passed())
            failedIterations.insert(r.iteration);
    }
    iterations.failed = int(failedIterations.size());
}

QString failureKindName(RunFailure::Kind kind)
{
    switch (kind) {
    case RunFailure::Kind::Assertion:
        return QStringLiteral("AssertionError");
    case RunFailure::Kind::TestScript:
        return QStringLiteral("TestScriptError");
    case RunFailure::Kind::PreRequestScript:
        return QStringLiteral("PrerequestScriptError");
    case RunFailure::Kind::Request:
        return QStringLiteral("RequestError");
    }
    return {};
}

// RunResultsModel

namespace {

// internalId: 0 for an iteration row; iteration+1 for a request row; for a test row the
// (iteration+1, request+1) pair packed in the high and low 32 bits, so parent() needs no lookup.
constexpr quintptr kLow = 0xffffffffu;

QString sizeText(qint64 bytes)
{
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    return QStringLiteral("%1 kB").arg(double(bytes) / 1024.0, 0, 'f', 1);
}

} // namespace

RunResultsModel::RunResultsModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void RunResultsModel::clear()
{
    beginResetModel();
    m_iterations.clear();
    endResetModel();
}

void RunResultsModel::addRequest(const RequestRun &run)
{
    if (m_iterations.isEmpty() || m_iterations.last().number != run.iteration) {
        const int row = int(m_iterations.size());
        beginInsertRows({}, row, row);
        m_iterations.append(Iteration{run.iteration, {}});
        endInsertRows();
    } else {
        // The iteration's own row summarises its requests: tell views it changed.
        const int row = int(m_iterations.size()) - 1;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    const int it = int(m_iterations.size()) - 1;
    const int row = int(m_iterations[it].requests.size());
    beginInsertRows(index(it, 0), row, row);
    m_iterations[it].requests.append(run);
    endInsertRows();
}

int RunResultsModel::requestCount() const
{
    int n = 0;
    for (const Iteration &it : m_iterations)
        n += int(it.requests.size());
    return n;
}

const RequestRun &RunResultsModel::requestAt(int iterationRow, int requestRow) const
{
    return m_iterations.at(iterationRow).requests.at(requestRow);
}

QList<RunResultsModel::Child> RunResultsModel::childrenOf(const RequestRun &run)
{
    QList<Child> out;
    if (run.preRequestError.isSet())
        out.append(
            {QStringLiteral("Pre-request script error (line %1)").arg(run.preRequestError.line),
             State::Failed, run.preRequestError.message});
    if (!run.error.isEmpty())
        out.append({QStringLiteral("Request failed"), State::Failed, run.error});
    for (const TestRun &t : run.tests)
        out.append({t.name, t.passed ? State::Passed : State::Failed, t.error});
    if (run.testError.isSet())
        out.append({QStringLiteral("Test script error (line %1)").arg(run.testError.line),
                    State::Failed, run.testError.message});
    return out;
}

QModelIndex RunResultsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount || row >= rowCount(parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    if (parent.internalId() == 0)
        return createIndex(row, column, quintptr(parent.row() + 1));
    if (parent.internalId() <= kLow)
        return createIndex(row, column,
                           (quintptr(parent.internalId()) << 32) | quintptr(parent.row() + 1));
    return {};
}

QModelIndex RunResultsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    const quintptr id = child.internalId();
    if (id <= kLow)
        return createIndex(int(id - 1), 0, quintptr(0));
    const int it = int((id >> 32) - 1);
    const int req = int((id & kLow) - 1);
    return createIndex(req, 0, quintptr(it + 1));
}

int RunResultsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_iterations.size());
    if (parent.column() != 0)
        return 0;
    const quintptr id = parent.internalId();
    if (id == 0)
        return int(m_iterations.at(parent.row()).requests.size());
    if (id <= kLow)
        return int(childrenOf(m_iterations.at(int(id - 1)).requests.at(parent.row())).size());
    return 0;
}

int RunResultsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant RunResultsModel::data(const QModelIndex &idx, int role) const
{
    if (!idx.isValid())
        return {};
    const quintptr id = idx.internalId();
    if (id == 0) {
        const Iteration &it = m_iterations.at(idx.row());
        int failed = 0;
        for (const RequestRun &r : it.requests)
            failed += r.passed() ? 0 : 1;
        const State state = failed ? State::Failed : State::Passed;
        switch (role) {
        case Qt::DisplayRole:
            if (idx.column() == NameColumn)
                return tr("Iteration %1").arg(it.number + 1);
            if (idx.column() == ResultColumn)
                return failed ? tr("%n failed", nullptr, failed) : tr("passed");
            return tr("%n request(s)", nullptr, int(it.requests.size()));
        case StateRole:
            return int(state);
        default:
            return {};
        }
    }
    if (id <= kLow) {
        const RequestRun &r = m_iterations.at(int(id - 1)).requests.at(idx.row());
        const State state = r.passed() ? State::Passed : State::Failed;
        switch (role) {
        case Qt::DisplayRole:
            if (idx.column() == NameColumn)
                return r.name;
            if (idx.column() == ResultColumn) {
                if (!r.error.isEmpty())
                    return tr("error");
                if (r.skipped)
                    return tr("skipped");
                return QStringLiteral("%1 %2").arg(r.status).arg(r.statusText).trimmed();
            }
            return QStringLiteral("%1 %2 · %3 ms · %4")
                .arg(r.method, r.url)
                .arg(r.timeMs)
                .arg(sizeText(r.responseBytes));
        case Qt::ToolTipRole:
        case ErrorRole:
            return r.error;
        case StateRole:
            return int(state);
        default:
            return {};
        }
    }
    const int it = int((id >> 32) - 1);
    const int req = int((id & kLow) - 1);
    const QList<Child> children = childrenOf(m_iterations.at(it).requests.at(req));
    const Child &c = children.at(idx.row());
    switch (role) {
    case Qt::DisplayRole:
        if (idx.column() == NameColumn)
            return c.name;
        if (idx.column() == ResultColumn)
            return c.state == State::Passed ? tr("pass") : tr("FAIL");
        return c.error;
    case Qt::ToolTipRole:
    case ErrorRole:
        return c.error;
    case StateRole:
        return int(c.state);
    default:
        return {};
    }
}

QVariant RunResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ResultColumn:
        return tr("Result");
    case DetailColumn:
        return tr("Detail");
    }
    return {};
}

} // namespace bb::tester
