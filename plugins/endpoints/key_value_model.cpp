#include "key_value_model.h"

#include <QColor>

namespace bb::plugins::endpoints {

KeyValueModel::KeyValueModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void KeyValueModel::setItems(const QList<workspace::KeyValue> &items)
{
    beginResetModel();
    m_items = items;
    endResetModel();
}

void KeyValueModel::removeItem(int row)
{
    if (row < 0 || row >= m_items.size())
        return;
    beginRemoveRows({}, row, row);
    m_items.removeAt(row);
    endRemoveRows();
    emit edited();
}

int KeyValueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size()) + 1;
}

int KeyValueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeyValueModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const bool placeholder = index.row() >= m_items.size();
    if (placeholder) {
        if (role == Qt::DisplayRole)
            return index.column() == NameColumn ? tr("Add…") : QVariant();
        if (role == Qt::ForegroundRole)
            return QColor(Qt::gray);
        return {};
    }
    const workspace::KeyValue &kv = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return index.column() == NameColumn ? kv.name : kv.value;
    case Qt::CheckStateRole:
        if (index.column() == NameColumn)
            return kv.enabled ? Qt::Checked : Qt::Unchecked;
        return {};
    case Qt::ForegroundRole:
        return kv.enabled ? QVariant() : QVariant(QColor(Qt::gray));
    default:
        return {};
    }
}

bool KeyValueModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid())
        return false;
    const int row = index.row();
    if (row >= m_items.size()) {
        // Typing into the placeholder row creates the pair; an empty edit creates nothing.
        if (role != Qt::EditRole || value.toString().isEmpty())
            return false;
        beginInsertRows({}, row + 1, row + 1);
        m_items.append(workspace::KeyValue{});
        endInsertRows();
    }
    workspace::KeyValue &kv = m_items[row];
    if (role == Qt::CheckStateRole && index.column() == NameColumn) {
        kv.enabled = value.toInt() == Qt::Checked;
    } else if (role == Qt::EditRole) {
        (index.column() == NameColumn ? kv.name : kv.value) = value.toString();
    } else {
        return false;
    }
    emit dataChanged(this->index(row, 0), this->index(row, ColumnCount - 1));
    emit edited();
    return true;
}

Qt::ItemFlags KeyValueModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    if (index.column() == NameColumn && index.row() < m_items.size())
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant KeyValueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Name") : tr("Value");
}

} // namespace bb::plugins::endpoints
