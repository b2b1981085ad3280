#include "environment_model.h"

#include <QColor>

namespace bb::plugins::endpoints {

EnvironmentModel::EnvironmentModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void EnvironmentModel::setVariables(const QList<workspace::Variable> &variables)
{
    beginResetModel();
    m_vars = variables;
    endResetModel();
}

void EnvironmentModel::removeVariable(int row)
{
    if (row < 0 || row >= m_vars.size())
        return;
    beginRemoveRows({}, row, row);
    m_vars.removeAt(row);
    endRemoveRows();
    emit edited();
}

int EnvironmentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_vars.size()) + 1;
}

int EnvironmentModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EnvironmentModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.row() >= m_vars.size()) {
        if (role == Qt::DisplayRole && index.column() == NameColumn)
            return tr("Add variable…");
        if (role == Qt::ForegroundRole)
            return QColor(Qt::gray);
        return {};
    }
    const workspace::Variable &v = m_vars.at(index.row());
    if (role == Qt::CheckStateRole) {
        if (index.column() == NameColumn)
            return v.enabled ? Qt::Checked : Qt::Unchecked;
        if (index.column() == SecretColumn)
            return v.secret ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role == Qt::ForegroundRole && !v.enabled)
        return QColor(Qt::gray);
    if (role == Qt::DisplayRole) {
        if (index.column() == NameColumn)
            return v.name;
        if (index.column() == ValueColumn)
            return v.secret && !v.value.isEmpty() ? QString(8, QChar(0x2022)) : v.value;
        return {};
    }
    if (role == Qt::EditRole) {
        if (index.column() == NameColumn)
            return v.name;
        if (index.column() == ValueColumn)
            return v.value;
    }
    if (role == Qt::ToolTipRole && index.column() == SecretColumn)
        return tr("A secret's value is kept in the system keychain, never in the workspace files");
    return {};
}

bool EnvironmentModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid())
        return false;
    const int row = index.row();
    if (row >= m_vars.size()) {
        if (role != Qt::EditRole || index.column() != NameColumn || value.toString().isEmpty())
            return false;
        beginInsertRows({}, row, row);
        m_vars.append(workspace::Variable{});
        endInsertRows();
    }
    workspace::Variable &v = m_vars[row];
    if (role == Qt::CheckStateRole && index.column() == NameColumn)
        v.enabled = value.toInt() == Qt::Checked;
    else if (role == Qt::CheckStateRole && index.column() == SecretColumn)
        v.secret = value.toInt() == Qt::Checked;
    else if (role == Qt::EditRole && index.column() == NameColumn)
        v.name = value.toString().trimmed();
    else if (role == Qt::EditRole && index.column() == ValueColumn)
        v.value = value.toString();
    else
        return false;
    emit dataChanged(this->index(row, 0), this->index(row, ColumnCount - 1));
    emit edited();
    return true;
}

Qt::ItemFlags EnvironmentModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    const bool real = index.row() < m_vars.size();
    if (index.column() != SecretColumn && (real || index.column() == NameColumn))
        f |= Qt::ItemIsEditable;
    if (real && (index.column() == NameColumn || index.column() == SecretColumn))
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant EnvironmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Variable");
    case ValueColumn:
        return tr("Value");
    case SecretColumn:
        return tr("Secret");
    default:
        return {};
    }
}

} // namespace bb::plugins::endpoints
