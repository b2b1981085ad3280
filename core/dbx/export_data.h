// bb::dbx — exporting a table (streamed through keyset pages, never all in memory) or the result
// of a query as CSV, JSON or SQL INSERT statements, written with QSaveFile.
#pragma once
#include "common/result.h"
#include "dbx/import_export_job.h"
#include "store/database.h"
#include <QString>

namespace bb::dbx {

enum class ExportFormat {
    Csv,      ///< RFC 4180, header row, NULL as an empty field, BLOB as base64
    Json,     ///< an array of objects; BLOB as base64 text, NULL as null, numbers as numbers
    SqlInsert ///< one INSERT per row, identifiers and literals quoted for the dialect
};

struct ExportOptions {
    ExportFormat format = ExportFormat::Csv;
    QString path;         ///< the file to write (replaced atomically on success)
    QString table;        ///< a table or view to export ...
    QString query;        ///< ... or, when set, the result of this SELECT
    char separator = ','; ///< CSV only
    bool header = true;   ///< CSV only
    QString insertTable;  ///< SQL only: the table name INSERTs name (default: table or "result")
    int pageRows = 1000;  ///< rows per keyset page when exporting a table
};

/// "csv", "json", "sql".
QString exportFormatExtension(ExportFormat format);

/// Exports on the calling thread with a reader of `db`. A cancel or an error leaves no file
/// (QSaveFile is not committed).
Result<TransferResult> exportData(store::Database &db, const ExportOptions &options,
                                  TransferControl &control);

} // namespace bb::dbx
