#include "store/sql_script_p.h"

#include <QRegularExpression>

namespace bb::store::internal {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

// The keyword starting at i, upper-cased, when it stands alone as a word.
QString wordAt(const QString &s, qsizetype i)
{
    if (i > 0 && isWordChar(s.at(i - 1)))
        return {};
    qsizetype j = i;
    while (j < s.size() && isWordChar(s.at(j)))
        ++j;
    return s.mid(i, j - i).toUpper();
}

// One past the quoted text that opens at i with `quote`; a doubled quote stays inside, and so
// does a backslash-escaped one when `backslashes` (PostgreSQL's E'…').
qsizetype skipQuoted(const QString &s, qsizetype i, QChar quote, bool backslashes)
{
    const qsizetype n = s.size();
    qsizetype j = i + 1;
    while (j < n) {
        const QChar c = s.at(j);
        if (backslashes && c == QLatin1Char('\\')) {
            j += 2;
            continue;
        }
        if (c == quote) {
            if (j + 1 < n && s.at(j + 1) == quote) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        ++j;
    }
    return n;
}

} // namespace

QList<SqlSpan> splitSqlSpans(const QString &script)
{
    static const QRegularExpression triggerStart(
        QStringLiteral("^CREATE\\s+(OR\\s+REPLACE\\s+)?(TEMP\\s+|TEMPORARY\\s+)?"
                       "(TRIGGER|FUNCTION|PROCEDURE)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    QList<SqlSpan> out;
    const qsizetype n = script.size();
    qsizetype start = 0;
    qsizetype codeBegin = -1; // first character of the statement that is not a comment or space
    qsizetype codeEnd = -1;   // one past its last such character
    // BEGIN/CASE … END nesting inside a SQLite trigger body or a PostgreSQL BEGIN ATOMIC body.
    int blockDepth = 0;
    const auto flush = [&](qsizetype end) {
        if (codeBegin >= 0) {
            qsizetype b = start;
            while (b < end && script.at(b).isSpace())
                ++b;
            out.append({b, codeEnd});
        }
        start = end + 1;
        codeBegin = codeEnd = -1;
        blockDepth = 0;
    };
    const auto code = [&](qsizetype from, qsizetype to) {
        if (codeBegin < 0)
            codeBegin = from;
        codeEnd = to;
    };

    qsizetype i = 0;
    while (i < n) {
        const QChar c = script.at(i);
        if (c == QLatin1Char('\'') || c == QLatin1Char('"') || c == QLatin1Char('`')) {
            const bool escapes =
                c == QLatin1Char('\'') && i > 0 &&
                (script.at(i - 1) == QLatin1Char('E') || script.at(i - 1) == QLatin1Char('e')) &&
                (i < 2 || !isWordChar(script.at(i - 2)));
            const qsizetype j = skipQuoted(script, i, c, escapes);
            code(i, j);
            i = j;
        } else if (c == QLatin1Char('-') && i + 1 < n && script.at(i + 1) == QLatin1Char('-')) {
            const qsizetype end = script.indexOf(QLatin1Char('\n'), i);
            i = end < 0 ? n : end + 1;
        } else if (c == QLatin1Char('/') && i + 1 < n && script.at(i + 1) == QLatin1Char('*')) {
            const qsizetype end = script.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 2;
        } else if (c == QLatin1Char('$')) {
            // PostgreSQL dollar quoting: $tag$ … $tag$ (a tag never starts with a digit, so the
            // parameter $1 is not one).
            static const QRegularExpression tag(
                QStringLiteral("\\G\\$([A-Za-z_][A-Za-z_0-9]*)?\\$"));
            const auto m = (i > 0 && isWordChar(script.at(i - 1))) ? QRegularExpressionMatch()
                                                                   : tag.match(script, i);
            if (m.hasMatch()) {
                const qsizetype end = script.indexOf(m.captured(), i + m.capturedLength());
                const qsizetype j = end < 0 ? n : end + m.capturedLength();
                code(i, j);
                i = j;
            } else {
                code(i, i + 1);
                ++i;
            }
        } else if (c == QLatin1Char(';')) {
            if (blockDepth > 0) {
                code(i, i + 1);
                ++i;
                continue;
            }
            flush(i);
            ++i;
        } else if (c.isLetter() || c == QLatin1Char('_')) {
            const QString word = wordAt(script, i);
            const qsizetype len = qMax<qsizetype>(1, word.size());
            code(i, i + len);
            const bool opens = word == QLatin1String("BEGIN") || word == QLatin1String("CASE");
            const bool closes = word == QLatin1String("END") && blockDepth > 0;
            if ((opens || closes) &&
                triggerStart.match(script.mid(codeBegin, i - codeBegin)).hasMatch())
                blockDepth += opens ? 1 : -1;
            i += len;
        } else {
            if (!c.isSpace())
                code(i, i + 1);
            ++i;
        }
    }
    flush(n);
    return out;
}

QStringList splitSqlStatements(const QString &script)
{
    QStringList out;
    for (const SqlSpan &s : splitSqlSpans(script))
        out.append(script.mid(s.begin, s.end - s.begin));
    return out;
}

} // namespace bb::store::internal
