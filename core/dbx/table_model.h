// bb::dbx — a QAbstractTableModel over a RowSource: the row count is the source's (estimated
// first), and rows fill in as their blocks arrive; no fetchMore, the view reports what it shows.
#pragma once
#include <QAbstractTableModel>

namespace bb::dbx {

class RowSource;

class TableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        IsNullRole = Qt::UserRole + 1, ///< bool: the value is SQL NULL (DisplayRole is empty)
        RawValueRole,                  ///< the value as read, BLOBs as their bytes
        LoadedRole,                    ///< bool: the row's block has arrived
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

    /// How a value is shown: BLOBs as their size, NULL as nothing (see IsNullRole).
    static QVariant displayValue(const QVariant &value);

private:
    void onRowsArrived(qint64 first, qint64 last);
    void onRowCountChanged(qint64 count);
    void onRowsReset();
    int clampedCount() const;

    RowSource *m_source;
    int m_rows = 0; ///< the count the view was last told about
    int m_first = -1, m_last = -1;
};

} // namespace bb::dbx
