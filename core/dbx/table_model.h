// bb::dbx — a QAbstractTableModel over a RowSource: the row count is the source's (estimated
// first), and rows fill in as their blocks arrive; no fetchMore, the view reports what it shows.
// With an EditBuffer attached, cells are editable and staged changes show through roles: new rows
// come first (model rows 0…insertedRows()-1), then the source's rows.
#pragma once
#include <QAbstractTableModel>

namespace bb::dbx {

class EditBuffer;
class RowSource;

class TableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        IsNullRole = Qt::UserRole + 1, ///< bool: the value is SQL NULL (DisplayRole is empty)
        RawValueRole,                  ///< the value as read, BLOBs as their bytes
        LoadedRole,                    ///< bool: the row's block has arrived
        RowStateRole,                  ///< int, a dbx::RowState (Unchanged without a buffer)
        CellEditedRole,                ///< bool: this cell has a staged value
        IsDefaultRole,                 ///< bool: a new row's cell left to the column default
        RowErrorRole,                  ///< QString: why the last apply failed on this row
        KeyRole,                       ///< the row's rowid or primary key (null under OFFSET)
    };

    /// `source` must outlive the model.
    explicit TableModel(RowSource *source, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The view calls this with the rows it shows (on scroll and resize); missing blocks are
    /// fetched, and asked for again after a reset.
    void setVisibleRange(int first, int last);

    /// Makes the cells editable through `buffer` (nullptr: read-only again). setData stages an
    /// edit, insertRows a new row (at the top), removeRows a deletion. The buffer must be over
    /// this model's source and outlive the model, or be detached first.
    void setEditBuffer(EditBuffer *buffer);
    EditBuffer *editBuffer() const { return m_buffer; }
    /// Staged new rows shown above the source's rows.
    int insertedRows() const { return m_inserted; }
    /// The source row behind model row `row`, -1 for a staged new row.
    qint64 sourceRow(int row) const { return row < m_inserted ? -1 : row - m_inserted; }

    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    /// Stages `count` new rows; they always go to the top whatever `row` says.
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    /// Stages deletions of loaded source rows; removes staged new rows. The rows stay visible
    /// (marked Deleted) until apply; returns false when any row could not be staged.
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

    /// How a value is shown: BLOBs as their size, NULL as nothing (see IsNullRole).
    static QVariant displayValue(const QVariant &value);

private:
    void onRowsArrived(qint64 first, qint64 last);
    void onRowCountChanged(qint64 count);
    void onRowsReset();
    int clampedCount() const;
    void onInsertAdded(int insertIndex);
    void onInsertRemoved(int insertIndex);
    void onBufferChanged();
    void onBufferCleared();
    QVariant insertedData(int insertIndex, int column, int role) const;

    RowSource *m_source;
    int m_rows = 0; ///< the count the view was last told about
    int m_first = -1, m_last = -1;
    EditBuffer *m_buffer = nullptr;
    int m_inserted = 0; ///< staged new rows the view was last told about
};

} // namespace bb::dbx
