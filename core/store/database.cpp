#include "store/database.h"

#include "common/clock.h"
#include "store/connection_url_p.h"
#include "store/introspector_p.h"

#include <QCache>
#include <QDateTime>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlRecord>

#include <sqlite3.h>

#include <atomic>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <unordered_map>

namespace bb::store {

namespace {

// Bounded because every distinct filter is a distinct SQL text; old statements are finalised.
constexpr int kStatementCacheSize = 128;

std::atomic<quint64> g_nextDatabaseSerial{1};
std::atomic<quint64> g_nextThreadToken{1};

// Never reused, unlike QThread pointers or native thread ids, so a connection opened by a
// finished thread can never be handed to a new one.
quint64 threadToken()
{
    thread_local const quint64 token = g_nextThreadToken.fetch_add(1);
    return token;
}

QString errorText(const QSqlError &e)
{
    QString text = e.databaseText().trimmed();
    if (text.isEmpty())
        text = e.text().trimmed();
    return text;
}

} // namespace

struct Connection {
    QString name;
    QSqlDatabase db;
    QCache<QString, QSqlQuery> statements{kStatementCacheSize};
    // selectNative()'s statements, on the sqlite3 handle Qt opened. SQLite will not close a
    // handle with statements open, so they are finalised before every close or reopen.
    sqlite3 *handle = nullptr;
    QHash<QString, sqlite3_stmt *> native;

    void finalizeNative()
    {
        for (sqlite3_stmt *stmt : std::as_const(native))
            sqlite3_finalize(stmt);
        native.clear();
    }
    /// Before the handle closes or is replaced.
    void forgetHandle()
    {
        finalizeNative();
        handle = nullptr;
    }
};

QString driverFor(Dialect dialect)
{
    switch (dialect) {
    case Dialect::Sqlite:
        return QStringLiteral("QSQLITE");
    case Dialect::Postgres:
        return QStringLiteral("QPSQL");
    case Dialect::Mysql:
        return QStringLiteral("QMYSQL");
    }
    return {};
}

struct Database::Impl {
    internal::ConnectionUrl url;
    OpenOptions options;
    quint64 serial = g_nextDatabaseSerial.fetch_add(1);

    std::mutex writerMutex;
    std::atomic<std::thread::id> writerOwner{};
    std::unique_ptr<Connection> writer;

    // Guards readers, observer and schema; exec() only takes it shared.
    mutable std::shared_mutex lock;
    std::unordered_map<quint64, std::unique_ptr<Connection>> readers;
    std::shared_ptr<const QueryObserver> observer;
    std::shared_ptr<const Schema> schema = std::make_shared<Schema>();

    QString driverName() const { return driverFor(url.dialect); }

    Connection *connectionFor(const QSqlDatabase &db) const
    {
        const QString name = db.connectionName();
        if (writer && writer->name == name)
            return writer.get();
        std::shared_lock guard(lock);
        const auto it = readers.find(threadToken());
        if (it != readers.end() && it->second->name == name)
            return it->second.get();
        return nullptr;
    }

    void report(const QString &sql, std::int64_t start, bool ok) const
    {
        std::shared_ptr<const QueryObserver> obs;
        {
            std::shared_lock guard(lock);
            obs = observer;
        }
        if (obs && *obs)
            (*obs)(sql, start, monotonicNs() - start, ok);
    }

    static void drop(std::unique_ptr<Connection> &conn)
    {
        if (!conn)
            return;
        const QString name = conn->name;
        conn->statements.clear();
        conn->forgetHandle();
        conn->db.close();
        conn.reset();
        QSqlDatabase::removeDatabase(name);
    }
};

Database::Database()
    : d(std::make_unique<Impl>())
{}

Database::~Database()
{
    close();
}

Result<std::shared_ptr<Database>> Database::open(const QString &url)
{
    return open(url, OpenOptions());
}

Result<std::shared_ptr<Database>> Database::open(const QString &url, const OpenOptions &options)
{
    auto parsed = internal::parseConnectionUrl(url);
    if (!parsed)
        return parsed.error();
    if (!QSqlDatabase::isDriverAvailable(driverFor(parsed->dialect)))
        return Error::unavailable(
            QStringLiteral("the Qt SQL driver for %1 is not installed").arg(parsed->display));

    std::shared_ptr<Database> db(new Database());
    db->d->url = std::move(*parsed);
    db->d->options = options;

    auto writer = std::make_unique<Connection>();
    writer->name = QStringLiteral("bb_store_%1_writer").arg(db->d->serial);
    writer->db = QSqlDatabase::addDatabase(db->d->driverName(), writer->name);
    db->d->writer = std::move(writer);
    if (auto opened = db->openConnection(db->d->writer->db); !opened) {
        Impl::drop(db->d->writer);
        return opened.error();
    }
    if (auto loaded = db->reloadSchema(); !loaded) {
        db->close();
        return loaded.error();
    }
    return db;
}

Result<void> Database::openConnection(QSqlDatabase &conn)
{
    const internal::ConnectionUrl &u = d->url;
    if (u.dialect == Dialect::Sqlite) {
        conn.setDatabaseName(u.path);
    } else {
        conn.setHostName(u.host);
        conn.setPort(u.port);
        conn.setUserName(u.user);
        conn.setPassword(u.password);
        conn.setDatabaseName(u.database);
        conn.setConnectOptions(u.connectOptions.join(QLatin1Char(';')));
    }
    if (!conn.open())
        return Error::unavailable(
            QStringLiteral("cannot open %1: %2").arg(u.display, errorText(conn.lastError())));

    QStringList setup;
    if (u.dialect == Dialect::Sqlite) {
        // busy_timeout first, so switching to WAL already waits for a busy file.
        setup = {QStringLiteral("PRAGMA busy_timeout = %1").arg(d->options.busyTimeoutMs)};
        if (!d->options.keepJournalMode)
            setup << QStringLiteral("PRAGMA journal_mode = WAL")
                  << QStringLiteral("PRAGMA synchronous = NORMAL");
        setup << QStringLiteral("PRAGMA foreign_keys = ON");
    } else if (u.dialect == Dialect::Mysql) {
        // ANSI_QUOTES: quoteIdentifier()'s "name" is an identifier, not a string;
        // NO_BACKSLASH_ESCAPES: LIKE … ESCAPE '\' is a one-character literal as elsewhere.
        setup = {QStringLiteral("SET NAMES utf8mb4"), QStringLiteral("SET time_zone = '+00:00'"),
                 QStringLiteral("SET SESSION sql_mode = CONCAT_WS(',', "
                                "NULLIF(@@SESSION.sql_mode, ''), 'ANSI_QUOTES', "
                                "'NO_BACKSLASH_ESCAPES')")};
    } else {
        // Timestamps come back in UTC whatever the server's default zone is.
        setup = {QStringLiteral("SET TIME ZONE 'UTC'"),
                 // "already exists, skipping" and friends would go straight to stderr.
                 QStringLiteral("SET client_min_messages = warning")};
    }
    for (const QString &sql : setup) {
        if (auto r = scalar(conn, sql); !r)
            return Error::unavailable(
                QStringLiteral("cannot set up %1: %2").arg(u.display, r.error().message));
    }
    return {};
}

Dialect Database::dialect() const
{
    return d->url.dialect;
}

QString Database::displayUrl() const
{
    return d->url.display;
}

QSqlDatabase Database::reader()
{
    return readerConnection()->db;
}

Connection *Database::readerConnection()
{
    const quint64 token = threadToken();
    {
        std::shared_lock guard(d->lock);
        const auto it = d->readers.find(token);
        if (it != d->readers.end() && it->second->db.isOpen())
            return it->second.get();
    }
    Connection *conn = nullptr;
    {
        std::unique_lock guard(d->lock);
        auto &slot = d->readers[token];
        if (!slot) {
            slot = std::make_unique<Connection>();
            slot->name = QStringLiteral("bb_store_%1_reader_%2").arg(d->serial).arg(token);
            slot->db = QSqlDatabase::addDatabase(d->driverName(), slot->name);
        }
        conn = slot.get();
    }
    // Only this thread touches its own entry, so opening outside the lock is safe; a failed
    // open is retried on the next call.
    conn->statements.clear();
    conn->forgetHandle();
    if (auto opened = openConnection(conn->db); !opened) {
        qWarning("bb::store: %s", qPrintable(opened.error().message));
        conn->db.close();
    }
    return conn;
}

void Database::releaseReader()
{
    std::unique_ptr<Connection> conn;
    {
        std::unique_lock guard(d->lock);
        const auto it = d->readers.find(threadToken());
        if (it == d->readers.end())
            return;
        conn = std::move(it->second);
        d->readers.erase(it);
    }
    Impl::drop(conn);
}

Result<void> Database::lockWriter(bool transaction, QSqlDatabase *&db)
{
    if (d->writerOwner.load() == std::this_thread::get_id())
        return Error::internal(QStringLiteral("Database::write called inside another write"));
    d->writerMutex.lock();
    d->writerOwner = std::this_thread::get_id();
    const auto release = [this] {
        d->writerOwner = std::thread::id();
        d->writerMutex.unlock();
    };
    if (!d->writer) {
        release();
        return Error::unavailable(QStringLiteral("the database is closed"));
    }
    if (!d->writer->db.isOpen()) {
        d->writer->statements.clear();
        if (auto opened = openConnection(d->writer->db); !opened) {
            release();
            return opened.error();
        }
    }
    if (transaction) {
        if (auto begun = begin(d->writer->db); !begun) {
            release();
            return begun.error();
        }
    }
    db = &d->writer->db;
    return {};
}

Result<void> Database::unlockWriter(bool commitChanges, bool transaction)
{
    Result<void> out;
    if (transaction && d->writer) {
        if (commitChanges)
            out = commit(d->writer->db);
        else
            (void)rollback(d->writer->db);
    }
    d->writerOwner = std::thread::id();
    d->writerMutex.unlock();
    return out;
}

Result<void> Database::begin(QSqlDatabase &db)
{
    const QString sql = d->url.dialect == Dialect::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                          : QStringLiteral("BEGIN");
    auto r = exec(db, sql);
    if (!r)
        return r.error();
    return {};
}

Result<void> Database::commit(QSqlDatabase &db)
{
    // QSqlDatabase::commit(), unlike a plain "COMMIT" statement, notices that PostgreSQL
    // rolled back an aborted transaction instead of committing it.
    const std::int64_t start = monotonicNs();
    const bool ok = db.commit();
    d->report(QStringLiteral("COMMIT"), start, ok);
    if (!ok) {
        const QString why = errorText(db.lastError());
        (void)rollback(db);
        return Error::internal(QStringLiteral("commit failed: %1").arg(why));
    }
    return {};
}

Result<void> Database::rollback(QSqlDatabase &db)
{
    const std::int64_t start = monotonicNs();
    const bool ok = db.rollback();
    d->report(QStringLiteral("ROLLBACK"), start, ok);
    if (!ok)
        return Error::internal(
            QStringLiteral("rollback failed: %1").arg(errorText(db.lastError())));
    return {};
}

Result<QSqlQuery> Database::exec(QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    Connection *conn = d->connectionFor(db);
    // QPSQL prepares through PREPARE, which only accepts DML; parameterless statements (DDL,
    // SET, BEGIN) therefore run as plain queries there.
    const bool prepare = d->url.dialect == Dialect::Sqlite || !params.isEmpty();
    const std::int64_t start = monotonicNs();

    QSqlQuery *query = conn && prepare ? conn->statements.object(sql) : nullptr;
    std::unique_ptr<QSqlQuery> fresh;
    if (query) {
        query->finish();
    } else {
        fresh = std::make_unique<QSqlQuery>(db);
        fresh->setForwardOnly(true);
        if (prepare && !fresh->prepare(sql)) {
            d->report(sql, start, false);
            return Error::internal(errorText(fresh->lastError()));
        }
        query = fresh.get();
    }
    for (int i = 0; i < params.size(); ++i)
        query->bindValue(i, params.at(i));

    const bool ok = prepare ? query->exec() : query->exec(sql);
    d->report(sql, start, ok);
    // Keep a statement that prepared even when it failed to run: freeing it now would be
    // refused by PostgreSQL inside the transaction the failure just aborted.
    if (fresh && conn && prepare) {
        query = fresh.get();
        conn->statements.insert(sql, fresh.release());
    }
    if (!ok) {
        const QSqlError err = query->lastError();
        query->finish();
        Error e = Error::internal(errorText(err));
        // Keep the driver's classification reachable for constraint mapping.
        e.message = err.nativeErrorCode().isEmpty()
                        ? e.message
                        : QStringLiteral("[%1] %2").arg(err.nativeErrorCode(), e.message);
        return e;
    }
    if (!query->isSelect())
        query->finish();

    // The copy shares the cached statement; QSqlQuery has no other way to hand it out.
    QT_WARNING_PUSH
    QT_WARNING_DISABLE_DEPRECATED
    if (fresh)
        return QSqlQuery(std::move(*fresh));
    return QSqlQuery(*query);
    QT_WARNING_POP
}

namespace {

// Binds as QSQLITE does, so a native read finds exactly the rows exec() would.
int bindNative(sqlite3_stmt *stmt, int index, const QVariant &value)
{
    if (value.isNull())
        return sqlite3_bind_null(stmt, index);
    const auto text16 = [&](const QString &s) {
        return sqlite3_bind_text16(stmt, index, s.utf16(), int(s.size() * sizeof(QChar)),
                                   SQLITE_TRANSIENT);
    };
    switch (value.typeId()) {
    case QMetaType::QByteArray: {
        const auto *ba = static_cast<const QByteArray *>(value.constData());
        return sqlite3_bind_blob(stmt, index, ba->constData(), int(ba->size()), SQLITE_TRANSIENT);
    }
    case QMetaType::Int:
    case QMetaType::Bool:
        return sqlite3_bind_int(stmt, index, value.toInt());
    case QMetaType::Double:
        return sqlite3_bind_double(stmt, index, value.toDouble());
    case QMetaType::UInt:
    case QMetaType::LongLong:
        return sqlite3_bind_int64(stmt, index, value.toLongLong());
    case QMetaType::QDateTime:
        return text16(value.toDateTime().toString(Qt::ISODateWithMs));
    case QMetaType::QTime:
        return text16(value.toTime().toString(u"hh:mm:ss.zzz"));
    case QMetaType::QString:
        return text16(*static_cast<const QString *>(value.constData()));
    default:
        return text16(value.toString());
    }
}

} // namespace

Result<int> Database::selectNative(const QString &sql, const QVariantList &params,
                                   const NativeRowFn &onRow)
{
    if (d->url.dialect != Dialect::Sqlite)
        return Error::unavailable(QStringLiteral("native reads are for SQLite only"));
    Connection *conn = readerConnection();
    if (!conn->db.isOpen())
        return Error::unavailable(QStringLiteral("the database is not reachable"));
    if (!conn->handle) {
        const QVariant h = conn->db.driver()->handle();
        if (!h.isValid() || qstrcmp(h.typeName(), "sqlite3*") != 0)
            return Error::internal(QStringLiteral("the SQLite driver gave no native handle"));
        conn->handle = *static_cast<sqlite3 *const *>(h.constData());
    }
    const std::int64_t start = monotonicNs();
    const auto fail = [&](int code) -> Error {
        d->report(sql, start, false);
        return Error::internal(QStringLiteral("[%1] %2").arg(code).arg(
            QString::fromUtf8(sqlite3_errmsg(conn->handle))));
    };

    sqlite3_stmt *stmt = conn->native.value(sql);
    if (!stmt) {
        if (conn->native.size() >= kStatementCacheSize)
            conn->finalizeNative();
        const QByteArray text = sql.toUtf8();
        const int rc = sqlite3_prepare_v3(conn->handle, text.constData(), int(text.size()),
                                          SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
        if (rc != SQLITE_OK)
            return fail(rc);
        conn->native.insert(sql, stmt);
    }
    if (sqlite3_bind_parameter_count(stmt) != params.size()) {
        d->report(sql, start, false);
        return Error::internal(QStringLiteral("parameter count mismatch"));
    }
    for (int i = 0; i < params.size(); ++i) {
        if (const int rc = bindNative(stmt, i + 1, params.at(i)); rc != SQLITE_OK) {
            sqlite3_clear_bindings(stmt);
            return fail(rc);
        }
    }
    int rows = 0;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        onRow(stmt);
        ++rows;
    }
    // Resetting ends the read transaction, so a reader never keeps a WAL snapshot open.
    const int resetRc = sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    if (rc != SQLITE_DONE)
        return fail(resetRc != SQLITE_OK ? resetRc : rc);
    d->report(sql, start, true);
    return rows;
}

Result<QVariant> Database::scalar(QSqlDatabase &db, const QString &sql, const QVariantList &params)
{
    auto q = exec(db, sql, params);
    if (!q)
        return q.error();
    QVariant value;
    if (q->isSelect() && q->next())
        value = q->value(0);
    q->finish();
    return value;
}

std::shared_ptr<const Schema> Database::schema() const
{
    std::shared_lock guard(d->lock);
    return d->schema;
}

Result<void> Database::reloadSchema()
{
    // The writer sees every committed change and avoids opening a reader on whatever thread
    // happens to ask for a reload.
    auto fresh = write<Schema>(
        [this](QSqlDatabase &conn) -> Result<Schema> {
            switch (d->url.dialect) {
            case Dialect::Sqlite:
                return internal::introspectSqlite(*this, conn);
            case Dialect::Postgres:
                return internal::introspectPostgres(*this, conn);
            case Dialect::Mysql:
                return internal::introspectMysql(*this, conn);
            }
            return Error::internal(QStringLiteral("unknown dialect"));
        },
        false);
    if (!fresh)
        return fresh.error();
    auto snapshot = std::make_shared<const Schema>(std::move(*fresh));
    std::unique_lock guard(d->lock);
    d->schema = std::move(snapshot);
    return {};
}

bool Database::ping()
{
    QSqlDatabase db = reader();
    if (db.isOpen() && scalar(db, QStringLiteral("SELECT 1")).ok())
        return true;
    // A dropped PostgreSQL connection stays "open" in Qt; close it so the next call reconnects.
    if (Connection *conn = d->connectionFor(db))
        conn->forgetHandle();
    db.close();
    return false;
}

Result<void> Database::killMysqlQuery(qint64 connectionId)
{
    if (d->url.dialect != Dialect::Mysql)
        return Error::unavailable(QStringLiteral("KILL QUERY is for MySQL only"));
    static std::atomic<quint64> serial{0};
    const QString name = QStringLiteral("bb_store_%1_kill_%2").arg(d->serial).arg(++serial);
    Result<void> out;
    {
        QSqlDatabase conn = QSqlDatabase::addDatabase(d->driverName(), name);
        if (auto opened = openConnection(conn); !opened) {
            out = opened.error();
        } else {
            QSqlQuery q(conn);
            // The id is a number from CONNECTION_ID(), never text from outside.
            if (!q.exec(QStringLiteral("KILL QUERY %1").arg(connectionId)))
                out = Error::internal(errorText(q.lastError()));
        }
        conn.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

void Database::setQueryObserver(QueryObserver observer)
{
    auto obs = std::make_shared<const QueryObserver>(std::move(observer));
    std::unique_lock guard(d->lock);
    d->observer = std::move(obs);
}

void Database::close()
{
    {
        std::lock_guard writerGuard(d->writerMutex);
        Impl::drop(d->writer);
    }
    std::unordered_map<quint64, std::unique_ptr<Connection>> readers;
    {
        std::unique_lock guard(d->lock);
        readers.swap(d->readers);
    }
    for (auto &entry : readers)
        Impl::drop(entry.second);
}

} // namespace bb::store
