#include "cell_delegate.h"

#include "dbx/table_model.h"
#include "grid_roles.h"


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
    const QPalette::ColorGroup group = option->state & QStyle::State_Enabled
                                           ? QPalette::Normal
                                           : QPalette::Disabled;
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
    const QVariant state = index.data(StagedStateRole);
    if (state.isValid()) {
        QColor tint;
        switch (StagedState(state.toInt())) {
        case StagedState::Inserted:
            tint = QColor(0x2e, 0xa0, 0x43);
            break;
        case StagedState::Updated:
            tint = QColor(0xd2, 0x99, 0x22);
            break;
        case StagedState::Deleted:
            tint = QColor(0xcf, 0x22, 0x2e);
            option->font.setStrikeOut(true);
            break;
        case StagedState::None:
            break;
        }
        if (tint.isValid()) {
            tint.setAlpha(60);
            option->backgroundBrush = tint;
        }
    }
    if (index.data(RowErrorRole).isValid()) {
        QColor error(0xcf, 0x22, 0x2e);
        error.setAlpha(90);
        option->backgroundBrush = error;
    }
}

} // namespace bb::plugins::database
