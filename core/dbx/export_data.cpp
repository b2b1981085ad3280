#include "dbx/export_data.h"
#include "dbx/export_writers_p.h"
#include "dbx/row_query.h"
#include "store/filter.h"
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

namespace bb::dbx {

namespace {

struct Output {
    QSaveFile file;
    TransferControl &control;
    Output(const QString &path, TransferControl &c)
        : file(path)
        , control(c)
    {}
    Result<void> write(const QByteArray &bytes)
    {
        if (bytes.isEmpty())
            return {};
        if (file.write(bytes) != bytes.size())
            return Error::io(
                QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
        control.bytes.fetch_add(bytes.size(), std::memory_order_relaxed);
        return {};
    }
};

Error cancelled()
{
    return Error::unavailable(QStringLiteral("cancelled"));
}

// A table read page by page in key order: memory holds one page whatever the table's size.
Result<qint64> exportTable(store::Database &db, QSqlDatabase &conn, const ExportOptions &o,
                           internal::RowWriter &writer, Output &out)
{
    (void)db.reloadSchema();
    const auto schema = db.schema();
    const store::Table *table = schema->table(o.table);
    if (!table)
        return Error::notFound(QStringLiteral("no table or view named %1").arg(o.table));
    Paging paging = Paging::Offset;
    if (!table->isView) {
        QSqlQuery probe(conn);
        if (db.dialect() == store::Dialect::Sqlite &&
            probe.exec(QStringLiteral("SELECT rowid FROM %1 LIMIT 0")
                           .arg(store::quoteIdentifier(table->name))))
            paging = Paging::Rowid;
        else if (!table->primaryKey.isEmpty())
            paging = Paging::PrimaryKey;
    }
    auto query = RowQuery::make(*table, db.dialect(), paging, QString(), true, {});
    if (!query)
        return query.error();
    if (table->rowEstimate >= 0)
        out.control.totalRows = table->rowEstimate;

    QStringList columns;
    for (const store::Column &c : table->columns)
        columns << c.name;
    if (auto r = out.write(writer.begin(columns)); !r)
        return r.error();

    const int page = std::max(1, o.pageRows);
    qint64 rows = 0;
    Anchor anchor;
    for (bool first = true;; first = false) {
        if (out.control.isCancelled())
            return cancelled();
        const Statement st = paging == Paging::Offset ? query->offset(rows, page)
                             : first                  ? query->first(page)
                                                      : query->after(anchor, page);
        auto q = db.exec(conn, st.sql, st.params);
        if (!q)
            return q.error();
        int got = 0;
        QVariantList values;
        while (q->next()) {
            values.clear();
            // Column 0 is the key the page is anchored by; the table's columns follow.
            for (int i = 1; i <= columns.size(); ++i)
                values << q->value(i);
            anchor.key = q->value(0);
            if (auto r = out.write(writer.row(values)); !r) {
                q->finish();
                return r.error();
            }
            ++got;
        }
        q->finish();
        rows += got;
        out.control.rows.store(rows, std::memory_order_relaxed);
        if (got < page)
            break;
    }
    return rows;
}

// A result set streamed forward-only: the driver holds what it holds (libpq buffers whole
// results), but nothing here keeps rows.
Result<qint64> exportQuery(QSqlDatabase &conn, const ExportOptions &o, internal::RowWriter &writer,
                           Output &out)
{
    QSqlQuery q(conn);
    q.setForwardOnly(true);
    if (!q.exec(o.query))
        return Error::invalid(QStringLiteral("the query failed: %1")
                                  .arg(q.lastError().databaseText().isEmpty()
                                           ? q.lastError().text()
                                           : q.lastError().databaseText()));
    if (!q.isSelect())
        return Error::invalid(QStringLiteral("the query returns no rows to export"));
    const QSqlRecord record = q.record();
    QStringList columns;
    for (int i = 0; i < record.count(); ++i)
        columns << record.fieldName(i);
    if (auto r = out.write(writer.begin(columns)); !r)
        return r.error();
    qint64 rows = 0;
    QVariantList values;
    while (q.next()) {
        if ((rows & 255) == 0 && out.control.isCancelled())
            return cancelled();
        values.clear();
        for (int i = 0; i < columns.size(); ++i)
            values << q.value(i);
        if (auto r = out.write(writer.row(values)); !r)
            return r.error();
        ++rows;
        out.control.rows.store(rows, std::memory_order_relaxed);
    }
    if (q.lastError().isValid())
        return Error::internal(q.lastError().text());
    return rows;
}

} // namespace

QString exportFormatExtension(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::SqlInsert:
        return QStringLiteral("sql");
    }
    return {};
}

Result<TransferResult> exportData(store::Database &db, const ExportOptions &o,
                                  TransferControl &control)
{
    if (o.path.isEmpty())
        return Error::invalid(QStringLiteral("no output file given"));
    if (o.table.isEmpty() && o.query.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("give a table or a query to export"));
    Output out(o.path, control);
    if (!out.file.open(QIODevice::WriteOnly))
        return Error::io(QStringLiteral("cannot write %1: %2").arg(o.path, out.file.errorString()));
    const QString insertTable = !o.insertTable.isEmpty()       ? o.insertTable
                                : !o.query.trimmed().isEmpty() ? QStringLiteral("result")
                                                               : o.table;
    auto writer = internal::makeRowWriter(o, db.dialect(), insertTable);

    QSqlDatabase conn = db.reader();
    Result<qint64> rows =
        Error::unavailable(QStringLiteral("cannot connect to %1").arg(db.displayUrl()));
    if (conn.isOpen())
        rows = o.query.trimmed().isEmpty() ? exportTable(db, conn, o, *writer, out)
                                           : exportQuery(conn, o, *writer, out);
    if (rows) {
        if (auto r = out.write(writer->end()); !r)
            rows = r.error();
    }
    // Exports run on threads that end (or are reused); their connection must not linger.
    conn = QSqlDatabase();
    db.releaseReader();
    if (!rows || control.isCancelled()) {
        out.file.cancelWriting();
        return control.isCancelled() ? cancelled() : rows.error();
    }
    if (!out.file.commit())
        return Error::io(QStringLiteral("cannot write %1: %2").arg(o.path, out.file.errorString()));
    return TransferResult{*rows, o.path};
}

} // namespace bb::dbx
