// bb::dbx (private) — turning rows into CSV, JSON or SQL INSERT text, one row at a time.
#pragma once
#include "dbx/export_data.h"
#include <QByteArray>
#include <QStringList>
#include <QVariant>
#include <memory>

namespace bb::dbx::internal {

class RowWriter {
public:
    virtual ~RowWriter() = default;
    /// Text before the first row (a CSV header, the JSON array's '[').
    virtual QByteArray begin(const QStringList &columns) = 0;
    virtual QByteArray row(const QVariantList &values) = 0;
    /// Text after the last row.
    virtual QByteArray end() = 0;
};

/// `dialect` shapes SQL literals and identifiers; `insertTable` names the INSERTs' table.
std::unique_ptr<RowWriter> makeRowWriter(const ExportOptions &options, store::Dialect dialect,
                                         const QString &insertTable);

/// A CSV field, quoted when it holds the separator, a quote, CR or LF.
QByteArray csvField(const QString &text, char separator);
/// A value as an SQL literal for `dialect` (strings quoted, BLOBs as hex, NULL, numbers bare).
QString sqlLiteral(const QVariant &value, store::Dialect dialect);

} // namespace bb::dbx::internal
