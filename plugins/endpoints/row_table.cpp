#include "row_table.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>

namespace bb::plugins::endpoints {

RowTable::RowTable(QAbstractItemModel *model, std::function<void(int)> removeRow, QWidget *parent)
    : QTableView(parent)
    , m_removeRow(std::move(removeRow))
{
    setModel(model);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setEditTriggers(QAbstractItemView::AllEditTriggers);
    setShowGrid(false);
    setAlternatingRowColors(true);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    horizontalHeader()->setStretchLastSection(true);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    horizontalHeader()->setDefaultSectionSize(fontMetrics().horizontalAdvance(QLatin1Char('m')) *
                                              16);
    auto *remove = new QAction(tr("Remove row"), this);
    connect(remove, &QAction::triggered, this, &RowTable::removeCurrent);
    addAction(remove);
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

void RowTable::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Delete && state() != QAbstractItemView::EditingState) {
        removeCurrent();
        return;
    }
    QTableView::keyPressEvent(event);
}

void RowTable::removeCurrent()
{
    if (currentIndex().isValid() && m_removeRow)
        m_removeRow(currentIndex().row());
}

} // namespace bb::plugins::endpoints
