// bb::tester — iteration data for a collection run (newman's `-d`): one row per iteration, each
// row becoming the Data variable scope. CSV (RFC 4180, with a header row) or a JSON array of
// objects.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace bb::tester {

/// One iteration's values, in column (CSV) or key (JSON) order.
using DataRow = QList<workspace::KeyValue>;

/// Where and why a data file is unreadable. `line` is 1-based (0 when the fault has no line).
struct DataError {
    int line = 0;
    QString message;
};

/// Either the rows or the reason they could not be read.
struct DataParse {
    QList<DataRow> rows;
    std::optional<DataError> error;
    bool ok() const { return !error.has_value(); }
};

/// RFC 4180: fields separated by ',', optionally quoted with '"' ("" inside quotes is one quote;
/// quoted fields may hold commas and line breaks), records ended by CRLF or LF, the first record
/// naming the columns. Blank lines are skipped (as newman does); a record whose field count
/// differs from the header's is an error naming its line. A UTF-8 BOM is ignored.
DataParse parseCsvData(const QByteArray &bytes);

/// A JSON array of objects; each value is stringified as newman substitutes it: strings as they
/// are, numbers in their shortest form, booleans as true/false, null as "null", objects and
/// arrays as compact JSON. The line of a syntax error is computed from its offset.
DataParse parseJsonData(const QByteArray &bytes);

/// Reads `path`, choosing JSON when the name ends in .json (or the content starts with '['),
/// CSV otherwise. Errors read "<file name>:<line>: <reason>", e.g.
/// "data.csv:4: 3 fields, the header has 2".
bb::Result<QList<DataRow>> readDataFile(const QString &path);

} // namespace bb::tester
