// bb::plugins::access — the audit log: filtered, newest first, paged, and live while shown.
#pragma once

#include "records.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QTimer>

#include <deque>

namespace bb::plugins::access {

class AdminApi;
struct ApiResponse;

struct AuditFilter {
    QString actor;  ///< an email or id; empty = anyone
    QString action; ///< e.g. user.update; empty = every action
    QDateTime since;
    QDateTime until;

    bool operator==(const AuditFilter &) const = default;
};

/// Newest entries first. reload() reads the first page, loadMore() the next (older) one, and
/// while live, poll() asks every kPollMs for entries newer than the newest shown
/// (`after=<id>`) and inserts them at the top in one batch. At most maxRows() are kept; the
/// oldest go first.
class AuditLogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        ActorColumn,
        ActionColumn,
        TargetColumn,
        IpColumn,
        ChangeColumn,
        ColumnCount
    };
    enum Role { EntryIdRole = Qt::UserRole + 1 };
    static constexpr int kPollMs = 2000;
    static constexpr int kPageSize = 100;
    static constexpr int kPollPageSize = 500;
    static constexpr int kDefaultMaxRows = 5000;

    explicit AuditLogModel(AdminApi *api, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setFilter(const AuditFilter &filter);
    const AuditFilter &filter() const { return m_filter; }
    void reload();
    /// The next older page, appended at the bottom; false when everything is shown.
    bool loadMore();
    bool canLoadMore() const { return m_loadedPages < m_totalPages; }
    void poll();

    /// Polls every kPollMs while on (the panel is visible).
    void setLive(bool live);
    bool isLive() const { return m_timer.isActive(); }

    const AuditEntry &at(int row) const { return m_rows.at(std::size_t(row)); }
    qint64 newestId() const { return m_rows.empty() ? 0 : m_rows.front().id; }
    qint64 totalItems() const { return m_totalItems; }
    int maxRows() const { return m_maxRows; }
    void setMaxRows(int rows) { m_maxRows = qMax(10, rows); }
    /// Inserts entries newer than newestId() at the top (any order in, newest first kept);
    /// the path poll() takes, open to tests.
    void prepend(const QList<AuditEntry> &entries);

signals:
    void reloaded();
    void liveChanged(bool live);
    void failed(const QString &message);

private:
    QUrlQuery baseQuery() const;
    void trim();

    AdminApi *m_api;
    AuditFilter m_filter;
    std::deque<AuditEntry> m_rows;
    QTimer m_timer;
    int m_maxRows = kDefaultMaxRows;
    int m_loadedPages = 0;
    int m_totalPages = 0;
    qint64 m_totalItems = 0;
    quint64 m_generation = 0;
    bool m_polling = false;
    bool m_loadingMore = false;
};

} // namespace bb::plugins::access
