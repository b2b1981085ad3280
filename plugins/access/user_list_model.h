// bb::plugins::access — the users table: paged and searched by the server, loaded lazily in
// blocks as the view scrolls, with a bounded cache.
#pragma once

#include "records.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

#include <optional>

namespace bb::plugins::access {

class AdminApi;
struct ApiResponse;

/// rowCount() is the server's totalItems, so the scroll bar is true for 100,000 users while at
/// most maxBlocks() blocks of blockSize() rows are held (Keycloak #18183: never a request per
/// user, never the whole list). Rows not loaded yet read "loading…"; asking for one queues its
/// block. At most kMaxInFlight requests run and only the newest kMaxQueued wanted blocks wait,
/// so a fast scroll does not pile up requests for rows already gone by. A generation counter,
/// bumped by a new search or reload, drops answers that belong to an older question.
class UserListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        EmailColumn,
        NameColumn,
        RolesColumn,
        StatusColumn,
        CreatedColumn,
        LastLoginColumn,
        ColumnCount
    };
    enum Role { UserIdRole = Qt::UserRole + 1, LoadedRole };

    static constexpr int kDefaultBlockSize = 200;
    static constexpr int kDefaultMaxBlocks = 20;
    static constexpr int kSearchDebounceMs = 250;
    static constexpr int kMaxInFlight = 2;
    static constexpr int kMaxQueued = 6;

    explicit UserListModel(AdminApi *api, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Debounced: the question is asked kSearchDebounceMs after the last keystroke.
    void setSearch(const QString &text);
    QString search() const { return m_search; }
    /// Asks the pending search now (Enter in the search field, tests).
    void applySearch();
    /// Forgets every loaded row and asks again, keeping the row count until the answer
    /// (after an edit, F5, or a new target).
    void reload();

    /// Queues the blocks that hold rows first..last, nearest first (the view's viewport).
    void ensureRowsLoaded(int first, int last);
    bool isRowLoaded(int row) const;
    std::optional<UserRecord> userAt(int row) const;
    /// The row of a loaded user, or -1.
    int rowOfUser(qint64 id) const;
    /// Replaces a loaded user's row after an edit, so the table shows it without a reload.
    void updateUser(const UserRecord &user);

    /// The server's count for the current search; 0 until the first answer.
    qint64 totalItems() const { return m_total; }
    bool hasAnswered() const { return m_answered; }
    bool isLoading() const { return !m_inFlight.isEmpty(); }
    quint64 generation() const { return m_generation; }

    int blockSize() const { return m_blockSize; }
    int maxBlocks() const { return m_maxBlocks; }
    int maxCachedRows() const { return m_blockSize * m_maxBlocks; }
    /// Tests and tuning; takes effect on the next reload.
    void setBlockSize(int rows);
    void setMaxBlocks(int blocks) { m_maxBlocks = qMax(2, blocks); }
    int cachedBlockCount() const { return int(m_blocks.size()); }
    int cachedRowCount() const;
    /// Answers dropped because a newer search or reload replaced their question.
    int staleRepliesDropped() const { return m_staleDropped; }

signals:
    void totalChanged(qint64 total);
    void loadingChanged(bool loading);
    /// The server's message when a block could not be loaded.
    void failed(const QString &message);

private:
    void requestBlock(int block);
    void schedulePump();
    void pump();
    void fetch(int block);
    void onBlock(quint64 generation, int block, const ApiResponse &response);
    void setTotal(qint64 total);
    void evict();
    void startGeneration(bool resetRows);

    AdminApi *m_api;
    QString m_search;
    QString m_pendingSearch;
    QTimer m_debounce;
    bool m_pumpScheduled = false;

    int m_blockSize = kDefaultBlockSize;
    int m_maxBlocks = kDefaultMaxBlocks;
    QHash<int, QList<UserRecord>> m_blocks;
    QSet<int> m_inFlight;
    QSet<int> m_failed;   ///< not asked again until a reload, so an error cannot loop
    QList<int> m_wanted;  ///< newest first
    int m_focusBlock = 0; ///< the block the view looked at last; eviction keeps its neighbours
    qint64 m_total = 0;
    bool m_answered = false;
    quint64 m_generation = 0;
    int m_staleDropped = 0;
};

} // namespace bb::plugins::access
