// bb::tester — what a collection run produced: one RequestRun per request sent (or stopped by a
// pre-request failure), and the RunSummary with newman's counters. Plain values, so reporters,
// the CLI and the GUI share them; RunResultsModel shows them as a tree (Qt Core only: views
// colour rows from StateRole).
#pragma once

#include <QAbstractItemModel>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace bb::tester {

/// One `pm.test(...)` outcome.
struct TestRun {
    QString name;
    bool passed = false;
    QString error;        ///< the assertion's message when it failed
    bool skipped = false; ///< pm.test.skip: listed, not run (counts as passed, as in newman)
};

/// A script that threw (or would not compile): the test script, or the pre-request one.
struct ScriptFailure {
    QString message;
    int line = -1; ///< 1-based line in the script, -1 when unknown
    bool isSet() const { return !message.isEmpty(); }
};

struct RequestRun {
    int iteration = 0; ///< 0-based
    int position = 0;  ///< 0-based index of the request in the run order
    QString path;      ///< folder path and name, e.g. "Users/Create user"
    QString name;
    QString method;
    QString url; ///< as sent (variables resolved); the template when building failed
    int status = 0;
    QString statusText;
    qint64 responseBytes = 0;
    qint64 timeMs = 0;
    QString error; ///< the request could not be built or sent (transport error, bad variable)
    bool ranPreRequestScript = false;
    bool ranTestScript = false;
    bool skipped = false; ///< pm.execution.skipRequest() in the pre-request script: not sent
    ScriptFailure preRequestError;
    ScriptFailure testError;
    QList<TestRun> tests;
    QStringList console; ///< console.log output of both scripts

    int failedTests() const;
    /// No failed test, no script error and the request was sent.
    bool passed() const;
};

/// A counter as newman reports it.
struct RunCount {
    int total = 0;
    int failed = 0;
};

/// One line of the failure list: an assertion, a script error or a request that failed.
struct RunFailure {
    enum class Kind { Assertion, TestScript, PreRequestScript, Request };
    Kind kind = Kind::Assertion;
    int iteration = 0;
    QString requestName;
    QString test; ///< the test's name (Kind::Assertion)
    QString message;
    int line = -1; ///< for script errors
};

struct RunSummary {
    QString collectionName;
    QString environmentName;
    QDateTime started;
    QDateTime finished;
    bool cancelled = false;
    bool bailed = false; ///< stopped at the first failure (RunOptions::bail)
    QString error;       ///< the run could not start (bad data file, folder not found)
    RunCount iterations;
    RunCount requests;
    RunCount testScripts;
    RunCount prerequestScripts;
    RunCount assertions;
    QList<RunFailure> failures;
    QList<RequestRun> executions;
    qint64 totalResponseMs = 0;

    /// Nothing failed and the run was neither cancelled nor unable to start.
    bool passed() const;
    /// Recomputes every counter and the failure list from `executions` (and iterations.total
    /// from iterationCount).
    void tally(int iterationCount);
};

QString failureKindName(RunFailure::Kind kind);

/// A run as a tree for views: iteration → request → tests (plus rows for script and request
/// errors).
class RunResultsModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ResultColumn, DetailColumn, ColumnCount };
    enum class State { Passed, Failed };
    enum Role {
        StateRole = Qt::UserRole + 1, ///< State as int
        ErrorRole,                    ///< the failure text of a row, or empty
    };

    explicit RunResultsModel(QObject *parent = nullptr);

    void clear();
    /// Appends a finished request under its iteration (created on first use).
    void addRequest(const RequestRun &run);
    int iterationCount() const { return int(m_iterations.size()); }
    int requestCount() const;
    const RequestRun &requestAt(int iterationRow, int requestRow) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Iteration {
        int number = 0; ///< 0-based iteration of the run
        QList<RequestRun> requests;
    };
    /// A request's child rows: its tests, then script errors and a transport error.
    struct Child {
        QString name;
        State state;
        QString error;
    };
    static QList<Child> childrenOf(const RequestRun &run);

    QList<Iteration> m_iterations;
};

} // namespace bb::tester

Q_DECLARE_METATYPE(bb::tester::RequestRun)
Q_DECLARE_METATYPE(bb::tester::RunSummary)
