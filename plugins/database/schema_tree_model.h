// bb::plugins::database — the schema tree of one connection: schema → Tables / Views → each
// table's columns, indexes, foreign keys and triggers, with the row estimate as a muted suffix.
#pragma once

#include "dbx/schema_tree.h"

#include <QStandardItemModel>

namespace bb::plugins::database {

class SchemaTreeModel : public QStandardItemModel {
    Q_OBJECT
public:
    enum class Kind { Schema, Group, Table, View, Column, Index, ForeignKey, Trigger };
    enum Role {
        KindRole = Qt::UserRole + 1, ///< int Kind
        TableRole,                   ///< QString: the table or view this node belongs to
        SchemaRole,                  ///< QString: the schema (namespace) the node is in
        SystemRole,                  ///< bool: an engine system table (name starts with '_')
    };

    explicit SchemaTreeModel(QObject *parent = nullptr);

    /// Rebuilds the tree from `tree`: one root per schema ("main", "public", …).
    void setSchema(const dbx::SchemaTree &tree);
    /// Every table and view name, sorted (for the SQL completer).
    QStringList tableNames() const { return m_tables; }
    /// Every table's columns, keyed by table name as listed in tableNames().
    QHash<QString, QStringList> columnsByTable() const;
    /// The columns of `table` (any case), empty when unknown.
    QStringList columnNames(const QString &table) const;
    /// The node of table or view `name`, invalid when absent.
    QModelIndex indexOfTable(const QString &name) const;

    /// "~1.2k rows" style suffix for an estimate; empty when unknown.
    static QString estimateText(qint64 estimate);

private:
    QStringList m_tables;
    QHash<QString, QStringList> m_columns; ///< by lower-case table name
};

} // namespace bb::plugins::database
