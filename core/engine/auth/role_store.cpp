#include "engine/auth/role_store.h"

#include "engine/auth/sql_values.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace bb::engine::auth {

namespace {

QString permissionsText(const QList<identity::Permission> &permissions)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(identity::toStrings(permissions)))
            .toJson(QJsonDocument::Compact));
}

// Each thread keeps the snapshot it last saw and the generation it belonged to; it only takes
// the lock when a change has been published since.
struct ThreadPolicy {
    const void *owner = nullptr;
    std::uint64_t generation = 0;
    std::shared_ptr<const identity::PolicyEvaluator> policy;
};
thread_local ThreadPolicy t_policy;
// Generations are unique in the process, so a store created where a destroyed one lived can
// never match a thread's stale copy.
std::atomic<std::uint64_t> g_generations{0};

} // namespace

QJsonObject RoleRow::toJson() const
{
    return {{"id", double(id)},
            {"name", role.name},
            {"description", role.description},
            {"permissions", QJsonArray::fromStringList(role.permissionStrings())},
            {"builtIn", role.builtIn},
            {"editable", role.permissionsEditable()},
            {"userCount", double(userCount)}};
}

RoleStore::RoleStore(store::Database &db)
    : m_db(db)
    , m_policy(std::make_shared<identity::PolicyEvaluator>())
{}

Result<QList<RoleRow>> RoleStore::read(QSqlDatabase &conn, const QString &where,
                                       const QVariantList &params)
{
    auto q =
        m_db.exec(conn,
                  QStringLiteral("SELECT r.id, r.name, r.description, r.permissions, "
                                 "r.built_in, r.created_at, r.updated_at, (SELECT COUNT(*) "
                                 "FROM _user_roles ur WHERE ur.role_id = r.id) FROM _roles r") +
                      where + QStringLiteral(" ORDER BY r.id"),
                  params);
    if (!q)
        return q.error();
    QHash<QString, identity::Role> builtIns;
    for (const identity::Role &r : identity::builtInRoles())
        builtIns.insert(r.name, r);
    QList<RoleRow> rows;
    while (q->next()) {
        RoleRow row;
        row.id = q->value(0).toLongLong();
        const QString name = q->value(1).toString();
        const bool builtIn = q->value(4).toBool() && builtIns.contains(name);
        QStringList texts;
        for (const QJsonValue &v : QJsonDocument::fromJson(q->value(3).toString().toUtf8()).array())
            texts << v.toString();
        if (builtIn && !builtIns.value(name).permissionsEditable()) {
            row.role = builtIns.value(name);
        } else {
            // A stored permission that no longer parses is dropped rather than failing every
            // request; the admin sees the role without it and can fix it.
            QList<identity::Permission> perms;
            for (const QString &t : texts)
                if (auto p = identity::Permission::parse(t))
                    perms << *p;
            row.role.name = name;
            row.role.permissions = perms;
            row.role.builtIn = builtIn;
        }
        row.role.description = q->value(2).toString();
        row.createdAt = readTime(q->value(5));
        row.updatedAt = readTime(q->value(6));
        row.userCount = q->value(7).toLongLong();
        rows << row;
    }
    q->finish();
    return rows;
}

Result<void> RoleStore::reload()
{
    QSqlDatabase conn = m_db.reader();
    auto rows = read(conn, {}, {});
    if (!rows)
        return rows.error();
    QList<identity::Role> roles = identity::builtInRoles();
    for (const RoleRow &r : *rows)
        roles << r.role;
    publish(std::make_shared<identity::PolicyEvaluator>(roles));
    return {};
}

void RoleStore::publish(std::shared_ptr<const identity::PolicyEvaluator> policy)
{
    std::lock_guard lock(m_mutex);
    m_policy = std::move(policy);
    m_generation.store(++g_generations, std::memory_order_release);
}

std::shared_ptr<const identity::PolicyEvaluator> RoleStore::policy() const
{
    ThreadPolicy &tp = t_policy;
    const std::uint64_t gen = m_generation.load(std::memory_order_acquire);
    if (tp.owner != this || tp.generation != gen || !tp.policy) {
        std::lock_guard lock(m_mutex);
        tp.owner = this;
        tp.generation = m_generation.load(std::memory_order_relaxed);
        tp.policy = m_policy;
    }
    return tp.policy;
}

Result<QList<RoleRow>> RoleStore::list()
{
    QSqlDatabase conn = m_db.reader();
    return read(conn, {}, {});
}

Result<std::optional<RoleRow>> RoleStore::byId(QSqlDatabase &conn, qint64 id)
{
    auto rows = read(conn, QStringLiteral(" WHERE r.id = ?"), {id});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<RoleRow>();
    return std::optional<RoleRow>(rows->front());
}

Result<std::optional<RoleRow>> RoleStore::byId(qint64 id)
{
    QSqlDatabase conn = m_db.reader();
    return byId(conn, id);
}

Result<RoleRow> RoleStore::create(QSqlDatabase &conn, const identity::Role &role)
{
    const store::Dialect d = m_db.dialect();
    const QDateTime now = nowUtc();
    auto id = m_db.scalar(
        conn,
        QStringLiteral("INSERT INTO _roles (name, description, permissions, "
                       "built_in, created_at, updated_at) VALUES (?, ?, ?, ?, "
                       "?, ?) RETURNING id"),
        // The column is NOT NULL; no description is an empty one.
        {role.name, role.description.isNull() ? QStringLiteral("") : role.description,
         permissionsText(role.permissions), sqlBool(d, false), sqlTime(d, now), sqlTime(d, now)});
    if (!id) {
        if (isUniqueViolation(id.error()))
            return Error{ErrorCode::Conflict,
                         QStringLiteral("a role called '%1' already exists").arg(role.name)};
        return id.error();
    }
    auto row = byId(conn, id->toLongLong());
    if (!row)
        return row.error();
    return **row;
}

Result<RoleRow> RoleStore::update(QSqlDatabase &conn, qint64 id, const std::optional<QString> &name,
                                  const std::optional<QString> &description)
{
    QStringList sets{QStringLiteral("updated_at = ?")};
    QVariantList params{sqlTime(m_db.dialect(), nowUtc())};
    if (name) {
        sets << QStringLiteral("name = ?");
        params << *name;
    }
    if (description) {
        sets << QStringLiteral("description = ?");
        params << (description->isNull() ? QStringLiteral("") : *description);
    }
    params << id;
    auto r = m_db.exec(conn,
                       QStringLiteral("UPDATE _roles SET ") + sets.join(QStringLiteral(", ")) +
                           QStringLiteral(" WHERE id = ?"),
                       params);
    if (!r) {
        if (isUniqueViolation(r.error()))
            return Error{
                ErrorCode::Conflict,
                QStringLiteral("a role called '%1' already exists").arg(name.value_or(QString()))};
        return r.error();
    }
    auto row = byId(conn, id);
    if (!row)
        return row.error();
    if (!*row)
        return Error::notFound(QStringLiteral("no role with id %1").arg(id));
    return **row;
}

Result<RoleRow> RoleStore::setPermissions(QSqlDatabase &conn, qint64 id,
                                          const QList<identity::Permission> &permissions)
{
    auto r = m_db.exec(
        conn, QStringLiteral("UPDATE _roles SET permissions = ?, updated_at = ? WHERE id = ?"),
        {permissionsText(permissions), sqlTime(m_db.dialect(), nowUtc()), id});
    if (!r)
        return r.error();
    auto row = byId(conn, id);
    if (!row)
        return row.error();
    if (!*row)
        return Error::notFound(QStringLiteral("no role with id %1").arg(id));
    return **row;
}

Result<void> RoleStore::remove(QSqlDatabase &conn, qint64 id)
{
    auto r = m_db.exec(conn, QStringLiteral("DELETE FROM _roles WHERE id = ?"), {id});
    if (!r)
        return r.error();
    if (r->numRowsAffected() == 0)
        return Error::notFound(QStringLiteral("no role with id %1").arg(id));
    return {};
}

} // namespace bb::engine::auth
