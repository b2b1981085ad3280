// bb::engine::auth — login sessions and their refresh tokens (_sessions, _refresh_tokens).
// A session is one login; each refresh spends its token and issues the next, and presenting a
// spent token revokes the whole session (RFC 6819 §5.2.2.3, OAuth 2.0 Security BCP §4.14).
#pragma once

#include "common/result.h"
#include "store/database.h"

#include <QDateTime>
#include <QJsonObject>
#include <QSet>

#include <atomic>
#include <mutex>
#include <optional>

namespace bb::engine::auth {

struct Session {
    QString id;
    qint64 userId = 0;
    QDateTime createdAt;
    QDateTime lastUsedAt;
    QDateTime expiresAt;
    QDateTime revokedAt;
    QString ip;
    QString userAgent;

    /// {id, createdAt, lastUsedAt, expiresAt, ip, userAgent}.
    QJsonObject toJson() const;
};

/// A new refresh token and the session it belongs to.
struct IssuedRefresh {
    QString sessionId;
    qint64 userId = 0;
    QByteArray refreshToken;
};

enum class RefreshFailure {
    Unknown, ///< never issued (or its session was deleted)
    Reused,  ///< already spent: the session is now revoked
    Revoked, ///< the session was logged out or revoked
    Expired, ///< past the session's end
};

class SessionStore {
public:
    explicit SessionStore(store::Database &db);

    /// Starts a session for `userId` and returns its first refresh token.
    Result<IssuedRefresh> open(QSqlDatabase &conn, qint64 userId, int lifetimeDays,
                               const QString &ip, const QString &userAgent);
    /// The outcome of a refresh: `issued` is complete when `failure` is unset; otherwise
    /// `issued.sessionId` and `issued.userId` name the session when the token was known.
    struct Rotation {
        IssuedRefresh issued;
        std::optional<RefreshFailure> failure;
    };
    /// Spends `refreshToken` and issues the next one of the same session, or says why not.
    /// A reuse revokes the session inside the same transaction.
    Result<Rotation> rotate(QSqlDatabase &conn, const QByteArray &refreshToken);
    /// The session a refresh token belongs to, if the token was ever issued.
    Result<std::optional<QString>> sessionOf(QSqlDatabase &conn, const QByteArray &refreshToken);
    Result<std::optional<Session>> byId(QSqlDatabase &conn, const QString &id);

    /// Ends one session; its access tokens are refused from now on by this engine.
    Result<bool> revoke(QSqlDatabase &conn, const QString &sessionId, const QString &reason);
    /// Ends every live session of a user; returns how many.
    Result<int> revokeAll(QSqlDatabase &conn, qint64 userId, const QString &reason);
    /// Live (not revoked, not expired) sessions of a user, newest first.
    Result<QList<Session>> live(qint64 userId);

    /// True when `sessionId` was revoked since this engine started (checked per request; the
    /// token version covers revocations made by other engines and before a restart).
    bool isRevoked(const QString &sessionId) const;
    /// Call after the transaction that revoked sessions has committed.
    void markRevoked(const QStringList &sessionIds);

private:
    store::Database &m_db;
    mutable std::mutex m_mutex;
    QSet<QString> m_revoked;
    std::atomic<bool> m_anyRevoked{false};
};

} // namespace bb::engine::auth
