#include "dbx/sql_splitter.h"
#include "store/sql_script_p.h"
#include <algorithm>

namespace bb::dbx {

namespace {

// Line/column of every span, walking the script once instead of once per statement.
QList<SqlStatement> located(const QString &script, const QList<store::internal::SqlSpan> &spans,
                            int shift)
{
    QList<SqlStatement> out;
    out.reserve(spans.size());
    int line = 1;
    qsizetype lineStart = 0;
    qsizetype at = 0;
    for (const auto &span : spans) {
        const qsizetype begin = span.begin + shift;
        for (; at < begin; ++at) {
            if (script.at(at) == QLatin1Char('\n')) {
                ++line;
                lineStart = at + 1;
            }
        }
        SqlStatement st;
        st.begin = int(begin);
        st.end = int(span.end + shift);
        st.line = line;
        st.column = int(begin - lineStart) + 1;
        st.text = script.mid(st.begin, st.end - st.begin);
        out.append(std::move(st));
    }
    return out;
}

} // namespace

QList<SqlStatement> splitSql(const QString &script)
{
    return located(script, store::internal::splitSqlSpans(script), 0);
}

QList<SqlStatement> splitSqlSelection(const QString &script, int selectionBegin, int selectionEnd)
{
    const int b = std::clamp(std::min(selectionBegin, selectionEnd), 0, int(script.size()));
    const int e = std::clamp(std::max(selectionBegin, selectionEnd), 0, int(script.size()));
    return located(script, store::internal::splitSqlSpans(script.mid(b, e - b)), b);
}

int statementAt(const QList<SqlStatement> &statements, int cursor)
{
    if (statements.isEmpty())
        return -1;
    // The last statement that starts at or before the cursor: it contains the cursor, or the
    // cursor sits after it (on its ';' or the blank lines that follow).
    int found = -1;
    for (int i = 0; i < statements.size(); ++i) {
        if (statements[i].begin <= cursor)
            found = i;
        else
            break;
    }
    return found < 0 ? 0 : found;
}

SqlPosition positionOf(const QString &script, int offset)
{
    SqlPosition p;
    const int end = std::clamp(offset, 0, int(script.size()));
    int lineStart = 0;
    for (int i = 0; i < end; ++i) {
        if (script.at(i) == QLatin1Char('\n')) {
            ++p.line;
            lineStart = i + 1;
        }
    }
    p.column = end - lineStart + 1;
    return p;
}

} // namespace bb::dbx
