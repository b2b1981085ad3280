#include "environment_model.h"

namespace bb::plugins::endpoints {

EnvironmentModel::EnvironmentModel(QObject *parent)
    : RowTableModel({tr("Variable"), tr("Value"), tr("Secret")}, tr("Add variable…"), parent)
{}

QVariant EnvironmentModel::cell(const workspace::Variable &v, int column, int role) const
{
    if (role == Qt::CheckStateRole && column == SecretColumn)
        return v.secret ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::DisplayRole) {
        if (column == NameColumn)
            return v.name;
        if (column == ValueColumn)
            return v.secret && !v.value.isEmpty() ? QString(8, QChar(0x2022)) : v.value;
        return {};
    }
    if (role == Qt::EditRole) {
        if (column == NameColumn)
            return v.name;
        if (column == ValueColumn)
            return v.value;
    }
    if (role == Qt::ToolTipRole && column == SecretColumn)
        return tr("A secret's value is kept in the system keychain, never in the workspace files");
    return {};
}

bool EnvironmentModel::setCell(workspace::Variable &v, int column, const QVariant &value, int role)
{
    if (role == Qt::CheckStateRole && column == SecretColumn)
        v.secret = value.toInt() == Qt::Checked;
    else if (role == Qt::EditRole && column == NameColumn)
        v.name = value.toString().trimmed();
    else if (role == Qt::EditRole && column == ValueColumn)
        v.value = value.toString();
    else
        return false;
    return true;
}

Qt::ItemFlags EnvironmentModel::cellFlags(int column, bool real) const
{
    // The secret switch is a check box only; the trailing row takes a name first.
    if (column == SecretColumn)
        return real ? Qt::ItemIsUserCheckable : Qt::NoItemFlags;
    return real || column == NameColumn ? Qt::ItemIsEditable : Qt::NoItemFlags;
}

} // namespace bb::plugins::endpoints
