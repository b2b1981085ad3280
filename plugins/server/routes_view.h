// bb::plugins::server — the engine's routes and resources, each with "Copy as cURL".
#pragma once

#include <QWidget>

class QLabel;
class QTableView;

namespace bb::plugins::server {

class RouteTableModel;

class RoutesView : public QWidget {
    Q_OBJECT
public:
    explicit RoutesView(RouteTableModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    /// Copies the row's curl command to the clipboard and says so; returns the text.
    QString copyCurl(int row);

private:
    void rebuildButtons();
    void showContextMenu(const QPoint &pos);

    RouteTableModel *m_model;
    QTableView *m_table = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_feedback = nullptr;
};

} // namespace bb::plugins::server
