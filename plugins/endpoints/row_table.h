// bb::plugins::endpoints — the table view every editable list of the request editor uses:
// compact rows, Del removes the selected row, a context menu does the same.
#pragma once

#include <QTableView>

#include <functional>

namespace bb::plugins::endpoints {

class RowTable : public QTableView {
    Q_OBJECT
public:
    /// `removeRow` is called with the row to delete (the models keep a trailing empty row, which
    /// they ignore).
    RowTable(QAbstractItemModel *model, std::function<void(int)> removeRow,
             QWidget *parent = nullptr);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void removeCurrent();

    std::function<void(int)> m_removeRow;
};

} // namespace bb::plugins::endpoints
