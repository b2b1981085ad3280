#include "routes_view.h"

#include "route_table_model.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace bb::plugins::server {

RoutesView::RoutesView(RouteTableModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("routesTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *h = m_table->horizontalHeader();
    const int charW = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    h->resizeSection(RouteTableModel::MethodColumn, charW * 9);
    h->resizeSection(RouteTableModel::PathColumn, charW * 36);
    h->resizeSection(RouteTableModel::ResourceColumn, charW * 12);
    h->setSectionResizeMode(RouteTableModel::SummaryColumn, QHeaderView::Stretch);
    h->setSectionResizeMode(RouteTableModel::CopyColumn, QHeaderView::ResizeToContents);

    m_summary = new QLabel(this);
    m_feedback = new QLabel(this);
    m_feedback->setObjectName(QStringLiteral("copyFeedback"));
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_summary);
    bar->addStretch(1);
    bar->addWidget(m_feedback);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_model, &QAbstractItemModel::modelReset, this, &RoutesView::rebuildButtons);
    connect(m_table, &QWidget::customContextMenuRequested, this, &RoutesView::showContextMenu);
    rebuildButtons();
}

void RoutesView::rebuildButtons()
{
    const int rows = m_model->rowCount();
    for (int row = 0; row < rows; ++row) {
        auto *b = new QToolButton;
        b->setObjectName(QStringLiteral("copyCurl-%1").arg(row));
        b->setText(tr("Copy as cURL"));
        b->setAutoRaise(true);
        b->setToolTip(m_model->curlForRow(row));
        connect(b, &QToolButton::clicked, this, [this, row] { copyCurl(row); });
        m_table->setIndexWidget(m_model->index(row, RouteTableModel::CopyColumn), b);
    }
    m_summary->setText(rows == 0 ? tr("Start the engine to see its routes.")
                                 : tr("%n route(s)", nullptr, rows) +
                                       tr(" · %n resource(s)", nullptr, m_model->resourceCount()));
}

QString RoutesView::copyCurl(int row)
{
    const QString text = m_model->curlForRow(row);
    if (text.isEmpty())
        return {};
    QApplication::clipboard()->setText(text);
    m_feedback->setText(tr("Copied: %1").arg(text));
    QTimer::singleShot(2500, m_feedback, [label = m_feedback] { label->clear(); });
    return text;
}

void RoutesView::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const int row = index.row();
    QMenu menu(this);
    menu.addAction(tr("Copy as cURL"), this, [this, row] { copyCurl(row); });
    menu.addAction(tr("Copy URL"), this, [this, row] {
        QApplication::clipboard()->setText(m_model->baseUrl() + m_model->route(row).pattern);
    });
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

} // namespace bb::plugins::server
