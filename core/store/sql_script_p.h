// bb::store (private) — splits a migration's SQL into single statements.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace bb::store::internal {

/// Where one statement sits in a script: [begin, end), UTF-16 offsets; `begin` skips leading
/// whitespace, `end` stops before the ';' and trailing whitespace.
struct SqlSpan {
    qsizetype begin = 0;
    qsizetype end = 0;
};

/// Splits at ';' outside quotes ('…', "…", `…`, E'…' with backslash escapes), comments,
/// PostgreSQL dollar quotes and BEGIN … END bodies (SQLite triggers, PostgreSQL BEGIN ATOMIC
/// functions and procedures), dropping statements that hold
/// nothing but whitespace and comments.
QList<SqlSpan> splitSqlSpans(const QString &script);

/// The statements of splitSqlSpans() as text.
QStringList splitSqlStatements(const QString &script);

} // namespace bb::store::internal
