#include "schema_tree_model.h"

#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include <algorithm>

namespace bb::plugins::database {

namespace {

QStandardItem *node(const QString &text, SchemaTreeModel::Kind kind, const QString &table = {})
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setData(int(kind), SchemaTreeModel::KindRole);
    if (!table.isEmpty())
        item->setData(table, SchemaTreeModel::TableRole);
    return item;
}

QStandardItem *detail(const QString &text)
{
    auto *item = new QStandardItem(text);
    item->setEditable(false);
    item->setForeground(QGuiApplication::palette().color(QPalette::PlaceholderText));
    return item;
}

} // namespace

SchemaTreeModel::SchemaTreeModel(QObject *parent)
    : QStandardItemModel(parent)
{
    setHorizontalHeaderLabels({tr("Name"), tr("Detail")});
}

QString SchemaTreeModel::estimateText(qint64 estimate)
{
    if (estimate < 0)
        return {};
    return tr("~%1 rows").arg(QLocale().toString(estimate));
}

void SchemaTreeModel::setSchema(const dbx::SchemaTree &tree)
{
    removeRows(0, rowCount());
    m_tables.clear();
    m_columns.clear();

    for (const dbx::SchemaNamespace &ns : tree.schemas) {
        auto *root = node(ns.name, Kind::Schema);
        root->setData(ns.name, SchemaRole);
        auto *tables = node(tr("Tables"), Kind::Group);
        auto *views = node(tr("Views"), Kind::Group);
        const bool defaultSchema = ns.name == tree.defaultSchema || tree.schemas.size() == 1;
        for (const dbx::SchemaTable &t : ns.tables) {
            // Names outside the default schema are completed qualified.
            const QString name = defaultSchema ? t.name : ns.name + QLatin1Char('.') + t.name;
            m_tables << name;
            QStringList cols;
            auto *item = node(t.name, t.isView ? Kind::View : Kind::Table, t.name);
            item->setData(ns.name, SchemaRole);
            item->setData(t.name.startsWith(QLatin1Char('_')), SystemRole);
            auto *columns = node(tr("Columns"), Kind::Group, t.name);
            for (const auto &c : t.columns) {
                cols << c.name;
                QStringList facts;
                if (!c.type.isEmpty())
                    facts << c.type;
                if (c.primaryKey)
                    facts << QStringLiteral("PK");
                if (!c.nullable && !c.primaryKey)
                    facts << QStringLiteral("NOT NULL");
                if (c.hasDefault && !c.defaultSql.isEmpty())
                    facts << QStringLiteral("DEFAULT %1").arg(c.defaultSql);
                columns->appendRow({node(c.name, Kind::Column, t.name), detail(facts.join(u' '))});
            }
            m_columns.insert(name.toLower(), cols);
            if (!defaultSchema)
                m_columns.insert(t.name.toLower(), cols);
            item->appendRow({columns, detail(QString::number(t.columns.size()))});
            if (!t.indexes.isEmpty()) {
                auto *indexes = node(tr("Indexes"), Kind::Group, t.name);
                for (const auto &ix : t.indexes) {
                    auto *ixNode = node(ix.name, Kind::Index, t.name);
                    ixNode->setData(ns.name, SchemaRole);
                    indexes->appendRow(
                        {ixNode, detail((ix.unique ? QStringLiteral("UNIQUE ") : QString()) +
                                        QStringLiteral("(%1)").arg(ix.columns.join(u", ")))});
                }
                item->appendRow({indexes, detail(QString::number(t.indexes.size()))});
            }
            if (!t.foreignKeys.isEmpty()) {
                auto *fks = node(tr("Foreign keys"), Kind::Group, t.name);
                for (const auto &fk : t.foreignKeys)
                    fks->appendRow({node(fk.columns.join(u", "), Kind::ForeignKey, t.name),
                                    detail(QStringLiteral("→ %1(%2)")
                                               .arg(fk.refTable, fk.refColumns.join(u", ")))});
                item->appendRow({fks, detail(QString::number(t.foreignKeys.size()))});
            }
            if (!t.triggers.isEmpty()) {
                auto *triggers = node(tr("Triggers"), Kind::Group, t.name);
                for (const auto &trigger : t.triggers) {
                    auto *trNode = node(trigger.name, Kind::Trigger, t.name);
                    trNode->setData(ns.name, SchemaRole);
                    triggers->appendRow(
                        {trNode,
                         detail(QStringList{trigger.timing, trigger.event}.join(u' ').trimmed())});
                }
                item->appendRow({triggers, detail(QString::number(t.triggers.size()))});
            }
            auto *suffix = detail(t.isView ? tr("view") : estimateText(t.rowEstimate));
            if (!t.rowEstimateSource.isEmpty())
                suffix->setToolTip(tr("Estimate from %1").arg(t.rowEstimateSource));
            (t.isView ? views : tables)->appendRow({item, suffix});
        }
        root->appendRow({tables, detail(QString::number(tables->rowCount()))});
        if (views->rowCount() > 0)
            root->appendRow({views, detail(QString::number(views->rowCount()))});
        else
            delete views;
        appendRow({root, detail({})});
    }
    std::sort(m_tables.begin(), m_tables.end(), [](const QString &a, const QString &b) {
        return a.compare(b, Qt::CaseInsensitive) < 0;
    });
}

QHash<QString, QStringList> SchemaTreeModel::columnsByTable() const
{
    QHash<QString, QStringList> out;
    for (const QString &t : m_tables)
        out.insert(t, m_columns.value(t.toLower()));
    return out;
}

QStringList SchemaTreeModel::columnNames(const QString &table) const
{
    return m_columns.value(table.toLower());
}

QModelIndex SchemaTreeModel::indexOfTable(const QString &name) const
{
    const QModelIndexList hits =
        match(index(0, 0), TableRole, name, -1, Qt::MatchExactly | Qt::MatchRecursive);
    for (const QModelIndex &hit : hits) {
        const auto kind = Kind(hit.data(KindRole).toInt());
        if (kind == Kind::Table || kind == Kind::View)
            return hit;
    }
    return {};
}

} // namespace bb::plugins::database
