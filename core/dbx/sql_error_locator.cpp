#include "dbx/sql_error_locator_p.h"
#include <QRegularExpression>
#include <QSqlDriver>
#include <QVariant>
#include <sqlite3.h>
#ifdef BB_DBX_HAVE_LIBPQ
#include <libpq-fe.h>
#endif

namespace bb::dbx {

namespace {

sqlite3 *sqliteHandle(QSqlDatabase &conn)
{
    const QVariant h = conn.driver()->handle();
    if (h.isValid() && qstrcmp(h.typeName(), "sqlite3*") == 0)
        return *static_cast<sqlite3 *const *>(h.constData());
    return nullptr;
}

#ifdef BB_DBX_HAVE_LIBPQ
PGconn *pgHandle(QSqlDatabase &conn)
{
    const QVariant h = conn.driver()->handle();
    if (h.isValid() &&
        (qstrcmp(h.typeName(), "pg_conn*") == 0 || qstrcmp(h.typeName(), "PGconn*") == 0))
        return *static_cast<PGconn *const *>(h.constData());
    return nullptr;
}
#endif

int sqliteOffset(sqlite3 *db, const QString &statement)
{
#if SQLITE_VERSION_NUMBER >= 3038000
    const QByteArray utf8 = statement.toUtf8();
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db, utf8.constData(), int(utf8.size()), &stmt, nullptr);
    // The offset belongs to this prepare's error; read it before anything else touches `db`.
    const int byteOffset = rc == SQLITE_OK ? -1 : sqlite3_error_offset(db);
    sqlite3_finalize(stmt);
    if (byteOffset < 0 || byteOffset > utf8.size())
        return -1;
    // SQLite counts UTF-8 bytes; the editor counts UTF-16 units.
    return int(QString::fromUtf8(utf8.constData(), byteOffset).size());
#else
    Q_UNUSED(db);
    Q_UNUSED(statement);
    return -1;
#endif
}

// "… for the right syntax to use near 'FROM nowhere' at line 3": the text quoted is the rest of
// the statement from the token on (cut after 80 characters), the line counts from 1 in the
// statement. Empty quotes mean the statement ended too soon.
int mysqlOffset(const QString &statement, const QString &message)
{
    static const QRegularExpression near(QStringLiteral("near '(.*)' at line (\\d+)"),
                                         QRegularExpression::DotMatchesEverythingOption);
    const auto m = near.match(message);
    if (!m.hasMatch())
        return -1;
    const QString rest = m.captured(1);
    if (rest.isEmpty())
        return int(statement.size());
    qsizetype lineStart = 0;
    for (int line = 1; line < m.captured(2).toInt() && lineStart >= 0; ++line) {
        lineStart = statement.indexOf(QLatin1Char('\n'), lineStart);
        lineStart = lineStart < 0 ? -1 : lineStart + 1;
    }
    if (lineStart < 0)
        return -1;
    const qsizetype at = statement.indexOf(rest, lineStart);
    return at < 0 ? -1 : int(at);
}

} // namespace

int locateError(QSqlDatabase &conn, store::Dialect dialect, const QString &statement,
                const QString &message)
{
    if (dialect == store::Dialect::Mysql)
        return mysqlOffset(statement, message);
    if (!conn.isOpen())
        return -1;
    if (dialect == store::Dialect::Sqlite) {
        sqlite3 *db = sqliteHandle(conn);
        return db ? sqliteOffset(db, statement) : -1;
    }
#ifdef BB_DBX_HAVE_LIBPQ
    if (dialect == store::Dialect::Postgres) {
        PGconn *pg = pgHandle(conn);
        if (!pg)
            return -1;
        // The unnamed statement: parsed and analysed, never executed. Qt's driver only uses
        // named ones, so this replaces nothing of its own.
        PGresult *res = PQprepare(pg, "", statement.toUtf8().constData(), 0, nullptr);
        int offset = -1;
        if (PQresultStatus(res) != PGRES_COMMAND_OK) {
            // 1-based, counted in characters (code points), not bytes.
            const char *pos = PQresultErrorField(res, PG_DIAG_STATEMENT_POSITION);
            const int chars = pos ? atoi(pos) - 1 : -1;
            if (chars >= 0) {
                offset = 0;
                for (int seen = 0; seen < chars && offset < statement.size(); ++seen)
                    offset += statement.at(offset).isHighSurrogate() ? 2 : 1;
            }
        }
        PQclear(res);
        return offset;
    }
#endif
    return -1;
}

bool inTransaction(QSqlDatabase &conn, store::Dialect dialect)
{
#ifdef BB_DBX_HAVE_LIBPQ
    if (dialect == store::Dialect::Postgres) {
        PGconn *pg = pgHandle(conn);
        return pg && PQtransactionStatus(pg) != PQTRANS_IDLE;
    }
#endif
    if (dialect == store::Dialect::Sqlite) {
        sqlite3 *db = sqliteHandle(conn);
        return db && !sqlite3_get_autocommit(db);
    }
    return false;
}

} // namespace bb::dbx
