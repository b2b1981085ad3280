#include "filter_header.h"

#include <QLineEdit>
#include <QScrollBar>
#include <QTableView>

namespace bb::plugins::database {

FilterHeader::FilterHeader(QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent)
{
    setSectionsClickable(true);
    setSortIndicatorShown(true);
    setSortIndicator(-1, Qt::AscendingOrder);
    setHighlightSections(false);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &FilterHeader::filtersChanged);
    connect(this, &QHeaderView::sectionResized, this, &FilterHeader::placeEditors);
    connect(this, &QHeaderView::sectionMoved, this, &FilterHeader::placeEditors);
}

void FilterHeader::setColumns(const QStringList &columns)
{
    qDeleteAll(m_editors);
    m_editors.clear();
    m_columns = columns;
    for (int i = 0; i < columns.size(); ++i) {
        auto *edit = new QLineEdit(this);
        edit->setPlaceholderText(tr("Filter"));
        edit->setClearButtonEnabled(true);
        edit->setToolTip(tr("Text matches anywhere (case-insensitive); =, !=, <, <=, >, >= "
                            "compare, e.g. >=100"));
        edit->setAccessibleName(tr("Filter %1").arg(columns[i]));
        connect(edit, &QLineEdit::textEdited, this, [this] { m_debounce.start(); });
        connect(edit, &QLineEdit::returnPressed, this, [this] {
            m_debounce.stop();
            emit filtersChanged();
        });
        m_editors.append(edit);
        edit->show();
    }
    updateGeometry();
    placeEditors();
}

QList<dbx::ColumnFilter> FilterHeader::filters() const
{
    QList<dbx::ColumnFilter> out;
    for (int i = 0; i < m_editors.size(); ++i) {
        const QString text = m_editors[i]->text().trimmed();
        if (!text.isEmpty())
            out.append({m_columns[i], text});
    }
    return out;
}

void FilterHeader::setFilterText(int column, const QString &text)
{
    if (auto *edit = m_editors.value(column)) {
        edit->setText(text);
        m_debounce.stop();
        emit filtersChanged();
    }
}

void FilterHeader::showFilterError(int column, const QString &message)
{
    for (int i = 0; i < m_editors.size(); ++i) {
        const bool bad = i == column;
        m_editors[i]->setStyleSheet(bad ? QStringLiteral("QLineEdit { border: 1px solid #cf222e; }")
                                        : QString());
        m_editors[i]->setToolTip(bad ? message
                                     : tr("Text matches anywhere (case-insensitive); =, !=, <, "
                                          "<=, >, >= compare, e.g. >=100"));
    }
}

QSize FilterHeader::sizeHint() const
{
    QSize size = QHeaderView::sizeHint();
    if (!m_editors.isEmpty())
        size.setHeight(size.height() + m_editors.first()->sizeHint().height() + 2);
    return size;
}

void FilterHeader::updateGeometries()
{
    // The header draws its sections in the top part; the edits sit in a margin below them.
    const int editorHeight = m_editors.isEmpty() ? 0 : m_editors.first()->sizeHint().height() + 2;
    setViewportMargins(0, 0, 0, editorHeight);
    QHeaderView::updateGeometries();
    placeEditors();
}

void FilterHeader::placeEditors()
{
    if (m_editors.isEmpty())
        return;
    const int editorHeight = m_editors.first()->sizeHint().height();
    const int y = QHeaderView::sizeHint().height();
    for (int i = 0; i < m_editors.size(); ++i) {
        QLineEdit *edit = m_editors[i];
        if (isSectionHidden(i)) {
            edit->hide();
            continue;
        }
        const int x = sectionViewportPosition(i) + frameWidth();
        edit->setGeometry(x, y + 1, sectionSize(i), editorHeight);
        edit->show();
    }
}

} // namespace bb::plugins::database
