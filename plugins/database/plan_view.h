// bb::plugins::database — a query plan as a tree (dbx::PlanModel): cost, rows and time per node,
// a bar for each node's share of the time, the slowest node highlighted and selected, full scans
// marked; a summary line with planning and execution time.
#pragma once

#include <QWidget>

class QLabel;
class QTreeView;

namespace bb::dbx {
class PlanModel;
struct Plan;
} // namespace bb::dbx

namespace bb::plugins::database {

class PlanView : public QWidget {
    Q_OBJECT
public:
    explicit PlanView(QWidget *parent = nullptr);

    void setPlan(const dbx::Plan &plan);
    dbx::PlanModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QString summary() const;

private:
    dbx::PlanModel *m_model;
    QTreeView *m_tree;
    QLabel *m_summary;
};

} // namespace bb::plugins::database
