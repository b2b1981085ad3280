#include "engine/auth/api_key_store.h"

#include "engine/auth/sql_values.h"
#include "identity/opaque_token.h"

namespace bb::engine::auth {

namespace {
// last_used_at is a hint for people, so it is written at most once a minute per key rather
// than on every request.
constexpr qint64 kStampEveryMs = 60'000;
constexpr qsizetype kMaxKnownKeys = 10'000;

ApiKeyRow readKey(const QSqlQuery &q)
{
    ApiKeyRow k;
    k.id = q.value(0).toString();
    k.userId = q.value(1).toLongLong();
    k.name = q.value(2).toString();
    k.createdAt = readTime(q.value(3));
    k.lastUsedAt = readTime(q.value(4));
    k.revokedAt = readTime(q.value(5));
    return k;
}

const QString kKeyColumns =
    QStringLiteral("id, user_id, name, created_at, last_used_at, revoked_at");
} // namespace

QJsonObject ApiKeyRow::toJson() const
{
    return {{"id", id},
            {"name", name},
            {"prefix", QStringLiteral("bbk_%1_").arg(id)},
            {"createdAt", timeJson(createdAt)},
            {"lastUsedAt", timeJson(lastUsedAt)},
            {"revokedAt", timeJson(revokedAt)}};
}

ApiKeyStore::ApiKeyStore(store::Database &db)
    : m_db(db)
{}

Result<std::pair<ApiKeyRow, QByteArray>> ApiKeyStore::create(QSqlDatabase &conn, qint64 userId,
                                                             const QString &name)
{
    const identity::ApiKey key = identity::newApiKey();
    ApiKeyRow row;
    row.id = QString::fromLatin1(key.id);
    row.userId = userId;
    row.name = name;
    row.createdAt = nowUtc();
    auto r = m_db.exec(conn,
                       QStringLiteral("INSERT INTO _api_keys (id, user_id, name, secret_hash, "
                                      "created_at) VALUES (?, ?, ?, ?, ?)"),
                       {row.id, userId, name, QString::fromLatin1(identity::sha256Hex(key.secret)),
                        sqlTime(m_db.dialect(), row.createdAt)});
    if (!r)
        return r.error();
    return std::pair{row, key.text()};
}

Result<QList<ApiKeyRow>> ApiKeyStore::list(qint64 userId)
{
    QSqlDatabase conn = m_db.reader();
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT ") + kKeyColumns +
                           QStringLiteral(" FROM _api_keys WHERE user_id = ? ORDER BY created_at "
                                          "DESC, id"),
                       {userId});
    if (!q)
        return q.error();
    QList<ApiKeyRow> out;
    while (q->next())
        out << readKey(*q);
    q->finish();
    return out;
}

Result<std::optional<ApiKeyRow>> ApiKeyStore::revoke(QSqlDatabase &conn, qint64 userId,
                                                     const QString &keyId)
{
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT ") + kKeyColumns +
                           QStringLiteral(" FROM _api_keys WHERE id = ? AND user_id = ?"),
                       {keyId, userId});
    if (!q)
        return q.error();
    if (!q->next()) {
        q->finish();
        return std::optional<ApiKeyRow>();
    }
    ApiKeyRow before = readKey(*q);
    q->finish();
    if (!before.revokedAt.isValid()) {
        if (auto r =
                m_db.exec(conn, QStringLiteral("UPDATE _api_keys SET revoked_at = ? WHERE id = ?"),
                          {sqlTime(m_db.dialect(), nowUtc()), keyId});
            !r)
            return r.error();
    }
    return std::optional<ApiKeyRow>(before);
}

void ApiKeyStore::forget(const QString &keyId)
{
    std::lock_guard lock(m_mutex);
    m_known.remove(keyId.toLatin1());
}

Result<std::optional<qint64>> ApiKeyStore::verify(QByteArrayView text)
{
    auto key = identity::parseApiKey(text);
    if (!key)
        return std::optional<qint64>();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    {
        std::lock_guard lock(m_mutex);
        auto it = m_known.find(key->id);
        if (it != m_known.end()) {
            if (!identity::verifyApiKeySecret(key->secret, it->secretHash))
                return std::optional<qint64>();
            const qint64 userId = it->userId;
            if (nowMs - it->lastStampMs < kStampEveryMs)
                return std::optional<qint64>(userId);
            // Due for a stamp: fall through, which also re-checks revocation by other engines.
        }
    }
    QSqlDatabase conn = m_db.reader();
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT secret_hash, user_id FROM _api_keys WHERE id = ? "
                                      "AND revoked_at IS NULL"),
                       {QString::fromLatin1(key->id)});
    if (!q)
        return q.error();
    if (!q->next()) {
        q->finish();
        forget(QString::fromLatin1(key->id));
        return std::optional<qint64>();
    }
    const QByteArray hash = q->value(0).toString().toLatin1();
    const qint64 userId = q->value(1).toLongLong();
    q->finish();
    if (!identity::verifyApiKeySecret(key->secret, hash))
        return std::optional<qint64>();
    {
        std::lock_guard lock(m_mutex);
        if (m_known.size() >= kMaxKnownKeys)
            m_known.clear();
        m_known.insert(key->id, Known{hash, userId, nowMs});
    }
    // Best effort: a busy writer must not fail the request the key authenticates.
    (void)m_db.write<bool>(
        [this, &key, nowMs](QSqlDatabase &w) -> Result<bool> {
            auto r =
                m_db.exec(w, QStringLiteral("UPDATE _api_keys SET last_used_at = ? WHERE id = ?"),
                          {sqlTime(m_db.dialect(), QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC)),
                           QString::fromLatin1(key->id)});
            if (!r)
                return r.error();
            return true;
        },
        false);
    return std::optional<qint64>(userId);
}

} // namespace bb::engine::auth
