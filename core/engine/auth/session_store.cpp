#include "engine/auth/session_store.h"

#include "common/ids.h"
#include "engine/auth/sql_values.h"
#include "identity/opaque_token.h"

namespace bb::engine::auth {

QJsonObject Session::toJson() const
{
    return {{"id", id},
            {"createdAt", timeJson(createdAt)},
            {"lastUsedAt", timeJson(lastUsedAt)},
            {"expiresAt", timeJson(expiresAt)},
            {"ip", ip.isEmpty() ? QJsonValue() : QJsonValue(ip)},
            {"userAgent", userAgent.isEmpty() ? QJsonValue() : QJsonValue(userAgent)}};
}

SessionStore::SessionStore(store::Database &db)
    : m_db(db)
{}

namespace {

Result<QByteArray> issueToken(store::Database &db, QSqlDatabase &conn, const QString &sessionId)
{
    const QByteArray token = identity::newRefreshToken();
    auto r = db.exec(conn,
                     QStringLiteral("INSERT INTO _refresh_tokens (token_hash, session_id, "
                                    "issued_at) VALUES (?, ?, ?)"),
                     {QString::fromLatin1(identity::sha256Hex(token)), sessionId,
                      sqlTime(db.dialect(), nowUtc())});
    if (!r)
        return r.error();
    return token;
}

Session readSession(const QSqlQuery &q)
{
    Session s;
    s.id = q.value(0).toString();
    s.userId = q.value(1).toLongLong();
    s.createdAt = readTime(q.value(2));
    s.lastUsedAt = readTime(q.value(3));
    s.expiresAt = readTime(q.value(4));
    s.revokedAt = readTime(q.value(5));
    s.ip = q.value(6).toString();
    s.userAgent = q.value(7).toString();
    return s;
}

const QString kSessionColumns =
    QStringLiteral("id, user_id, created_at, last_used_at, expires_at, revoked_at, ip, user_agent");

} // namespace

Result<IssuedRefresh> SessionStore::open(QSqlDatabase &conn, qint64 userId, int lifetimeDays,
                                         const QString &ip, const QString &userAgent)
{
    const store::Dialect d = m_db.dialect();
    const QDateTime now = nowUtc();
    IssuedRefresh out;
    out.sessionId = QString::fromStdString(randomHexId(16));
    out.userId = userId;
    auto r = m_db.exec(conn,
                       QStringLiteral("INSERT INTO _sessions (id, user_id, created_at, "
                                      "last_used_at, expires_at, ip, user_agent) VALUES (?, ?, "
                                      "?, ?, ?, ?, ?)"),
                       {out.sessionId, userId, sqlTime(d, now), sqlTime(d, now),
                        sqlTime(d, now.addDays(lifetimeDays)), ip, userAgent.left(256)});
    if (!r)
        return r.error();
    auto token = issueToken(m_db, conn, out.sessionId);
    if (!token)
        return token.error();
    out.refreshToken = *token;
    return out;
}

Result<SessionStore::Rotation> SessionStore::rotate(QSqlDatabase &conn,
                                                    const QByteArray &refreshToken)
{
    Rotation out;
    const store::Dialect d = m_db.dialect();
    const QString hash = QString::fromLatin1(identity::sha256Hex(refreshToken));
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT t.spent_at, s.id, s.user_id, s.expires_at, "
                                      "s.revoked_at FROM _refresh_tokens t JOIN _sessions s ON "
                                      "s.id = t.session_id WHERE t.token_hash = ?"),
                       {hash});
    if (!q)
        return q.error();
    if (!q->next()) {
        q->finish();
        out.failure = RefreshFailure::Unknown;
        return out;
    }
    const bool spent = !q->value(0).isNull();
    out.issued.sessionId = q->value(1).toString();
    out.issued.userId = q->value(2).toLongLong();
    const QDateTime expires = readTime(q->value(3));
    const bool revoked = !q->value(4).isNull();
    q->finish();
    if (revoked) {
        out.failure = RefreshFailure::Revoked;
        return out;
    }
    if (spent) {
        if (auto r = revoke(conn, out.issued.sessionId, QStringLiteral("refresh token reused")); !r)
            return r.error();
        out.failure = RefreshFailure::Reused;
        return out;
    }
    const QDateTime now = nowUtc();
    if (expires.isValid() && expires <= now) {
        out.failure = RefreshFailure::Expired;
        return out;
    }
    if (auto r = m_db.exec(conn,
                           QStringLiteral("UPDATE _refresh_tokens SET spent_at = ? WHERE "
                                          "token_hash = ?"),
                           {sqlTime(d, now), hash});
        !r)
        return r.error();
    if (auto r =
            m_db.exec(conn, QStringLiteral("UPDATE _sessions SET last_used_at = ? WHERE id = ?"),
                      {sqlTime(d, now), out.issued.sessionId});
        !r)
        return r.error();
    auto token = issueToken(m_db, conn, out.issued.sessionId);
    if (!token)
        return token.error();
    out.issued.refreshToken = *token;
    return out;
}

Result<std::optional<QString>> SessionStore::sessionOf(QSqlDatabase &conn,
                                                       const QByteArray &refreshToken)
{
    auto id = m_db.scalar(conn,
                          QStringLiteral("SELECT session_id FROM _refresh_tokens WHERE "
                                         "token_hash = ?"),
                          {QString::fromLatin1(identity::sha256Hex(refreshToken))});
    if (!id)
        return id.error();
    if (id->isNull())
        return std::optional<QString>();
    return std::optional<QString>(id->toString());
}

Result<std::optional<Session>> SessionStore::byId(QSqlDatabase &conn, const QString &id)
{
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT ") + kSessionColumns +
                           QStringLiteral(" FROM _sessions WHERE id = ?"),
                       {id});
    if (!q)
        return q.error();
    std::optional<Session> out;
    if (q->next())
        out = readSession(*q);
    q->finish();
    return out;
}

Result<bool> SessionStore::revoke(QSqlDatabase &conn, const QString &sessionId,
                                  const QString &reason)
{
    auto r = m_db.exec(conn,
                       QStringLiteral("UPDATE _sessions SET revoked_at = ?, revoke_reason = ? "
                                      "WHERE id = ? AND revoked_at IS NULL"),
                       {sqlTime(m_db.dialect(), nowUtc()), reason, sessionId});
    if (!r)
        return r.error();
    return r->numRowsAffected() > 0;
}

Result<int> SessionStore::revokeAll(QSqlDatabase &conn, qint64 userId, const QString &reason)
{
    auto r = m_db.exec(conn,
                       QStringLiteral("UPDATE _sessions SET revoked_at = ?, revoke_reason = ? "
                                      "WHERE user_id = ? AND revoked_at IS NULL"),
                       {sqlTime(m_db.dialect(), nowUtc()), reason, userId});
    if (!r)
        return r.error();
    return r->numRowsAffected();
}

Result<QList<Session>> SessionStore::live(qint64 userId)
{
    QSqlDatabase conn = m_db.reader();
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT ") + kSessionColumns +
                           QStringLiteral(" FROM _sessions WHERE user_id = ? AND revoked_at IS "
                                          "NULL AND expires_at > ? ORDER BY created_at DESC"),
                       {userId, sqlTime(m_db.dialect(), nowUtc())});
    if (!q)
        return q.error();
    QList<Session> out;
    while (q->next())
        out << readSession(*q);
    q->finish();
    return out;
}

bool SessionStore::isRevoked(const QString &sessionId) const
{
    if (!m_anyRevoked.load(std::memory_order_acquire) || sessionId.isEmpty())
        return false;
    std::lock_guard lock(m_mutex);
    return m_revoked.contains(sessionId);
}

void SessionStore::markRevoked(const QStringList &sessionIds)
{
    if (sessionIds.isEmpty())
        return;
    std::lock_guard lock(m_mutex);
    for (const QString &id : sessionIds)
        m_revoked.insert(id);
    m_anyRevoked.store(true, std::memory_order_release);
}

} // namespace bb::engine::auth
