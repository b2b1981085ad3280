#include "dbx/plan_model.h"
#include <QLocale>

namespace bb::dbx {

namespace {

QString ms(double v)
{
    return v < 0 ? QString() : QString::number(v, 'f', v < 10 ? 3 : 1);
}

QString count(double v)
{
    return v < 0 ? QString() : QLocale::c().toString(qint64(v + 0.5));
}

} // namespace

PlanModel::PlanModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void PlanModel::setPlan(Plan plan)
{
    beginResetModel();
    m_plan = std::move(plan);
    endResetModel();
}

const QList<int> &PlanModel::childrenOf(int node) const
{
    return node < 0 ? m_plan.roots : m_plan.nodes[node].children;
}

QModelIndex PlanModel::indexOfNode(int node, int column) const
{
    if (node < 0 || node >= m_plan.nodes.size())
        return {};
    const int row = int(childrenOf(m_plan.nodes[node].parent).indexOf(node));
    return createIndex(row, column, quintptr(node));
}

QModelIndex PlanModel::slowestIndex() const
{
    return indexOfNode(m_plan.slowest, 0);
}

QModelIndex PlanModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= ColumnCount)
        return {};
    if (parent.isValid() && parent.column() != 0)
        return {};
    const QList<int> &kids = childrenOf(parent.isValid() ? int(parent.internalId()) : -1);
    if (row < 0 || row >= kids.size())
        return {};
    return createIndex(row, column, quintptr(kids[row]));
}

QModelIndex PlanModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfNode(m_plan.nodes[int(child.internalId())].parent, 0);
}

int PlanModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(childrenOf(parent.isValid() ? int(parent.internalId()) : -1).size());
}

int PlanModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PlanModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const int at = int(index.internalId());
    const PlanNode &n = m_plan.nodes[at];
    switch (role) {
    case SlowestRole:
        return n.slowest;
    case FullScanRole:
        return n.fullScan;
    case NodeIndexRole:
        return at;
    case SelfFractionRole: {
        const double total = m_plan.executionMs > 0 ? m_plan.executionMs : -1;
        return total > 0 && n.exclusiveMs >= 0 ? std::min(1.0, n.exclusiveMs / total) : 0.0;
    }
    case Qt::ToolTipRole:
        return n.hint.isEmpty() ? n.detail : n.detail + QLatin1Char('\n') + n.hint;
    case Qt::TextAlignmentRole:
        return index.column() >= CostColumn && index.column() <= SelfMsColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant();
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (Column(index.column())) {
    case NodeColumn:
        return m_plan.dialect == store::Dialect::Sqlite ? n.detail : n.nodeType;
    case RelationColumn:
        return n.index.isEmpty() ? n.relation : QStringLiteral("%1 (%2)").arg(n.relation, n.index);
    case CostColumn:
        return n.totalCost < 0 ? QString()
                               : QStringLiteral("%1..%2")
                                     .arg(n.startupCost, 0, 'f', 2)
                                     .arg(n.totalCost, 0, 'f', 2);
    case PlanRowsColumn:
        return count(n.planRows);
    case ActualRowsColumn:
        if (n.actualRows < 0)
            return QString();
        return n.loops > 1 ? QStringLiteral("%1 × %2").arg(count(n.actualRows), count(n.loops))
                           : count(n.actualRows);
    case TotalMsColumn:
        return ms(n.inclusiveMs);
    case SelfMsColumn:
        return ms(n.exclusiveMs);
    case HintColumn:
        return n.hint;
    case ColumnCount:
        break;
    }
    return {};
}

QVariant PlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NodeColumn:
        return tr("Node");
    case RelationColumn:
        return tr("Relation");
    case CostColumn:
        return tr("Cost");
    case PlanRowsColumn:
        return tr("Est. rows");
    case ActualRowsColumn:
        return tr("Rows");
    case TotalMsColumn:
        return tr("Total ms");
    case SelfMsColumn:
        return tr("Self ms");
    case HintColumn:
        return tr("Hint");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace bb::dbx
