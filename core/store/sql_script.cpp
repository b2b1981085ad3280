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

} // namespace

QStringList splitSqlStatements(const QString &script)
{
    static const QRegularExpression triggerStart(
        QStringLiteral("^\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TRIGGER\\b"),
        QRegularExpression::CaseInsensitiveOption);
    QStringList out;
    qsizetype start = 0;
    int blockDepth = 0; // BEGIN/CASE … END nesting inside a SQLite trigger body
    const auto flush = [&](qsizetype end) {
        const QString stmt = script.mid(start, end - start).trimmed();
        if (!stmt.isEmpty())
            out.append(stmt);
        start = end + 1;
        blockDepth = 0;
    };

    qsizetype i = 0;
    const qsizetype n = script.size();
    while (i < n) {
        const QChar c = script.at(i);
        if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            qsizetype j = i + 1;
            while (j < n) {
                if (script.at(j) == c) {
                    if (j + 1 < n && script.at(j + 1) == c) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            i = j + 1;
        } else if (c == QLatin1Char('-') && i + 1 < n && script.at(i + 1) == QLatin1Char('-')) {
            const qsizetype end = script.indexOf(QLatin1Char('\n'), i);
            i = end < 0 ? n : end + 1;
        } else if (c == QLatin1Char('/') && i + 1 < n && script.at(i + 1) == QLatin1Char('*')) {
            const qsizetype end = script.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 2;
        } else if (c == QLatin1Char('$')) {
            // PostgreSQL dollar quoting: $tag$ … $tag$
            static const QRegularExpression tag(QStringLiteral("\\G\\$[A-Za-z_0-9]*\\$"));
            const auto m = tag.match(script, i);
            if (m.hasMatch()) {
                const qsizetype end = script.indexOf(m.captured(), i + m.capturedLength());
                i = end < 0 ? n : end + m.capturedLength();
            } else {
                ++i;
            }
        } else if (c == QLatin1Char(';')) {
            if (blockDepth > 0) {
                ++i;
                continue;
            }
            flush(i);
            ++i;
        } else if (c.isLetter()) {
            const QString word = wordAt(script, i);
            const bool opens = word == QLatin1String("BEGIN") || word == QLatin1String("CASE");
            const bool closes = word == QLatin1String("END") && blockDepth > 0;
            if ((opens || closes) && triggerStart.match(script.mid(start, i - start)).hasMatch())
                blockDepth += opens ? 1 : -1;
            i += qMax<qsizetype>(1, word.size());
        } else {
            ++i;
        }
    }
    flush(n);
    return out;
}

} // namespace bb::store::internal
