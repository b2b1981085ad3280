// bb::engine::auth — the append-only audit trail (_audit_log) of every admin change: who, what,
// on what, a before/after summary, from where and when. Entries are written inside the same
// transaction as the change, so a change without its entry cannot be committed.
#pragma once

#include "common/result.h"
#include "store/database.h"

#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace bb::engine::auth {

/// Who made a change, as the audit log records it.
struct Actor {
    std::optional<qint64> id; ///< the user, or none for the engine itself
    QString name;             ///< the user's email, or "system"
    QString ip;
};

struct AuditEntry {
    qint64 id = 0;
    QDateTime ts;
    std::optional<qint64> actorId;
    QString actor;
    QString action; ///< e.g. "user.update"
    QString target; ///< e.g. "user:42 (ana@example.com)"
    QJsonObject before;
    QJsonObject after;
    QString ip;

    /// {id, ts, actorId, actor, action, target, before, after, ip}.
    QJsonObject toJson() const;
};

struct AuditQuery {
    QString actor;  ///< contained in the actor's name
    QString action; ///< exact, or a prefix ending in '.' ("user.")
    QDateTime since;
    QDateTime until;
    qint64 after = 0; ///< only entries with a larger id
    int page = 1;
    int perPage = 50;
};

struct AuditPage {
    QList<AuditEntry> items; ///< newest first
    qint64 total = 0;
};

class AuditLog {
public:
    explicit AuditLog(store::Database &db);

    Result<void> append(QSqlDatabase &conn, const Actor &actor, const QString &action,
                        const QString &target, const QJsonObject &before = {},
                        const QJsonObject &after = {});
    Result<AuditPage> query(const AuditQuery &query);

private:
    store::Database &m_db;
};

} // namespace bb::engine::auth
