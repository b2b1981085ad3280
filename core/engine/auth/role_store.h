// bb::engine::auth — the _roles table and the policy snapshot built from it. Requests read the
// snapshot without touching the database; every role change publishes a new one.
#pragma once

#include "common/result.h"
#include "identity/policy.h"
#include "store/database.h"

#include <QDateTime>
#include <QJsonObject>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>

namespace bb::engine::auth {

struct RoleRow {
    qint64 id = 0;
    identity::Role role;
    qint64 userCount = 0;
    QDateTime createdAt;
    QDateTime updatedAt;

    /// {id, name, description, permissions, builtIn, editable, userCount}.
    QJsonObject toJson() const;
};

class RoleStore {
public:
    explicit RoleStore(store::Database &db);

    /// Reads every role and publishes a new policy snapshot. Built-in admin, editor and viewer
    /// always mean what the code says, whatever their rows hold.
    Result<void> reload();
    /// The current snapshot; cheap (a per-thread copy is refreshed only after a change).
    std::shared_ptr<const identity::PolicyEvaluator> policy() const;

    Result<QList<RoleRow>> list();
    Result<std::optional<RoleRow>> byId(qint64 id);
    Result<std::optional<RoleRow>> byId(QSqlDatabase &conn, qint64 id);

    /// Conflict when the name is taken; Invalid for a bad name or permission.
    Result<RoleRow> create(QSqlDatabase &conn, const identity::Role &role);
    Result<RoleRow> update(QSqlDatabase &conn, qint64 id, const std::optional<QString> &name,
                           const std::optional<QString> &description);
    Result<RoleRow> setPermissions(QSqlDatabase &conn, qint64 id,
                                   const QList<identity::Permission> &permissions);
    Result<void> remove(QSqlDatabase &conn, qint64 id);

private:
    Result<QList<RoleRow>> read(QSqlDatabase &conn, const QString &where,
                                const QVariantList &params);
    void publish(std::shared_ptr<const identity::PolicyEvaluator> policy);

    store::Database &m_db;
    mutable std::mutex m_mutex;
    std::shared_ptr<const identity::PolicyEvaluator> m_policy;
    std::atomic<std::uint64_t> m_generation{0};
};

} // namespace bb::engine::auth
