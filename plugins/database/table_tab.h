// bb::plugins::database — one table or view in a tab: the lazy grid (dbx::TableModel over a
// RowSource) with row numbers, a filter row, sorting by header click, the value viewer, and a
// status line with the estimated or exact count, "Count rows" (cancellable) and the paging note;
// edits are staged in a dbx::EditBuffer and applied from the EditBar below the grid.
#pragma once

#include "common/result.h"
#include "store/database.h"

#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableView;
class QVBoxLayout;

namespace bb::dbx {
class EditBuffer;
class RowSource;
class TableModel;
} // namespace bb::dbx

namespace bb::plugins::database {

class EditBar;
class FilterHeader;

class TableTab : public QWidget {
    Q_OBJECT
public:
    /// Opens `table` of `db`; the error says why it cannot be browsed.
    static Result<TableTab *> open(std::shared_ptr<store::Database> db, const QString &table,
                                   QWidget *parent = nullptr);
    ~TableTab() override;

    const QString &tableName() const { return m_table; }
    QTableView *view() const { return m_view; }
    FilterHeader *filterHeader() const { return m_header; }
    dbx::RowSource *source() const { return m_source.get(); }
    dbx::TableModel *model() const { return m_model; }
    /// The status line as shown ("~1,200 rows (estimated)", "1,187 rows", "Counting…").
    QString statusText() const;
    /// How rows are paged, when it matters (OFFSET for views and keyless tables), else empty.
    QString pagingNoteText() const;
    /// The last error (bad filter, failed fetch), empty when none.
    QString errorText() const;
    dbx::EditBuffer *editBuffer() const { return m_buffer; }
    EditBar *editBar() const { return m_editBar; }

    /// Sorts by `column` (-1: the table's own order); the header shows it.
    void sortBy(int column, Qt::SortOrder order);
    /// Starts or cancels the exact COUNT(*).
    void toggleCount();
    /// Opens the value viewer on `index` (double-click, Shift+Enter).
    void showValue(const QModelIndex &index);
    /// Scrolls so that `row` is visible and asks for its rows.
    void scrollToRow(int row);

signals:
    void statusChanged();

protected:
    /// Tooltips on the grid: why applying a row failed, or the whole of a cut value.
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    TableTab(std::shared_ptr<store::Database> db, std::unique_ptr<dbx::RowSource> source,
             QWidget *parent);
    void applyQuery();
    void requestVisibleRows();
    void updateStatus();
    void setError(const QString &message);

    std::shared_ptr<store::Database> m_db;
    std::unique_ptr<dbx::RowSource> m_source;
    QString m_table;
    dbx::TableModel *m_model;
    QTableView *m_view;
    FilterHeader *m_header;
    QLabel *m_status;
    QLabel *m_paging;
    QLabel *m_error;
    QPushButton *m_count;
    dbx::EditBuffer *m_buffer;
    EditBar *m_editBar;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace bb::plugins::database
