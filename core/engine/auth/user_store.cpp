#include "engine/auth/user_store.h"

#include "engine/auth/sql_values.h"
#include "store/filter.h"

#include <QJsonArray>
#include <QSqlRecord>

namespace bb::engine::auth {

namespace {

const QString kColumns = QStringLiteral(
    "id, email, display_name, disabled, locked_until, created_at, last_login_at, token_version, "
    "failed_logins, local_admin, password_hash");

User readUser(const QSqlQuery &q)
{
    User u;
    u.id = q.value(0).toLongLong();
    u.email = q.value(1).toString();
    u.displayName = q.value(2).toString();
    u.disabled = q.value(3).toBool();
    u.lockedUntil = readTime(q.value(4));
    u.createdAt = readTime(q.value(5));
    u.lastLoginAt = readTime(q.value(6));
    u.tokenVersion = q.value(7).toInt();
    u.failedLogins = q.value(8).toInt();
    u.localAdmin = q.value(9).toBool();
    u.passwordHash = q.value(10).toString().toUtf8();
    return u;
}

QString likePattern(const QString &text)
{
    return QLatin1Char('%') + store::escapeLike(text.toLower()) + QLatin1Char('%');
}

} // namespace

QJsonObject User::toJson() const
{
    return {{"id", double(id)},
            {"email", email},
            {"displayName", displayName.isEmpty() ? QJsonValue() : QJsonValue(displayName)},
            {"roles", QJsonArray::fromStringList(roles)},
            {"disabled", disabled},
            {"lockedUntil", lockedAt(nowUtc()) ? timeJson(lockedUntil) : QJsonValue()},
            {"createdAt", timeJson(createdAt)},
            {"lastLoginAt", timeJson(lastLoginAt)}};
}

QString normalizeEmail(const QString &email)
{
    return email.trimmed().toLower();
}

QString emailProblem(const QString &email)
{
    const QString e = email.trimmed();
    if (e.isEmpty())
        return QStringLiteral("is required");
    if (e.size() > 254)
        return QStringLiteral("must be at most 254 characters");
    const qsizetype at = e.indexOf(QLatin1Char('@'));
    if (at <= 0 || at != e.lastIndexOf(QLatin1Char('@')) || at == e.size() - 1)
        return QStringLiteral("must be an address like name@example.com");
    for (const QChar c : e)
        if (c.isSpace() || c.unicode() < 0x20)
            return QStringLiteral("must not contain spaces");
    return {};
}

UserStore::UserStore(store::Database &db)
    : m_db(db)
{}

Result<std::optional<User>> UserStore::one(QSqlDatabase &conn, const QString &where,
                                           const QVariant &value)
{
    auto q = m_db.exec(
        conn, QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM _users WHERE ") + where,
        {value});
    if (!q)
        return q.error();
    if (!q->next()) {
        q->finish();
        return std::optional<User>();
    }
    QList<User> users{readUser(*q)};
    q->finish();
    if (auto r = loadRoles(conn, users); !r)
        return r.error();
    return std::optional<User>(users.front());
}

Result<std::optional<User>> UserStore::byId(qint64 id)
{
    QSqlDatabase conn = m_db.reader();
    return one(conn, QStringLiteral("id = ?"), id);
}

Result<std::optional<User>> UserStore::byId(QSqlDatabase &conn, qint64 id)
{
    return one(conn, QStringLiteral("id = ?"), id);
}

Result<std::optional<User>> UserStore::byEmail(const QString &email)
{
    QSqlDatabase conn = m_db.reader();
    return one(conn, QStringLiteral("email = ?"), normalizeEmail(email));
}

Result<std::optional<User>> UserStore::localAdmin()
{
    QSqlDatabase conn = m_db.reader();
    return one(conn, QStringLiteral("local_admin = ?"), sqlBool(m_db.dialect(), true));
}

Result<void> UserStore::loadRoles(QSqlDatabase &conn, QList<User> &users)
{
    if (users.isEmpty())
        return {};
    // One query for the whole page, never one per user (Keycloak #18183).
    QStringList marks;
    QVariantList ids;
    for (const User &u : users) {
        marks << QStringLiteral("?");
        ids << u.id;
    }
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT ur.user_id, r.name FROM _user_roles ur "
                                      "JOIN _roles r ON r.id = ur.role_id WHERE ur.user_id IN (") +
                           marks.join(QLatin1Char(',')) + QStringLiteral(") ORDER BY r.name"),
                       ids);
    if (!q)
        return q.error();
    QHash<qint64, QStringList> byUser;
    while (q->next())
        byUser[q->value(0).toLongLong()] << q->value(1).toString();
    q->finish();
    for (User &u : users)
        u.roles = byUser.value(u.id);
    return {};
}

Result<UserPage> UserStore::search(const UserQuery &query)
{
    QStringList where;
    QVariantList params;
    if (!query.text.trimmed().isEmpty()) {
        const QString like = likePattern(query.text.trimmed());
        where << QStringLiteral("(lower(email) LIKE ? ESCAPE '\\' OR lower(coalesce(display_name, "
                                "'')) LIKE ? ESCAPE '\\')");
        params << like << like;
    }
    if (!query.role.isEmpty()) {
        where << QStringLiteral("id IN (SELECT ur.user_id FROM _user_roles ur JOIN _roles r ON "
                                "r.id = ur.role_id WHERE r.name = ?)");
        params << query.role;
    }
    if (query.disabled) {
        where << QStringLiteral("disabled = ?");
        params << sqlBool(m_db.dialect(), *query.disabled);
    }
    const QString whereSql = where.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));

    QSqlDatabase conn = m_db.reader();
    auto count =
        m_db.scalar(conn, QStringLiteral("SELECT COUNT(*) FROM _users") + whereSql, params);
    if (!count)
        return count.error();
    UserPage page;
    page.total = count->toLongLong();

    QVariantList pageParams = params;
    pageParams << qint64(query.perPage) << qint64(query.page - 1) * query.perPage;
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM _users") +
                           whereSql + QStringLiteral(" ORDER BY email LIMIT ? OFFSET ?"),
                       pageParams);
    if (!q)
        return q.error();
    while (q->next())
        page.items << readUser(*q);
    q->finish();
    if (auto r = loadRoles(conn, page.items); !r)
        return r.error();
    return page;
}

Result<qint64> UserStore::countWithRole(const QString &role, bool excludeLocalAdmin)
{
    QSqlDatabase conn = m_db.reader();
    QString sql = QStringLiteral("SELECT COUNT(*) FROM _users u JOIN _user_roles ur ON ur.user_id "
                                 "= u.id JOIN _roles r ON r.id = ur.role_id WHERE r.name = ? AND "
                                 "u.disabled = ?");
    QVariantList params{role, sqlBool(m_db.dialect(), false)};
    if (excludeLocalAdmin) {
        sql += QStringLiteral(" AND u.local_admin = ?");
        params << sqlBool(m_db.dialect(), false);
    }
    auto n = m_db.scalar(conn, sql, params);
    if (!n)
        return n.error();
    return n->toLongLong();
}

Result<void> UserStore::setRoles(QSqlDatabase &conn, qint64 id, const QStringList &roles)
{
    if (auto r = m_db.exec(conn, QStringLiteral("DELETE FROM _user_roles WHERE user_id = ?"), {id});
        !r)
        return r.error();
    for (const QString &role : roles) {
        auto roleId =
            m_db.scalar(conn, QStringLiteral("SELECT id FROM _roles WHERE name = ?"), {role});
        if (!roleId)
            return roleId.error();
        if (roleId->isNull())
            return Error::invalid(QStringLiteral("there is no role called '%1'").arg(role));
        if (auto r = m_db.exec(conn,
                               QStringLiteral("INSERT INTO _user_roles (user_id, role_id) VALUES "
                                              "(?, ?) ON CONFLICT DO NOTHING"),
                               {id, *roleId});
            !r)
            return r.error();
    }
    return {};
}

Result<User> UserStore::create(QSqlDatabase &conn, const QString &email,
                               const QByteArray &passwordHash, const QString &displayName,
                               const QStringList &roles, bool localAdmin)
{
    const store::Dialect d = m_db.dialect();
    const QDateTime now = nowUtc();
    auto inserted = m_db.exec(
        conn,
        QStringLiteral("INSERT INTO _users (email, password_hash, display_name, local_admin, "
                       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"),
        {normalizeEmail(email),
         // An empty QString from an empty array would bind NULL; '' means "no password".
         passwordHash.isEmpty() ? QStringLiteral("") : QString::fromUtf8(passwordHash),
         displayName.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(displayName),
         sqlBool(d, localAdmin), sqlTime(d, now), sqlTime(d, now)});
    if (!inserted) {
        if (isUniqueViolation(inserted.error()))
            return Error{ErrorCode::Conflict, QStringLiteral("that email is already registered")};
        return inserted.error();
    }
    inserted->finish();
    auto id = m_db.scalar(conn, QStringLiteral("SELECT id FROM _users WHERE email = ?"),
                          {normalizeEmail(email)});
    if (!id)
        return id.error();
    if (auto r = setRoles(conn, id->toLongLong(), roles); !r)
        return r.error();
    auto user = one(conn, QStringLiteral("id = ?"), *id);
    if (!user)
        return user.error();
    return **user;
}

Result<User> UserStore::update(QSqlDatabase &conn, qint64 id, const UserChange &change)
{
    auto current = one(conn, QStringLiteral("id = ?"), id);
    if (!current)
        return current.error();
    if (!*current)
        return Error::notFound(QStringLiteral("no user with id %1").arg(id));
    const store::Dialect d = m_db.dialect();
    QStringList sets{QStringLiteral("updated_at = ?")};
    QVariantList params{sqlTime(d, nowUtc())};
    bool bump = false;
    if (change.displayName) {
        sets << QStringLiteral("display_name = ?");
        params << (change.displayName->isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                 : QVariant(*change.displayName));
    }
    if (change.disabled && *change.disabled != (*current)->disabled) {
        sets << QStringLiteral("disabled = ?");
        params << sqlBool(d, *change.disabled);
        bump = true;
    }
    if (change.passwordHash) {
        sets << QStringLiteral("password_hash = ?") << QStringLiteral("failed_logins = 0")
             << QStringLiteral("locked_until = NULL");
        params << QString::fromUtf8(*change.passwordHash);
        bump = true;
    }
    if (change.roles) {
        QStringList sorted = *change.roles;
        sorted.sort();
        sorted.removeDuplicates();
        if (sorted != (*current)->roles) {
            if (auto r = setRoles(conn, id, sorted); !r)
                return r.error();
            bump = true;
        }
    }
    if (bump)
        sets << QStringLiteral("token_version = token_version + 1");
    params << id;
    if (auto r = m_db.exec(conn,
                           QStringLiteral("UPDATE _users SET ") + sets.join(QStringLiteral(", ")) +
                               QStringLiteral(" WHERE id = ?"),
                           params);
        !r)
        return r.error();
    auto user = one(conn, QStringLiteral("id = ?"), id);
    if (!user)
        return user.error();
    return **user;
}

Result<void> UserStore::remove(QSqlDatabase &conn, qint64 id)
{
    auto r = m_db.exec(conn, QStringLiteral("DELETE FROM _users WHERE id = ?"), {id});
    if (!r)
        return r.error();
    if (r->numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("no user with id %1").arg(id));
    return {};
}

Result<void> UserStore::bumpTokenVersion(QSqlDatabase &conn, qint64 id)
{
    auto r = m_db.exec(conn,
                       QStringLiteral("UPDATE _users SET token_version = token_version + 1 WHERE "
                                      "id = ?"),
                       {id});
    if (!r)
        return r.error();
    return {};
}

Result<QDateTime> UserStore::recordLoginFailure(QSqlDatabase &conn, qint64 id, int maxAttempts,
                                                int lockMinutes)
{
    auto n = m_db.scalar(conn,
                         QStringLiteral("UPDATE _users SET failed_logins = failed_logins + 1 "
                                        "WHERE id = ? RETURNING failed_logins"),
                         {id});
    if (!n)
        return n.error();
    if (n->toInt() < maxAttempts)
        return QDateTime();
    const QDateTime until = nowUtc().addSecs(qint64(lockMinutes) * 60);
    // The count starts again after the lock, as Keycloak's temporary lockout does.
    if (auto r = m_db.exec(conn,
                           QStringLiteral("UPDATE _users SET locked_until = ?, failed_logins = 0 "
                                          "WHERE id = ?"),
                           {sqlTime(m_db.dialect(), until), id});
        !r)
        return r.error();
    return until;
}

Result<void> UserStore::recordLoginSuccess(QSqlDatabase &conn, qint64 id, const QByteArray &rehash)
{
    const store::Dialect d = m_db.dialect();
    QString sql = QStringLiteral(
        "UPDATE _users SET failed_logins = 0, locked_until = NULL, last_login_at = ?");
    QVariantList params{sqlTime(d, nowUtc())};
    if (!rehash.isEmpty()) {
        sql += QStringLiteral(", password_hash = ?");
        params << QString::fromUtf8(rehash);
    }
    params << id;
    if (auto r = m_db.exec(conn, sql + QStringLiteral(" WHERE id = ?"), params); !r)
        return r.error();
    return {};
}

Result<void> UserStore::unlock(QSqlDatabase &conn, qint64 id)
{
    auto r = m_db.exec(conn,
                       QStringLiteral("UPDATE _users SET failed_logins = 0, locked_until = NULL "
                                      "WHERE id = ?"),
                       {id});
    if (!r)
        return r.error();
    if (r->numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("no user with id %1").arg(id));
    return {};
}

} // namespace bb::engine::auth
