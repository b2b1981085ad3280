// bb::dbx — one thread with its own database connection that runs one job at a time and can
// interrupt the statement it is running from any other thread.
#pragma once
#include "store/database.h"
#include <QList>
#include <QMutex>
#include <QSqlDatabase>
#include <QWaitCondition>
#include <deque>
#include <functional>
#include <memory>

class QThread;

namespace bb::dbx {

class QueryWorker {
public:
    using Job = std::function<void(QSqlDatabase &db)>;

    QueryWorker(std::shared_ptr<store::Database> db);
    /// Interrupts the running job, drops the queue and joins the thread.
    ~QueryWorker();

    /// Replaces the queued jobs with `jobs` and interrupts the running one: the newest request
    /// wins, an older scroll position never delays a newer one.
    void replace(QList<Job> jobs);
    /// Drops the queued jobs and interrupts the running one.
    void cancel();
    /// True when PostgreSQL queries can be cancelled (libpq was linked); SQLite always can.
    static bool canCancelPostgres();

private:
    void run();
    void interruptLocked();

    std::shared_ptr<store::Database> m_db;
    QThread *m_thread = nullptr;
    QMutex m_mutex;
    QWaitCondition m_wake;
    std::deque<Job> m_queue;
    bool m_stop = false;
    bool m_running = false;
    // Set by the worker thread once its connection is open; used under m_mutex only.
    void *m_sqlite = nullptr;   ///< sqlite3*
    void *m_pgCancel = nullptr; ///< PGcancel*
    qint64 m_mysqlId = 0;       ///< CONNECTION_ID() of a MySQL connection, for KILL QUERY
};

/// True when `error` is the engine reporting an interrupted / cancelled statement.
bool isInterrupted(const class QSqlError &error);

} // namespace bb::dbx
