// bb::plugins::database — how a grid cell looks: NULL as a muted italic "NULL", BLOBs as
// "<n bytes>", long text cut with "…", rows still loading as a muted placeholder, and staged
// edits tinted (inserted green, edited cells amber, deleted red struck through, a failed row red).
#pragma once

#include <QStyledItemDelegate>

namespace bb::plugins::database {

class CellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    /// Text longer than this is cut with "…"; the value viewer shows all of it.
    static constexpr int kMaxShownChars = 200;

    using QStyledItemDelegate::QStyledItemDelegate;

    /// The text a cell shows for `value` (not NULL): BLOBs as "<n bytes>", long text cut.
    static QString cellText(const QVariant &value);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace bb::plugins::database
