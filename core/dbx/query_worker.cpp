#include "dbx/query_worker_p.h"
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QThreadPool>
#include <sqlite3.h>
#ifdef BB_DBX_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

namespace bb::dbx {

bool isInterrupted(const QSqlError &error)
{
    // SQLITE_INTERRUPT is 9; PostgreSQL reports a cancel as SQLSTATE 57014 (query_canceled),
    // MySQL a KILL QUERY as error 1317 (ER_QUERY_INTERRUPTED).
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("9") || code == QLatin1String("57014") ||
           code == QLatin1String("1317");
}

QueryWorker::QueryWorker(std::shared_ptr<store::Database> db)
    : m_db(std::move(db))
{
    m_thread = QThread::create([this] { run(); });
    m_thread->setObjectName(QStringLiteral("bb-dbx-worker"));
    m_thread->start();
}

QueryWorker::~QueryWorker()
{
    {
        QMutexLocker lock(&m_mutex);
        m_stop = true;
        m_queue.clear();
        interruptLocked();
        m_wake.wakeAll();
    }
    m_thread->wait();
    delete m_thread;
}

bool QueryWorker::canCancelPostgres()
{
#ifdef BB_DBX_HAVE_LIBPQ
    return true;
#else
    return false;
#endif
}

void QueryWorker::replace(QList<Job> jobs)
{
    QMutexLocker lock(&m_mutex);
    m_queue.assign(jobs.begin(), jobs.end());
    interruptLocked();
    m_wake.wakeAll();
}

void QueryWorker::cancel()
{
    replace({});
}

// Only while a job runs: the worker cannot start or end a job without m_mutex, so the interrupt
// reaches the statement it was meant for (a job that just finished its query retries once when
// its result is still wanted, see RowSource).
void QueryWorker::interruptLocked()
{
    if (!m_running)
        return;
    if (m_sqlite)
        sqlite3_interrupt(static_cast<sqlite3 *>(m_sqlite));
#ifdef BB_DBX_HAVE_LIBPQ
    if (m_pgCancel) {
        char err[256];
        if (!PQcancel(static_cast<PGcancel *>(m_pgCancel), err, int(sizeof err)))
            qWarning("bb::dbx: PostgreSQL cancel failed: %s", err);
    }
#endif
    // MySQL cancels only from another connection; connecting takes a round trip, so it runs on
    // the pool rather than under this lock (the caller may be the GUI thread).
    if (m_mysqlId > 0) {
        QThreadPool::globalInstance()->start([db = m_db, id = m_mysqlId] {
            // ER_NO_SUCH_THREAD: the connection closed first (a worker shutting down right
            // after its last job); there was nothing left to cancel.
            if (auto r = db->killMysqlQuery(id);
                !r && !r.error().message.contains(QLatin1String("Unknown thread id")))
                qWarning("bb::dbx: MySQL KILL QUERY failed: %s", qPrintable(r.error().message));
        });
    }
}

void QueryWorker::run()
{
    QSqlDatabase conn = m_db->reader();
    {
        QMutexLocker lock(&m_mutex);
        const QVariant h = conn.isOpen() ? conn.driver()->handle() : QVariant();
        if (h.isValid() && qstrcmp(h.typeName(), "sqlite3*") == 0)
            m_sqlite = *static_cast<sqlite3 *const *>(h.constData());
#ifdef BB_DBX_HAVE_LIBPQ
        // QPSQL registers the handle under libpq's struct name.
        if (h.isValid() &&
            (qstrcmp(h.typeName(), "pg_conn*") == 0 || qstrcmp(h.typeName(), "PGconn*") == 0))
            m_pgCancel = PQgetCancel(*static_cast<PGconn *const *>(h.constData()));
#endif
        if (conn.isOpen() && m_db->dialect() == store::Dialect::Mysql) {
            QSqlQuery id(conn);
            if (id.exec(QStringLiteral("SELECT CONNECTION_ID()")) && id.next())
                m_mysqlId = id.value(0).toLongLong();
        }
    }
    for (;;) {
        Job job;
        {
            QMutexLocker lock(&m_mutex);
            m_running = false;
            while (!m_stop && m_queue.empty())
                m_wake.wait(&m_mutex);
            if (m_stop)
                break;
            job = std::move(m_queue.front());
            m_queue.pop_front();
            m_running = true;
        }
        job(conn);
    }
    {
        QMutexLocker lock(&m_mutex);
        m_running = false;
        m_sqlite = nullptr;
#ifdef BB_DBX_HAVE_LIBPQ
        if (m_pgCancel)
            PQfreeCancel(static_cast<PGcancel *>(m_pgCancel));
#endif
        m_pgCancel = nullptr;
        m_mysqlId = 0;
    }
    conn = QSqlDatabase();
    m_db->releaseReader();
}

} // namespace bb::dbx
