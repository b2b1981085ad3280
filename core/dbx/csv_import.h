// bb::dbx — importing a CSV file into a table: a preview with the detected separator, header and
// column types, then every row in ONE transaction (a bad row or a cancel leaves nothing behind).
#pragma once
#include "common/result.h"
#include "dbx/import_export_job.h"
#include "store/database.h"
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace bb::dbx {

/// Column types a CSV can show; dates and everything else stay TEXT.
enum class CsvType { Integer, Real, Text };

/// "INTEGER", "REAL", "TEXT" (also the SQL type used for new tables; PostgreSQL gets bigint,
/// double precision, text; MySQL BIGINT, DOUBLE, TEXT).
QString csvTypeName(CsvType type);
/// The type of one value ("" says nothing: it does not narrow the column).
std::optional<CsvType> csvValueType(const QString &value);

struct CsvPreview {
    char separator = ',';
    bool hasHeader = true;
    QStringList columns;     ///< header names, or column1..N when there is no header
    QList<CsvType> types;    ///< inferred from the sampled rows
    QList<QStringList> rows; ///< the first rows (after the header), up to the limit asked
    qint64 fileSize = 0;
};

/// Reads the start of `path`: detects the separator (unless given), whether the first row is a
/// header (unless given: a first row of text over columns whose other rows are numbers, or
/// whose values all differ from the rest in type), and column types from up to `sampleRows`.
Result<CsvPreview> previewCsv(const QString &path, int previewRows = 100,
                              std::optional<char> separator = {},
                              std::optional<bool> hasHeader = {}, int sampleRows = 1000);

struct CsvImportOptions {
    QString path;
    char separator = ',';
    bool hasHeader = true;
    QString table;           ///< target table
    bool createTable = true; ///< CREATE TABLE with `columns` and `types`, else an existing table
    QStringList columns;     ///< new table: column names; existing: CSV column -> target name
                             ///< (case-insensitive; empty entry = skip that CSV column)
    QList<CsvType> types;    ///< new table only; one per column
    bool mapByPosition =
        false;               ///< existing table: CSV column i -> table column i (ignores columns)
    bool emptyIsNull = true; ///< an empty field is NULL (else an empty string)
};

/// The table column each CSV column goes to when matched by name: case-insensitive, surrounding
/// spaces ignored, each table column taken once (by the first CSV column of that name); "" where
/// the table has no such column (the CSV column is skipped). Names are the table's spelling.
QStringList mapCsvColumnsByName(const QStringList &csvColumns, const store::Table &table);
/// The same by position: CSV column i -> table column i, "" past the table's last column.
QStringList mapCsvColumnsByPosition(int csvColumns, const store::Table &table);
/// The columns of `table` that need a value and get none from `mapping` (a list of table column
/// names, "" = skipped): NOT NULL, no default, not filled by the database (rowid alias, identity,
/// serial, generated). In table order.
QStringList unmappedRequiredColumns(const store::Table &table, const QStringList &mapping);
/// Why `mapping` cannot import into `table`, empty when it can: a name the table lacks, a table
/// column mapped twice, nothing mapped, or required columns left out (named).
QString csvMappingProblem(const store::Table &table, const QStringList &mapping);

/// Imports on the calling thread, in one transaction on the writer; rolls back on any error or
/// when `control` is cancelled. Errors name the CSV line (and column for malformed CSV).
Result<TransferResult> importCsv(store::Database &db, const CsvImportOptions &options,
                                 TransferControl &control);

} // namespace bb::dbx
