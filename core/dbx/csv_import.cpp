#include "dbx/csv_import.h"
#include "dbx/csv_reader.h"
#include "store/filter.h"
#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QSqlRecord>

#include <algorithm>

namespace bb::dbx {

namespace {

CsvType widen(CsvType a, CsvType b)
{
    if (a == CsvType::Text || b == CsvType::Text)
        return CsvType::Text;
    if (a == CsvType::Real || b == CsvType::Real)
        return CsvType::Real;
    return CsvType::Integer;
}

QString sqlType(CsvType type, store::Dialect dialect)
{
    switch (type) {
    case CsvType::Integer:
        return dialect == store::Dialect::Sqlite ? QStringLiteral("INTEGER")
                                                 : QStringLiteral("BIGINT");
    case CsvType::Real:
        return dialect == store::Dialect::Postgres ? QStringLiteral("DOUBLE PRECISION")
               : dialect == store::Dialect::Mysql  ? QStringLiteral("DOUBLE")
                                                   : QStringLiteral("REAL");
    case CsvType::Text:
        break;
    }
    return QStringLiteral("TEXT");
}

// Types of the sampled rows per column: nullopt while a column has only empty values.
QList<std::optional<CsvType>> columnTypes(const QList<QStringList> &rows, int width)
{
    QList<std::optional<CsvType>> types(width);
    for (const QStringList &row : rows) {
        for (int i = 0; i < width && i < row.size(); ++i) {
            if (const auto t = csvValueType(row[i]))
                types[i] = types[i] ? widen(*types[i], *t) : *t;
        }
    }
    return types;
}

// A header row is text over columns whose values are numbers; failing that, a row of distinct
// non-empty texts none of which shows up again below it (the shape of names, not of data).
bool looksLikeHeader(const QStringList &first, const QList<QStringList> &rest)
{
    if (first.isEmpty() || rest.isEmpty())
        return false;
    const auto types = columnTypes(rest, int(first.size()));
    bool numericEvidence = false;
    for (int i = 0; i < first.size(); ++i) {
        const auto own = csvValueType(first[i]);
        if (own && *own != CsvType::Text)
            return false; // a number in the first row is data
        if (own && types[i] && *types[i] != CsvType::Text)
            numericEvidence = true;
    }
    if (numericEvidence)
        return true;
    QSet<QString> seen;
    for (int i = 0; i < first.size(); ++i) {
        const QString name = first[i].trimmed();
        if (name.isEmpty() || seen.contains(name))
            return false;
        seen.insert(name);
        for (const QStringList &row : rest) {
            if (i < row.size() && row[i].trimmed() == name)
                return false;
        }
    }
    return true;
}

Result<QVariant> typedValue(const QString &text, std::optional<CsvType> type, bool emptyIsNull)
{
    if (text.isEmpty() && emptyIsNull)
        return QVariant();
    if (!type || *type == CsvType::Text)
        return QVariant(text);
    bool ok = false;
    if (*type == CsvType::Integer) {
        const qlonglong v = text.trimmed().toLongLong(&ok);
        if (ok)
            return QVariant(v);
    } else {
        const double v = text.trimmed().toDouble(&ok);
        if (ok)
            return QVariant(v);
    }
    // Not a number for a numeric column: let the database decide (SQLite keeps it as text,
    // PostgreSQL and MySQL reject it, and the error names the line).
    return QVariant(text);
}

} // namespace

QString csvTypeName(CsvType type)
{
    return sqlType(type, store::Dialect::Sqlite);
}

std::optional<CsvType> csvValueType(const QString &value)
{
    static const QRegularExpression integer(QStringLiteral("^[+-]?[0-9]+$"));
    static const QRegularExpression real(
        QStringLiteral("^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
    const QString v = value.trimmed();
    if (v.isEmpty())
        return std::nullopt;
    if (integer.match(v).hasMatch()) {
        // Leading zeros (zip codes, ids like 007) are text: a number would drop them.
        const QStringView digits = QStringView(v).mid(v[0].isDigit() ? 0 : 1);
        if (digits.size() > 1 && digits[0] == QLatin1Char('0'))
            return CsvType::Text;
        bool ok = false;
        v.toLongLong(&ok);
        return ok ? CsvType::Integer : CsvType::Real;
    }
    if (real.match(v).hasMatch())
        return CsvType::Real;
    return CsvType::Text;
}

Result<CsvPreview> previewCsv(const QString &path, int previewRows, std::optional<char> separator,
                              std::optional<bool> hasHeader, int sampleRows)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
    CsvPreview out;
    out.fileSize = file.size();
    out.separator = separator ? *separator : CsvReader::detectSeparator(file.peek(64 * 1024));

    CsvReader reader(&file, out.separator);
    QList<QStringList> rows;
    QStringList fields;
    const int wanted = std::max(previewRows, sampleRows) + 1;
    while (rows.size() < wanted) {
        auto more = reader.next(fields);
        if (!more)
            return more.error();
        if (!*more)
            break;
        rows << fields;
    }
    if (rows.isEmpty())
        return Error::invalid(QStringLiteral("%1 has no rows").arg(path));

    out.hasHeader = hasHeader ? *hasHeader : looksLikeHeader(rows.first(), rows.mid(1));
    const QStringList first = rows.first();
    if (out.hasHeader)
        rows.removeFirst();
    int width = int(first.size());
    for (const QStringList &r : rows)
        width = std::max(width, int(r.size()));
    for (int i = 0; i < width; ++i) {
        const QString name = out.hasHeader && i < first.size() ? first[i].trimmed() : QString();
        out.columns << (name.isEmpty() ? QStringLiteral("column%1").arg(i + 1) : name);
    }
    const auto types = columnTypes(rows.mid(0, sampleRows), width);
    for (const auto &t : types)
        out.types << t.value_or(CsvType::Text);
    out.rows = rows.mid(0, previewRows);
    return out;
}

QStringList mapCsvColumnsByName(const QStringList &csvColumns, const store::Table &table)
{
    QStringList mapping;
    QSet<QString> taken;
    for (const QString &csv : csvColumns) {
        QString target;
        for (const store::Column &c : table.columns) {
            if (c.name.compare(csv.trimmed(), Qt::CaseInsensitive) == 0 &&
                !taken.contains(c.name)) {
                target = c.name;
                taken.insert(c.name);
                break;
            }
        }
        mapping << target;
    }
    return mapping;
}

QStringList mapCsvColumnsByPosition(int csvColumns, const store::Table &table)
{
    QStringList mapping;
    for (int i = 0; i < csvColumns; ++i)
        mapping << (i < table.columns.size() ? table.columns[i].name : QString());
    return mapping;
}

QStringList unmappedRequiredColumns(const store::Table &table, const QStringList &mapping)
{
    QStringList missing;
    for (const store::Column &c : table.columns) {
        if (!c.notNull || c.hasDefault || c.generated)
            continue;
        const bool mapped = std::any_of(mapping.begin(), mapping.end(), [&](const QString &m) {
            return m.compare(c.name, Qt::CaseInsensitive) == 0;
        });
        if (!mapped)
            missing << c.name;
    }
    return missing;
}

QString csvMappingProblem(const store::Table &table, const QStringList &mapping)
{
    QSet<QString> seen;
    bool any = false;
    for (int i = 0; i < mapping.size(); ++i) {
        const QString name = mapping[i].trimmed();
        if (name.isEmpty())
            continue;
        any = true;
        const store::Column *column = nullptr;
        for (const store::Column &c : table.columns)
            if (c.name.compare(name, Qt::CaseInsensitive) == 0)
                column = &c;
        if (!column)
            return QStringLiteral("table %1 has no column '%2'").arg(table.name, name);
        if (seen.contains(column->name))
            return QStringLiteral("column %1 of %2 gets two CSV columns (the second is CSV "
                                  "column %3)")
                .arg(column->name, table.name)
                .arg(i + 1);
        seen.insert(column->name);
    }
    if (!any)
        return QStringLiteral("no CSV column is mapped to a column of %1").arg(table.name);
    const QStringList missing = unmappedRequiredColumns(table, mapping);
    if (missing.size() == 1)
        return QStringLiteral("column %1 of %2 is NOT NULL without a default: map a CSV column "
                              "to it")
            .arg(missing.first(), table.name);
    if (!missing.isEmpty())
        return QStringLiteral("columns %1 of %2 are NOT NULL without a default: map a CSV "
                              "column to each")
            .arg(missing.join(QLatin1String(", ")), table.name);
    return {};
}

namespace {

struct Target {
    QStringList names;                   ///< table column per CSV column; empty = skipped
    QList<std::optional<CsvType>> types; ///< how to bind each CSV column
};

Result<Target> resolveTarget(store::Database &db, QSqlDatabase &conn, const CsvImportOptions &o,
                             int csvWidth)
{
    Target t;
    if (o.createTable) {
        if (o.columns.size() != csvWidth)
            return Error::invalid(QStringLiteral("the new table needs %1 column names, got %2")
                                      .arg(csvWidth)
                                      .arg(o.columns.size()));
        QSet<QString> seen;
        for (int i = 0; i < csvWidth; ++i) {
            const QString name = o.columns[i].trimmed();
            if (name.isEmpty())
                return Error::invalid(QStringLiteral("column %1 has no name").arg(i + 1));
            if (seen.contains(name.toLower()))
                return Error::invalid(QStringLiteral("column name '%1' appears twice").arg(name));
            seen.insert(name.toLower());
            t.names << name;
            t.types << (i < o.types.size() ? o.types[i] : CsvType::Text);
        }
        return t;
    }
    // The table's columns as the database sees them now (the schema was re-read just before the
    // import), with NOT NULL and defaults for the required-column check.
    const auto schema = db.schema();
    const store::Table *table = schema ? schema->table(o.table) : nullptr;
    store::Table outside; // a table outside the default schema: names only, from the driver
    if (!table) {
        auto q = db.exec(
            conn,
            QStringLiteral("SELECT * FROM %1 WHERE 1 = 0").arg(store::quoteIdentifier(o.table)));
        if (!q)
            return Error::notFound(
                QStringLiteral("cannot read table %1: %2").arg(o.table, q.error().message));
        const QSqlRecord record = q->record();
        q->finish();
        outside.name = o.table;
        for (int i = 0; i < record.count(); ++i)
            outside.columns.append(store::Column{.name = record.fieldName(i)});
        table = &outside;
    }
    QStringList mapping = o.mapByPosition ? mapCsvColumnsByPosition(csvWidth, *table) : o.columns;
    if (o.mapByPosition && csvWidth > table->columns.size())
        return Error::invalid(QStringLiteral("the CSV has %1 columns but table %2 has %3")
                                  .arg(csvWidth)
                                  .arg(o.table)
                                  .arg(table->columns.size()));
    while (mapping.size() < csvWidth)
        mapping << QString();
    mapping = mapping.mid(0, csvWidth);
    if (const QString problem = csvMappingProblem(*table, mapping); !problem.isEmpty())
        return Error::invalid(problem);
    for (const QString &name : std::as_const(mapping)) {
        QString spelled; // the table's own spelling of a case-insensitive match
        for (const store::Column &c : table->columns)
            if (!name.trimmed().isEmpty() &&
                c.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
                spelled = c.name;
        t.names << spelled;
        t.types << std::nullopt; // the column's own type converts the text
    }
    return t;
}

} // namespace

Result<TransferResult> importCsv(store::Database &db, const CsvImportOptions &o,
                                 TransferControl &control)
{
    if (o.table.trimmed().isEmpty())
        return Error::invalid(QStringLiteral("no target table given"));
    QFile file(o.path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read %1: %2").arg(o.path, file.errorString()));
    control.totalBytes = file.size();
    CsvReader reader(&file, o.separator);

    QStringList fields;
    auto firstRead = reader.next(fields);
    if (!firstRead)
        return firstRead.error();
    if (!*firstRead)
        return Error::invalid(QStringLiteral("%1 has no rows").arg(o.path));
    const int width = int(fields.size());
    bool pending = !o.hasHeader; // the first record is data
    if (!o.createTable) {
        // Required columns and names are checked against the table as it is now.
        if (auto reloaded = db.reloadSchema(); !reloaded)
            return reloaded.error();
    }

    // MySQL commits implicitly on CREATE TABLE, so there the table is made first and dropped
    // again when the rows fail; elsewhere it is part of the one transaction.
    const bool createApart = o.createTable && db.dialect() == store::Dialect::Mysql;
    const auto create = [&](QSqlDatabase &conn, const Target &target) -> Result<void> {
        QStringList defs;
        for (int i = 0; i < width; ++i)
            defs << store::quoteIdentifier(target.names[i]) + QLatin1Char(' ') +
                        sqlType(target.types[i].value_or(CsvType::Text), db.dialect());
        if (auto r = db.exec(
                conn, QStringLiteral("CREATE TABLE %1 (%2)")
                          .arg(store::quoteIdentifier(o.table), defs.join(QLatin1String(", "))));
            !r)
            return Error::invalid(
                QStringLiteral("cannot create table %1: %2").arg(o.table, r.error().message));
        return {};
    };
    if (createApart) {
        auto made = db.write<bool>(
            [&](QSqlDatabase &conn) -> Result<bool> {
                auto target = resolveTarget(db, conn, o, width);
                if (!target)
                    return target.error();
                if (auto r = create(conn, *target); !r)
                    return r.error();
                return true;
            },
            false);
        if (!made)
            return made.error();
    }

    auto result = db.write<TransferResult>([&](QSqlDatabase &conn) -> Result<TransferResult> {
        auto target = resolveTarget(db, conn, o, width);
        if (!target)
            return target.error();
        if (o.createTable && !createApart) {
            if (auto r = create(conn, *target); !r)
                return r.error();
        }
        QStringList cols;
        QList<int> sourceIndex;
        for (int i = 0; i < width; ++i) {
            if (target->names[i].isEmpty())
                continue;
            cols << store::quoteIdentifier(target->names[i]);
            sourceIndex << i;
        }
        const QString sql =
            QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                .arg(store::quoteIdentifier(o.table), cols.join(QLatin1String(", ")),
                     QStringList(cols.size(), QStringLiteral("?")).join(QLatin1String(", ")));
        qint64 rows = 0;
        for (;;) {
            if (!pending) {
                auto more = reader.next(fields);
                if (!more)
                    return more.error();
                if (!*more)
                    break;
            }
            pending = false;
            const qint64 line = reader.recordLine();
            if (control.isCancelled())
                return Error::unavailable(QStringLiteral("cancelled"));
            if (fields.size() != width)
                return Error::invalid(QStringLiteral("line %1: expected %2 fields, found %3")
                                          .arg(line)
                                          .arg(width)
                                          .arg(fields.size()));
            QVariantList params;
            params.reserve(sourceIndex.size());
            for (int i : sourceIndex) {
                auto v = typedValue(fields[i], target->types[i], o.emptyIsNull);
                params << *v;
            }
            if (auto r = db.exec(conn, sql, params); !r)
                return Error::invalid(
                    QStringLiteral("line %1: %2").arg(line).arg(r.error().message));
            ++rows;
            control.rows.store(rows, std::memory_order_relaxed);
            control.bytes.store(reader.bytesRead(), std::memory_order_relaxed);
        }
        if (control.isCancelled())
            return Error::unavailable(QStringLiteral("cancelled"));
        return TransferResult{rows, o.table};
    });
    if (!result && createApart)
        (void)db.write<bool>(
            [&](QSqlDatabase &conn) -> Result<bool> {
                auto r = db.exec(
                    conn, QStringLiteral("DROP TABLE %1").arg(store::quoteIdentifier(o.table)));
                if (!r)
                    return r.error();
                return true;
            },
            false);
    if (result && o.createTable)
        (void)db.reloadSchema(); // the new table shows up for RowSource::open
    return result;
}

} // namespace bb::dbx
