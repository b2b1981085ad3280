#include "sql_completion.h"

#include "sql_highlighter.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace bb::plugins::database {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

QString unquote(QString name)
{
    if (name.size() >= 2 &&
        (name.startsWith(QLatin1Char('"')) || name.startsWith(QLatin1Char('`')) ||
         name.startsWith(QLatin1Char('['))))
        name = name.mid(1, name.size() - 2);
    return name;
}

void sortUnique(QStringList &list)
{
    std::sort(list.begin(), list.end(), [](const QString &a, const QString &b) {
        const int c = a.compare(b, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a < b;
    });
    list.erase(std::unique(list.begin(), list.end()), list.end());
}

const QStringList &completionKeywords()
{
    static const QStringList words{QStringLiteral("SELECT"),       QStringLiteral("FROM"),
                                   QStringLiteral("WHERE"),        QStringLiteral("JOIN"),
                                   QStringLiteral("LEFT"),         QStringLiteral("INNER"),
                                   QStringLiteral("ON"),           QStringLiteral("GROUP BY"),
                                   QStringLiteral("ORDER BY"),     QStringLiteral("HAVING"),
                                   QStringLiteral("LIMIT"),        QStringLiteral("INSERT INTO"),
                                   QStringLiteral("VALUES"),       QStringLiteral("UPDATE"),
                                   QStringLiteral("SET"),          QStringLiteral("DELETE FROM"),
                                   QStringLiteral("CREATE TABLE"), QStringLiteral("CREATE INDEX"),
                                   QStringLiteral("DISTINCT"),     QStringLiteral("COUNT"),
                                   QStringLiteral("EXPLAIN"),      QStringLiteral("AND"),
                                   QStringLiteral("OR"),           QStringLiteral("NOT"),
                                   QStringLiteral("NULL"),         QStringLiteral("IS NULL"),
                                   QStringLiteral("LIKE"),         QStringLiteral("BETWEEN"),
                                   QStringLiteral("UNION"),        QStringLiteral("WITH")};
    return words;
}

} // namespace

void SqlCompletion::setSchema(const QStringList &tables, const QHash<QString, QStringList> &columns)
{
    m_tables = tables;
    m_columns.clear();
    m_tableByLower.clear();
    for (const QString &t : tables)
        m_tableByLower.insert(t.toLower(), t);
    for (auto it = columns.begin(); it != columns.end(); ++it)
        m_columns.insert(it.key().toLower(), it.value());
}

QHash<QString, QString> SqlCompletion::aliases(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral(
            R"((?:FROM|JOIN|UPDATE|INTO)\s+("[^"]+"|`[^`]+`|\[[^\]]+\]|[\w.]+)(?:\s+(?:AS\s+)?(\w+))?)"),
        QRegularExpression::CaseInsensitiveOption);
    QHash<QString, QString> out;
    auto it = re.globalMatch(text);
    while (it.hasNext()) {
        const auto m = it.next();
        QString table = unquote(m.captured(1));
        const qsizetype dot = table.lastIndexOf(QLatin1Char('.'));
        if (dot >= 0)
            table = table.mid(dot + 1); // schema.table
        out.insert(table.toLower(), table);
        const QString alias = m.captured(2);
        if (!alias.isEmpty() && !SqlHighlighter::isKeyword(alias))
            out.insert(alias.toLower(), table);
    }
    return out;
}

QString SqlCompletion::resolveTable(const QString &name, const QString &text) const
{
    const QString lower = unquote(name).toLower();
    if (m_tableByLower.contains(lower))
        return m_tableByLower.value(lower);
    const QString aliased = aliases(text).value(lower);
    return m_tableByLower.value(aliased.toLower());
}

Completion SqlCompletion::at(const QString &text, int cursor) const
{
    Completion out;
    cursor = std::clamp(cursor, 0, int(text.size()));
    int start = cursor;
    while (start > 0 && isWordChar(text[start - 1]))
        --start;
    out.prefixStart = start;
    out.prefix = text.mid(start, cursor - start);

    if (start > 0 && text[start - 1] == QLatin1Char('.')) {
        // `qualifier.` — only that table's columns.
        int q = start - 1;
        int qEnd = q;
        if (q > 0 && (text[q - 1] == QLatin1Char('"') || text[q - 1] == QLatin1Char('`'))) {
            const QChar quote = text[q - 1];
            const qsizetype open = text.lastIndexOf(quote, q - 2);
            q = open < 0 ? q : int(open);
        } else {
            while (q > 0 && isWordChar(text[q - 1]))
                --q;
        }
        const QString table = resolveTable(text.mid(q, qEnd - q), text);
        out.columnsOnly = true;
        for (const QString &c : m_columns.value(table.toLower()))
            if (c.startsWith(out.prefix, Qt::CaseInsensitive))
                out.candidates << c;
        sortUnique(out.candidates);
        return out;
    }

    QStringList all;
    for (const QString &t : m_tables)
        all << t;
    // Columns of the tables this script mentions, so `WHERE na` offers `name`.
    const auto mentioned = aliases(text);
    QSet<QString> seen;
    for (const QString &t : mentioned) {
        const QString lower = t.toLower();
        if (seen.contains(lower))
            continue;
        seen.insert(lower);
        all << m_columns.value(lower);
    }
    all << completionKeywords();
    for (const QString &c : std::as_const(all))
        if (c.startsWith(out.prefix, Qt::CaseInsensitive) &&
            c.compare(out.prefix, Qt::CaseInsensitive) != 0)
            out.candidates << c;
    sortUnique(out.candidates);
    return out;
}

} // namespace bb::plugins::database
