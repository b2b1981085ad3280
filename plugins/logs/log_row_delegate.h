// bb::plugins::logs — paints log rows: the level in its colour, and in the message column every
// case-insensitive match of the query's `~` terms on a highlight.
#pragma once

#include <QStringList>
#include <QStyledItemDelegate>

namespace bb::plugins::logs {

class LogRowDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void setTerms(const QStringList &terms) { m_terms = terms; }
    QStringList terms() const { return m_terms; }
    /// Where the terms occur in `text` as (start, length), sorted and merged.
    static QList<QPair<int, int>> matches(const QString &text, const QStringList &terms);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

private:
    QStringList m_terms;
};

} // namespace bb::plugins::logs
