// bb::plugins::access — the roles table and its changes (create, rename, delete).
#pragma once

#include "records.h"

#include <QAbstractTableModel>
#include <QList>

#include <functional>

namespace bb::plugins::access {

class AdminApi;

class RoleListModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { NameColumn, DescriptionColumn, UsersColumn, KindColumn, ColumnCount };
    enum Role { RoleIdRole = Qt::UserRole + 1 };

    explicit RoleListModel(AdminApi *api, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void reload();
    /// Replaces the roles (the answer of GET /api/admin/roles); also the path tests feed JSON.
    void setRoles(const QList<RoleRecord> &roles);
    const QList<RoleRecord> &roles() const { return m_roles; }
    RoleRecord roleAt(int row) const { return m_roles.value(row); }
    int rowOfRole(qint64 id) const;
    int rowOfName(const QString &name) const;
    QStringList names() const;

    /// Built-in roles keep their name and cannot be deleted; empty when the row may change.
    QString whyFixed(int row) const;

    /// Each calls `done(true)` after the server accepted it and the list was reloaded, or
    /// emits failed() with the server's message and calls `done(false)`.
    void createRole(const QString &name, const QString &description,
                    std::function<void(bool)> done = {});
    void renameRole(qint64 id, const QString &name, std::function<void(bool)> done = {});
    void deleteRole(qint64 id, std::function<void(bool)> done = {});

signals:
    void reloaded();
    void failed(const QString &message);
    /// A short success line for the status bar ("Role auditors created").
    void notice(const QString &message);

private:
    AdminApi *m_api;
    QList<RoleRecord> m_roles;
};

} // namespace bb::plugins::access
