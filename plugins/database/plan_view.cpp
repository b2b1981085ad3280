#include "plan_view.h"

#include "counted.h"
#include "dbx/plan_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

namespace bb::plugins::database {

namespace {

/// Tints the slowest node and full scans, and draws each node's share of the time under its
/// self time, as pgAdmin's graphical EXPLAIN does with its colours.
class PlanDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(dbx::PlanModel::SlowestRole).toBool()) {
            option->backgroundBrush = QColor(0xcf, 0x22, 0x2e, 70);
            option->font.setBold(true);
        } else if (index.data(dbx::PlanModel::FullScanRole).toBool() &&
                   index.column() == dbx::PlanModel::HintColumn) {
            option->palette.setColor(QPalette::Text, QColor(0xbf, 0x87, 0x00));
        }
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        if (index.column() == dbx::PlanModel::SelfMsColumn) {
            const double share = index.data(dbx::PlanModel::SelfFractionRole).toDouble();
            if (share > 0) {
                QRect bar = option.rect.adjusted(2, option.rect.height() - 5, -2, -2);
                bar.setWidth(std::max(1, int(bar.width() * std::min(share, 1.0))));
                painter->fillRect(bar, QColor(0xcf, 0x22, 0x2e, 160));
            }
        }
        QStyledItemDelegate::paint(painter, option, index);
    }
};

} // namespace

PlanView::PlanView(QWidget *parent)
    : QWidget(parent)
    , m_model(new dbx::PlanModel(this))
    , m_tree(new QTreeView(this))
    , m_summary(new QLabel(this))
{
    m_tree->setModel(m_model);
    m_tree->setItemDelegate(new PlanDelegate(m_tree));
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setStretchLastSection(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);
}

void PlanView::setPlan(const dbx::Plan &plan)
{
    m_model->setPlan(plan);
    m_tree->expandAll();
    const bool pg = plan.dialect == store::Dialect::Postgres;
    for (int c : {int(dbx::PlanModel::CostColumn), int(dbx::PlanModel::PlanRowsColumn)})
        m_tree->setColumnHidden(c, !pg);
    for (int c : {int(dbx::PlanModel::ActualRowsColumn), int(dbx::PlanModel::TotalMsColumn),
                  int(dbx::PlanModel::SelfMsColumn)})
        m_tree->setColumnHidden(c, !plan.analyzed);
    for (int c = 0; c < dbx::PlanModel::ColumnCount; ++c)
        m_tree->resizeColumnToContents(c);
    QStringList parts;
    parts << counted(plan.nodes.size(), "node", "nodes");
    if (plan.planningMs >= 0)
        parts << tr("planning %1 ms").arg(plan.planningMs, 0, 'f', 3);
    if (plan.executionMs >= 0)
        parts << tr("execution %1 ms").arg(plan.executionMs, 0, 'f', 3);
    if (plan.slowest >= 0) {
        const auto &n = plan.nodes[plan.slowest];
        parts << tr("slowest: %1 (%2 ms self)").arg(n.nodeType).arg(n.exclusiveMs, 0, 'f', 3);
    }
    m_summary->setText(parts.join(QStringLiteral(" · ")));
    const QModelIndex slowest = m_model->slowestIndex();
    if (slowest.isValid()) {
        m_tree->setCurrentIndex(slowest);
        m_tree->scrollTo(slowest);
    }
}

QString PlanView::summary() const
{
    return m_summary->text();
}

} // namespace bb::plugins::database
