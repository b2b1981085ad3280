// bb::dbx — a Plan as a QAbstractItemModel tree for the plan view: one row per node, columns for
// the node, relation, costs, rows and times; the slowest node and full scans flagged by roles.
#pragma once
#include "dbx/explain_plan.h"
#include <QAbstractItemModel>

namespace bb::dbx {

class PlanModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column {
        NodeColumn,       ///< node type (SQLite: the detail text)
        RelationColumn,   ///< table (and index)
        CostColumn,       ///< "startup..total" (PostgreSQL)
        PlanRowsColumn,   ///< estimated rows (PostgreSQL)
        ActualRowsColumn, ///< actual rows × loops (ANALYZE)
        TotalMsColumn,    ///< inclusive time (ANALYZE)
        SelfMsColumn,     ///< exclusive time (ANALYZE)
        HintColumn,       ///< "full table scan", "uses index …"
        ColumnCount
    };
    enum Role {
        SlowestRole = Qt::UserRole + 1, ///< bool: the node with the largest exclusive time
        FullScanRole,                   ///< bool: reads every row of its table
        SelfFractionRole,               ///< double 0..1: exclusive time / execution time
        NodeIndexRole,                  ///< int: index in Plan::nodes
    };

    explicit PlanModel(QObject *parent = nullptr);

    void setPlan(Plan plan);
    const Plan &plan() const { return m_plan; }
    /// The index of the slowest node (invalid without ANALYZE), to select and scroll to.
    QModelIndex slowestIndex() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QModelIndex indexOfNode(int node, int column) const;
    const QList<int> &childrenOf(int node) const;

    Plan m_plan;
};

} // namespace bb::dbx
