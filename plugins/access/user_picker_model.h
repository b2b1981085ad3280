// bb::plugins::access — "who": anonymous or one user found by a server-side search.
#pragma once

#include "records.h"

#include <QAbstractListModel>
#include <QTimer>

namespace bb::plugins::access {

class AdminApi;

/// Row 0 is always "Anonymous (no credentials)"; the rest are the first kLimit users matching
/// the search, asked of the server (never the whole user list).
class UserPickerModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { UserIdRole = Qt::UserRole + 1, EmailRole };
    static constexpr int kLimit = 25;

    explicit UserPickerModel(AdminApi *api, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    /// Debounced like the users table.
    void setSearch(const QString &text);
    /// Asks now (tests, first load).
    void searchNow();
    QString search() const { return m_search; }
    /// 0 for anonymous.
    qint64 userIdAt(int row) const { return row <= 0 ? 0 : m_users.value(row - 1).id; }
    UserRecord userAt(int row) const { return row <= 0 ? UserRecord() : m_users.value(row - 1); }
    int rowOfUser(qint64 id) const;

signals:
    void searched();
    void failed(const QString &message);

private:
    AdminApi *m_api;
    QString m_search;
    QList<UserRecord> m_users;
    QTimer m_debounce;
    quint64 m_generation = 0;
};

} // namespace bb::plugins::access
