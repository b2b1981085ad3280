#include "result_set_model.h"

#include "dbx/table_model.h"

namespace bb::plugins::database {

ResultSetModel::ResultSetModel(QStringList columns, QList<QVariantList> rows, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(std::move(columns))
    , m_rows(std::move(rows))
{}

int ResultSetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ResultSetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ResultSetModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const QVariant value = m_rows[index.row()].value(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return dbx::TableModel::displayValue(value);
    case dbx::TableModel::RawValueRole:
        return value;
    case dbx::TableModel::IsNullRole:
        return value.isNull();
    case dbx::TableModel::LoadedRole:
        return true;
    default:
        return {};
    }
}

QVariant ResultSetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    return m_columns.value(section);
}

} // namespace bb::plugins::database
