#include "form_field_model.h"

#include <QColor>
#include <QFileInfo>

namespace bb::plugins::endpoints {

FormFieldModel::FormFieldModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void FormFieldModel::setFields(const QList<workspace::FormField> &fields)
{
    beginResetModel();
    m_fields = fields;
    endResetModel();
}

void FormFieldModel::ensureRow(int row)
{
    if (row < m_fields.size())
        return;
    beginInsertRows({}, int(m_fields.size()), row);
    while (m_fields.size() <= row)
        m_fields.append(workspace::FormField{});
    endInsertRows();
}

void FormFieldModel::setFile(int row, const QString &path)
{
    if (row < 0 || path.isEmpty())
        return;
    ensureRow(row);
    workspace::FormField &f = m_fields[row];
    f.filePath = path;
    f.value.clear();
    if (f.name.isEmpty())
        f.name = QStringLiteral("file");
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit edited();
}

void FormFieldModel::removeField(int row)
{
    if (row < 0 || row >= m_fields.size())
        return;
    beginRemoveRows({}, row, row);
    m_fields.removeAt(row);
    endRemoveRows();
    emit edited();
}

int FormFieldModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size()) + 1;
}

int FormFieldModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FormFieldModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.row() >= m_fields.size()) {
        if (role == Qt::DisplayRole && index.column() == NameColumn)
            return tr("Add…");
        if (role == Qt::ForegroundRole)
            return QColor(Qt::gray);
        return {};
    }
    const workspace::FormField &f = m_fields.at(index.row());
    if (role == Qt::CheckStateRole && index.column() == NameColumn)
        return f.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::ForegroundRole && !f.enabled)
        return QColor(Qt::gray);
    if (role == Qt::ToolTipRole && index.column() == FileColumn)
        return f.filePath;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return f.name;
    case ValueColumn:
        return f.value;
    case FileColumn:
        return role == Qt::DisplayRole && !f.filePath.isEmpty() ? QFileInfo(f.filePath).fileName()
                                                                : f.filePath;
    case ContentTypeColumn:
        return f.contentType;
    default:
        return {};
    }
}

bool FormFieldModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid())
        return false;
    const int row = index.row();
    if (row >= m_fields.size() && (role != Qt::EditRole || value.toString().isEmpty()))
        return false;
    ensureRow(row);
    workspace::FormField &f = m_fields[row];
    if (role == Qt::CheckStateRole && index.column() == NameColumn) {
        f.enabled = value.toInt() == Qt::Checked;
    } else if (role == Qt::EditRole) {
        const QString text = value.toString();
        switch (index.column()) {
        case NameColumn:
            f.name = text;
            break;
        case ValueColumn:
            // A part is text or a file, never both.
            f.value = text;
            if (!text.isEmpty())
                f.filePath.clear();
            break;
        case FileColumn:
            f.filePath = text;
            if (!text.isEmpty())
                f.value.clear();
            break;
        case ContentTypeColumn:
            f.contentType = text;
            break;
        }
    } else {
        return false;
    }
    emit dataChanged(this->index(row, 0), this->index(row, ColumnCount - 1));
    emit edited();
    return true;
}

Qt::ItemFlags FormFieldModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    if (index.column() == NameColumn && index.row() < m_fields.size())
        f |= Qt::ItemIsUserCheckable;
    return f;
}

QVariant FormFieldModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case ValueColumn:
        return tr("Text value");
    case FileColumn:
        return tr("File");
    case ContentTypeColumn:
        return tr("Content type");
    default:
        return {};
    }
}

} // namespace bb::plugins::endpoints
