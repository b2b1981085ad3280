// bb::store — database access on Qt SQL: per-thread read connections, one writer, migrations,
// schema introspection; SQLite by default, PostgreSQL through QPSQL.
#pragma once

#include "common/result.h"
#include "store/schema.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

struct sqlite3_stmt;

namespace bb::store {

struct Connection;

/// One versioned migration; `sql` may hold several statements separated by ';'.
struct Migration {
    int version = 0;
    QString name;
    QString sqliteSql;
    QString postgresSql;
};

/// Called after every statement the store runs: for trace spans and the query-time histogram.
/// Runs on the thread that ran the statement.
using QueryObserver =
    std::function<void(const QString &sql, std::int64_t startNs, std::int64_t durationNs, bool ok)>;

/// How Database::open treats the connection beyond the URL.
struct OpenOptions {
    /// SQLite: leave the file's journal mode alone (a file another process, such as the running
    /// engine, has open; switching modes needs exclusive access and changes that process's file).
    bool keepJournalMode = false;
    /// SQLite: how long a statement waits for a lock held by another connection.
    int busyTimeoutMs = 5000;
};

class Database {
public:
    /// Opens `url`: "sqlite:PATH", a plain file path, or
    /// "postgres://user:pass@host:port/db?sslmode=…". SQLite gets WAL, synchronous=NORMAL,
    /// foreign_keys=ON and a busy timeout.
    /// Also "mysql://user:pass@host:port/db" (QMYSQL, browsing only: migrate() refuses it);
    /// MySQL sessions get ANSI_QUOTES and NO_BACKSLASH_ESCAPES so quoted identifiers and LIKE
    /// escapes read as they do on the other engines, UTC and utf8mb4.
    static Result<std::shared_ptr<Database>> open(const QString &url);
    static Result<std::shared_ptr<Database>> open(const QString &url, const OpenOptions &options);
    ~Database();

    Dialect dialect() const;
    /// The URL with any password masked, for display.
    QString displayUrl() const;

    /// The calling thread's own read connection, opened on first use.
    QSqlDatabase reader();
    /// Closes the calling thread's read connection; call it before a worker thread ends so
    /// its connection does not linger until close().
    void releaseReader();

    /// Runs `fn` with exclusive use of the single writer connection; inside one transaction
    /// when `transaction` is true (rolled back if `fn` fails).
    template<typename T>
    Result<T> write(const std::function<Result<T>(QSqlDatabase &)> &fn, bool transaction = true);

    /// Applies the migrations whose version is above the recorded one, each in a transaction.
    Result<void> migrate(const QList<Migration> &migrations);
    /// The built-in system tables every engine database has (_migrations, _users, ...).
    static QList<Migration> systemMigrations();

    /// The current schema snapshot (cheap to copy, safe to share across threads).
    std::shared_ptr<const Schema> schema() const;
    /// Re-reads the schema from the database.
    Result<void> reloadSchema();

    /// True when a trivial query succeeds on the calling thread's reader.
    bool ping();

    void setQueryObserver(QueryObserver observer);
    /// Prepares (cached per thread and connection) and runs `sql` with positional `params`,
    /// reporting to the observer. The returned query is positioned before the first row.
    /// It shares the cached statement: read it, then finish() it (an open SELECT holds a WAL
    /// snapshot), before running the same SQL again on that connection.
    Result<QSqlQuery> exec(QSqlDatabase &db, const QString &sql, const QVariantList &params = {});
    /// Called for each row of selectNative(), with the statement positioned on it.
    using NativeRowFn = std::function<void(sqlite3_stmt *row)>;
    /// SQLite only: runs the SELECT `sql` on the calling thread's reader through SQLite's own
    /// API, its statement prepared once per connection, binding `params` as exec() does, and
    /// calls `onRow` for every row, reporting to the observer like exec(). The repository's hot
    /// reads use it to write JSON from SQLite's UTF-8 without a QVariant per value. Returns the
    /// number of rows; ErrorCode::Unavailable on PostgreSQL.
    Result<int> selectNative(const QString &sql, const QVariantList &params,
                             const NativeRowFn &onRow);
    /// Runs `sql` and returns the first column of the first row (a null QVariant when there is
    /// no row), finishing the query.
    Result<QVariant> scalar(QSqlDatabase &db, const QString &sql, const QVariantList &params = {});

    /// Transaction control for callers of write(fn, false) that decide themselves when to
    /// commit. begin() takes the write lock at once on SQLite (BEGIN IMMEDIATE); commit()
    /// fails when PostgreSQL turned the COMMIT into a rollback.
    Result<void> begin(QSqlDatabase &db);
    Result<void> commit(QSqlDatabase &db);
    Result<void> rollback(QSqlDatabase &db);

    /// MySQL: runs KILL QUERY `connectionId` on a short-lived connection of its own, which is how
    /// MySQL cancels a statement running on another connection (there is no PQcancel). Blocks
    /// for one connect; call it off the GUI thread.
    Result<void> killMysqlQuery(qint64 connectionId);

    /// Closes every connection this object opened. Call after the threads that used
    /// readers have stopped.
    void close();

private:
    Database();
    Result<void> openConnection(QSqlDatabase &conn);
    Connection *readerConnection();
    Result<void> lockWriter(bool transaction, QSqlDatabase *&db);
    Result<void> unlockWriter(bool commit, bool transaction);
    struct Impl;
    std::unique_ptr<Impl> d;
};

template<typename T>
Result<T> Database::write(const std::function<Result<T>(QSqlDatabase &)> &fn, bool transaction)
{
    QSqlDatabase *db = nullptr;
    if (auto locked = lockWriter(transaction, db); !locked)
        return locked.error();
    std::optional<Result<T>> r;
    try {
        r.emplace(fn(*db));
    } catch (...) {
        // Roll back and release the lock so one throwing caller cannot wedge every writer.
        (void)unlockWriter(false, transaction);
        throw;
    }
    if (auto done = unlockWriter(r->ok(), transaction); r->ok() && !done)
        return done.error();
    return std::move(*r);
}

} // namespace bb::store
