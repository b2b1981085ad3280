#include "log_row_delegate.h"

#include "level_chips.h"
#include "logview/log_table_model.h"

#include <QApplication>
#include <QPainter>

namespace bb::plugins::logs {

QList<QPair<int, int>> LogRowDelegate::matches(const QString &text, const QStringList &terms)
{
    QList<QPair<int, int>> out;
    for (const QString &term : terms) {
        if (term.isEmpty())
            continue;
        for (qsizetype at = text.indexOf(term, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(term, at + term.size(), Qt::CaseInsensitive))
            out.append({int(at), int(term.size())});
    }
    std::sort(out.begin(), out.end());
    QList<QPair<int, int>> merged;
    for (const auto &m : out) {
        if (!merged.isEmpty() && m.first <= merged.last().first + merged.last().second) {
            const int end = qMax(merged.last().first + merged.last().second, m.first + m.second);
            merged.last().second = end - merged.last().first;
        } else {
            merged.append(m);
        }
    }
    return merged;
}

void LogRowDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    using logview::LogTableModel;
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const auto severity = logview::Severity(index.data(LogTableModel::SeverityRole).toInt());
    if (index.column() == LogTableModel::LevelColumn) {
        opt.palette.setColor(QPalette::Text, severityColor(severity));
        opt.font.setBold(severity >= logview::Severity::Warn);
        QStyledItemDelegate::paint(painter, opt, index);
        return;
    }
    if (index.column() != LogTableModel::MessageColumn || m_terms.isEmpty()) {
        QStyledItemDelegate::paint(painter, opt, index);
        return;
    }
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    // The same text rectangle and margin the style uses, so highlighted rows line up with the
    // others, and the text elided the same way before the matches are found in it.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect r = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget)
                        .adjusted(margin, 0, -margin, 0);
    const QString text = QFontMetrics(opt.font).elidedText(opt.text, opt.textElideMode, r.width());
    const auto found = matches(text, m_terms);
    if (found.isEmpty()) {
        QStyledItemDelegate::paint(painter, opt, index);
        return;
    }
    // Background and selection from the style, then the text with highlighted runs.
    opt.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    painter->save();
    painter->setClipRect(r);
    painter->setFont(opt.font);
    const QFontMetrics fm(opt.font);
    const int baseline = r.top() + (r.height() + fm.ascent() - fm.descent()) / 2;
    const bool selected = opt.state & QStyle::State_Selected;
    const QColor textColor =
        opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor mark(0xff, 0xd5, 0x4f);
    int x = r.left();
    int pos = 0;
    auto drawRun = [&](int from, int length, bool hit) {
        const QString run = text.mid(from, length);
        const int w = fm.horizontalAdvance(run);
        if (hit) {
            painter->fillRect(QRect(x, r.top() + 2, w, r.height() - 4), mark);
            painter->setPen(Qt::black);
        } else {
            painter->setPen(textColor);
        }
        painter->drawText(x, baseline, run);
        x += w;
    };
    for (const auto &[start, length] : found) {
        if (x > r.right())
            break;
        if (start > pos)
            drawRun(pos, start - pos, false);
        drawRun(start, length, true);
        pos = start + length;
    }
    if (pos < text.size() && x <= r.right())
        drawRun(pos, int(text.size()) - pos, false);
    painter->restore();
}

} // namespace bb::plugins::logs
