// bb::engine::auth — API keys (_api_keys): "bbk_<id>_<secret>", shown once, kept as SHA-256 of
// the secret, revocable. Verified keys are remembered in memory so a request does not query
// the database; a revoke through this engine forgets them at once.
#pragma once

#include "common/result.h"
#include "store/database.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>

#include <mutex>
#include <optional>

namespace bb::engine::auth {

struct ApiKeyRow {
    QString id;
    qint64 userId = 0;
    QString name;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime revokedAt;

    /// {id, name, prefix, createdAt, lastUsedAt, revokedAt}; prefix is "bbk_<id>_".
    QJsonObject toJson() const;
};

class ApiKeyStore {
public:
    explicit ApiKeyStore(store::Database &db);

    /// A new key for `userId`; the second member is the full key, to show once.
    Result<std::pair<ApiKeyRow, QByteArray>> create(QSqlDatabase &conn, qint64 userId,
                                                    const QString &name);
    Result<QList<ApiKeyRow>> list(qint64 userId);
    /// Revokes the key when it belongs to `userId`; the row before, or nullopt when unknown.
    Result<std::optional<ApiKeyRow>> revoke(QSqlDatabase &conn, qint64 userId,
                                            const QString &keyId);
    /// Call after the revoking transaction committed.
    void forget(const QString &keyId);

    /// The owner of a valid, unrevoked key, or nullopt. Malformed text never reaches the
    /// database.
    Result<std::optional<qint64>> verify(QByteArrayView text);

private:
    struct Known {
        QByteArray secretHash;
        qint64 userId;
        qint64 lastStampMs;
    };
    store::Database &m_db;
    std::mutex m_mutex;
    QHash<QByteArray, Known> m_known;
};

} // namespace bb::engine::auth
