// bb::plugins::database — what the SQL editor offers at the cursor: after `name.` only the
// columns of that table (or of the table an alias stands for), else table names, the columns of
// the tables the statement mentions, and keywords. No widgets: the editor shows the list.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace bb::plugins::database {

struct Completion {
    QString prefix;           ///< the partial word before the cursor
    int prefixStart = 0;      ///< where it starts in the text
    QStringList candidates;   ///< sorted case-insensitively, without duplicates
    bool columnsOnly = false; ///< the cursor follows `name.`
};

class SqlCompletion {
public:
    /// `columns` maps each table (as named in the schema) to its columns.
    void setSchema(const QStringList &tables, const QHash<QString, QStringList> &columns);
    /// The candidates for the word ending at `cursor` in `text`.
    Completion at(const QString &text, int cursor) const;
    /// Aliases the statement text defines: `FROM albums a`, `JOIN artists AS ar` → {a: albums}.
    static QHash<QString, QString> aliases(const QString &text);

private:
    QString resolveTable(const QString &name, const QString &text) const;

    QStringList m_tables;
    QHash<QString, QStringList> m_columns; ///< by lower-case table name
    QHash<QString, QString> m_tableByLower;
};

} // namespace bb::plugins::database
