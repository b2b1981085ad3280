// bb::dbx — a SQL script cut into statements with their positions, for the SQL runner: run all,
// the selection, or the statement under the cursor, and map error offsets to line and column.
#pragma once
#include <QList>
#include <QString>

namespace bb::dbx {

/// One statement of a script. Offsets are UTF-16 indexes into the script; `begin` is the first
/// character that is not whitespace (a leading comment stays part of the statement), `end` is one
/// past its last character, before the ';' that ends it.
struct SqlStatement {
    int begin = 0;
    int end = 0;
    int line = 1;   ///< 1-based line of `begin`
    int column = 1; ///< 1-based column of `begin`
    QString text;   ///< script.mid(begin, end - begin)
};

/// A 1-based line and column in a script.
struct SqlPosition {
    int line = 1;
    int column = 1;
};

/// Splits at ';' outside quotes ('…', "…", `…`, E'…\''), comments (-- and /* */), PostgreSQL
/// dollar quotes ($$…$$, $tag$…$tag$) and SQLite trigger bodies (BEGIN … END). Statements that
/// are only whitespace and comments are dropped.
QList<SqlStatement> splitSql(const QString &script);

/// The statements of script[selectionBegin, selectionEnd) (the selection is split on its own),
/// with offsets, lines and columns in the whole script.
QList<SqlStatement> splitSqlSelection(const QString &script, int selectionBegin, int selectionEnd);

/// The index in `statements` of the statement under `cursor`: the one containing it, or, when
/// the cursor sits between statements, the one just before it (the cursor after its ';' or on the
/// blank lines that follow), else the next one. -1 when there is no statement.
int statementAt(const QList<SqlStatement> &statements, int cursor);

/// The line and column of `offset` in `script`.
SqlPosition positionOf(const QString &script, int offset);

} // namespace bb::dbx
