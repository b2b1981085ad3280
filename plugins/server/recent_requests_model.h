// bb::plugins::server — the live "recent requests" table: batched appends, bounded size.
#pragma once

#include "engine/engine.h"

#include <QAbstractTableModel>

#include <deque>
#include <vector>

namespace bb::plugins::server {

/// Keeps at most maxRows() of the newest requests. Each append() is one beginInsertRows batch,
/// preceded when needed by one beginRemoveRows batch for the oldest rows, so a view stays
/// responsive when the engine serves tens of thousands of requests a second.
class RecentRequestsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        MethodColumn,
        PathColumn,
        UserColumn,
        StatusColumn,
        DurationColumn,
        ColumnCount
    };
    enum Role { SeqRole = Qt::UserRole + 1, TraceIdRole, StatusRole };
    static constexpr int kDefaultMaxRows = 5000;

    explicit RecentRequestsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Appends requests (oldest first). Entries with seq <= lastSeq() are ignored, so polling
    /// twice over the same range never duplicates rows.
    void append(const std::vector<engine::RecentRequest> &batch);
    void clear();
    /// A new engine instance numbers its requests from 1 again.
    void restartSequence() { m_lastSeq = 0; }

    std::uint64_t lastSeq() const { return m_lastSeq; }
    int maxRows() const { return m_maxRows; }
    void setMaxRows(int rows);
    /// Total requests ever appended (including ones since dropped from the table).
    qint64 totalAppended() const { return m_totalAppended; }
    const engine::RecentRequest &at(int row) const { return m_rows.at(std::size_t(row)); }

private:
    void trimTo(int rows);

    std::deque<engine::RecentRequest> m_rows;
    std::uint64_t m_lastSeq = 0;
    int m_maxRows = kDefaultMaxRows;
    qint64 m_totalAppended = 0;
};

} // namespace bb::plugins::server
