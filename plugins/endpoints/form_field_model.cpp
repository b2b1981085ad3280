#include "form_field_model.h"

#include <QFileInfo>

namespace bb::plugins::endpoints {

FormFieldModel::FormFieldModel(QObject *parent)
    : RowTableModel({tr("Name"), tr("Text value"), tr("File"), tr("Content type")}, tr("Add…"),
                    parent)
{}

void FormFieldModel::setFile(int row, const QString &path)
{
    if (row < 0 || path.isEmpty())
        return;
    ensureRow(row);
    workspace::FormField &f = m_rows[row];
    f.filePath = path;
    f.value.clear();
    if (f.name.isEmpty())
        f.name = QStringLiteral("file");
    rowEdited(row);
}

QVariant FormFieldModel::cell(const workspace::FormField &f, int column, int role) const
{
    if (role == Qt::ToolTipRole && column == FileColumn)
        return f.filePath;
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (column) {
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

bool FormFieldModel::setCell(workspace::FormField &f, int column, const QVariant &value, int role)
{
    if (role != Qt::EditRole)
        return false;
    const QString text = value.toString();
    switch (column) {
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
    return true;
}

} // namespace bb::plugins::endpoints
