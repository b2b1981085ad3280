#include "edit_bar.h"

#include "code_highlighter.h"
#include "counted.h"
#include "dbx/edit_buffer.h"
#include "dbx/table_model.h"

#include <QApplication>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace bb::plugins::database {

EditBar::EditBar(dbx::EditBuffer *buffer, dbx::TableModel *model, QTableView *view, QWidget *parent)
    : QWidget(parent)
    , m_buffer(buffer)
    , m_model(model)
    , m_view(view)
    , m_add(new QPushButton(tr("Add row"), this))
    , m_delete(new QPushButton(tr("Delete rows"), this))
    , m_showSql(new QPushButton(tr("Preview SQL"), this))
    , m_apply(new QPushButton(tr("Apply"), this))
    , m_revert(new QPushButton(tr("Revert"), this))
    , m_message(new QLabel(this))
    , m_preview(new QPlainTextEdit(this))
{
    m_add->setToolTip(tr("Stage a new row at the top (Ctrl+N)"));
    m_delete->setToolTip(tr("Stage the selected rows for deletion (Delete)"));
    m_showSql->setCheckable(true);
    m_apply->setToolTip(tr("Run the staged changes in one transaction (Ctrl+S)"));
    m_revert->setToolTip(tr("Drop every staged change"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setReadOnly(true);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setMaximumHeight(140);
    m_preview->setObjectName(QStringLiteral("previewSql"));
    m_preview->hide();
    attachHighlighter(m_preview->document(), QStringLiteral("SQL"));

    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(6, 0, 6, 0);
    buttons->addWidget(m_add);
    buttons->addWidget(m_delete);
    buttons->addWidget(m_showSql);
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_revert);
    buttons->addWidget(m_apply);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_preview);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &EditBar::addRow);
    connect(m_delete, &QPushButton::clicked, this, &EditBar::deleteSelectedRows);
    connect(m_showSql, &QPushButton::toggled, this, &EditBar::setPreviewVisible);
    connect(m_apply, &QPushButton::clicked, this, &EditBar::apply);
    connect(m_revert, &QPushButton::clicked, this, &EditBar::revert);
    connect(buffer, &dbx::EditBuffer::changed, this, &EditBar::refresh);
    connect(buffer, &dbx::EditBuffer::cleared, this, &EditBar::refresh);
    connect(buffer, &dbx::EditBuffer::insertAdded, this, &EditBar::refresh);
    connect(buffer, &dbx::EditBuffer::insertRemoved, this, &EditBar::refresh);
    connect(buffer, &dbx::EditBuffer::applied, this, &EditBar::onApplied);

    auto shortcut = [this](QKeySequence keys, void (EditBar::*slot)()) {
        auto *s = new QShortcut(keys, m_view);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    if (!buffer->isReadOnly()) {
        shortcut(QKeySequence::Save, &EditBar::apply);
        shortcut(QKeySequence(Qt::CTRL | Qt::Key_N), &EditBar::addRow);
        shortcut(QKeySequence::Delete, &EditBar::deleteSelectedRows);
        m_view->setEditTriggers(QAbstractItemView::EditKeyPressed |
                                QAbstractItemView::AnyKeyPressed |
                                QAbstractItemView::SelectedClicked);
    }
    refresh();
}

QString EditBar::message() const
{
    return m_message->text();
}

void EditBar::setPreviewVisible(bool visible)
{
    m_showSql->setChecked(visible);
    m_preview->setVisible(visible);
    refresh();
}

void EditBar::addRow()
{
    if (m_buffer->isReadOnly())
        return;
    m_model->insertRows(0, 1);
    m_view->scrollToTop();
    m_view->setCurrentIndex(m_model->index(0, 0));
}

void EditBar::deleteSelectedRows()
{
    if (m_buffer->isReadOnly())
        return;
    QList<int> rows;
    for (const QModelIndex &i : m_view->selectionModel()->selectedIndexes())
        rows << i.row();
    if (rows.isEmpty() && m_view->currentIndex().isValid())
        rows << m_view->currentIndex().row();
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // From the bottom up, so removing a staged new row does not shift the ones still to go.
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
        m_model->removeRows(*it, 1);
    refresh();
}

void EditBar::apply()
{
    if (m_buffer->isReadOnly() || !m_buffer->hasChanges() || m_buffer->isApplying())
        return;
    // An open cell editor holds an edit that is not staged yet: taking its focus commits it.
    QWidget *focus = QApplication::focusWidget();
    if (focus && m_view->viewport()->isAncestorOf(focus))
        m_view->setFocus();
    m_buffer->apply();
    m_message->setText(tr("Applying…"));
    refresh();
}

void EditBar::revert()
{
    m_buffer->revert();
    m_message->clear();
    refresh();
}

void EditBar::onApplied(const dbx::ApplyResult &result)
{
    if (result.ok) {
        m_message->setStyleSheet({});
        m_message->setText(tr("Applied %1 in %2 ms")
                               .arg(counted(result.statements, "statement", "statements"))
                               .arg(result.durationMs, 0, 'f', 1));
    } else {
        const auto &e = result.error;
        QString where;
        if (e.kind == dbx::StagedChange::Kind::Insert)
            where = tr("new row %1").arg(e.insertIndex + 1);
        else
            where = tr("row with key %1").arg(e.key.toString());
        m_message->setStyleSheet(QStringLiteral("color: #cf222e;"));
        m_message->setText(tr("Nothing applied: %1 failed: %2").arg(where, e.message));
        // Bring the failing row into view; it is tinted by the delegate.
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (!m_model->index(row, 0).data(dbx::TableModel::RowErrorRole).toString().isEmpty()) {
                m_view->scrollTo(m_model->index(row, 0));
                break;
            }
            if (row > m_model->insertedRows() + 2000)
                break; // a loaded window is enough; the message names the row anyway
        }
    }
    refresh();
}

void EditBar::refresh()
{
    const bool readOnly = m_buffer->isReadOnly();
    const bool changes = m_buffer->hasChanges();
    const bool busy = m_buffer->isApplying();
    m_add->setEnabled(!readOnly && !busy);
    m_delete->setEnabled(!readOnly && !busy);
    m_showSql->setEnabled(!readOnly);
    m_apply->setEnabled(changes && !busy);
    m_revert->setEnabled(changes && !busy);
    if (readOnly) {
        m_message->setText(tr("Read-only: %1").arg(m_buffer->readOnlyReason()));
        m_message->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    } else if (changes && m_message->text().isEmpty()) {
        m_message->setStyleSheet({});
    }
    if (!changes && !busy && m_buffer->lastApply().ok == false &&
        m_message->text() == tr("Applying…"))
        m_message->clear();
    if (m_preview->isVisible())
        m_preview->setPlainText(changes ? m_buffer->previewSql() : tr("-- nothing staged"));
}

} // namespace bb::plugins::database
