#include "cell_delegate.h"

#include "dbx/edit_buffer.h"
#include "dbx/table_model.h"

namespace bb::plugins::database {

QString CellDelegate::cellText(const QVariant &value)
{
    if (value.typeId() == QMetaType::QByteArray)
        return QStringLiteral("<%1 bytes>").arg(value.toByteArray().size());
    QString text = value.toString();
    // One line per cell: a newline would otherwise grow the row or show a glyph.
    text.replace(QLatin1Char('\n'), QChar(0x21b5));
    if (text.size() > kMaxShownChars)
        text = text.left(kMaxShownChars) + QChar(0x2026);
    return text;
}

void CellDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QPalette::ColorGroup group =
        option->state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor muted = option->palette.color(group, QPalette::PlaceholderText);
    if (!index.data(dbx::TableModel::LoadedRole).toBool()) {
        option->text = QStringLiteral("…");
        option->palette.setColor(QPalette::Text, muted);
        return;
    }
    if (index.data(dbx::TableModel::IsNullRole).toBool()) {
        option->text = QStringLiteral("NULL");
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text, muted);
    } else {
        option->text = cellText(index.data(dbx::TableModel::RawValueRole));
    }
    if (index.data(dbx::TableModel::IsDefaultRole).toBool()) {
        option->text = QStringLiteral("DEFAULT");
        option->font.setItalic(true);
        option->palette.setColor(QPalette::Text, muted);
    }
    // Staged changes, as Beekeeper Studio colours them: new green, edited amber, deleted red.
    QColor tint;
    switch (dbx::RowState(index.data(dbx::TableModel::RowStateRole).toInt())) {
    case dbx::RowState::Inserted:
        tint = QColor(0x2e, 0xa0, 0x43, 60);
        break;
    case dbx::RowState::Edited:
        if (index.data(dbx::TableModel::CellEditedRole).toBool())
            tint = QColor(0xd2, 0x99, 0x22, 90);
        break;
    case dbx::RowState::Deleted:
        tint = QColor(0xcf, 0x22, 0x2e, 50);
        option->font.setStrikeOut(true);
        break;
    case dbx::RowState::Unchanged:
        break;
    }
    if (!index.data(dbx::TableModel::RowErrorRole).toString().isEmpty())
        tint = QColor(0xcf, 0x22, 0x2e, 110);
    if (tint.isValid())
        option->backgroundBrush = tint;
}

} // namespace bb::plugins::database
