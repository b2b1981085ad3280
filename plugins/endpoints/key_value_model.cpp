#include "key_value_model.h"

namespace bb::plugins::endpoints {

KeyValueModel::KeyValueModel(QObject *parent)
    : RowTableModel({tr("Name"), tr("Value")}, tr("Add…"), parent)
{}

QVariant KeyValueModel::cell(const workspace::KeyValue &kv, int column, int role) const
{
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    return column == NameColumn ? kv.name : kv.value;
}

bool KeyValueModel::setCell(workspace::KeyValue &kv, int column, const QVariant &value, int role)
{
    if (role != Qt::EditRole)
        return false;
    (column == NameColumn ? kv.name : kv.value) = value.toString();
    return true;
}

} // namespace bb::plugins::endpoints
