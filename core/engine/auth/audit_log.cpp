#include "engine/auth/audit_log.h"

#include "engine/auth/sql_values.h"

#include <QJsonDocument>

namespace bb::engine::auth {

namespace {
QVariant jsonText(const QJsonObject &o)
{
    if (o.isEmpty())
        return QVariant(QMetaType::fromType<QString>());
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QJsonObject readJson(const QVariant &v)
{
    return v.isNull() ? QJsonObject() : QJsonDocument::fromJson(v.toString().toUtf8()).object();
}
} // namespace

QJsonObject AuditEntry::toJson() const
{
    return {{"id", double(id)},
            {"ts", timeJson(ts)},
            {"actorId", actorId ? QJsonValue(double(*actorId)) : QJsonValue()},
            {"actor", actor},
            {"action", action},
            {"target", target},
            {"before", before.isEmpty() ? QJsonValue() : QJsonValue(before)},
            {"after", after.isEmpty() ? QJsonValue() : QJsonValue(after)},
            {"ip", ip.isEmpty() ? QJsonValue() : QJsonValue(ip)}};
}

AuditLog::AuditLog(store::Database &db)
    : m_db(db)
{}

Result<void> AuditLog::append(QSqlDatabase &conn, const Actor &actor, const QString &action,
                              const QString &target, const QJsonObject &before,
                              const QJsonObject &after)
{
    auto r = m_db.exec(
        conn,
        QStringLiteral("INSERT INTO _audit_log (ts, actor_id, actor, action, "
                       "target, before, after, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {sqlTime(m_db.dialect(), nowUtc()),
         actor.id ? QVariant(*actor.id) : QVariant(QMetaType::fromType<qint64>()),
         actor.name.isEmpty() ? QStringLiteral("system") : actor.name, action, target,
         jsonText(before), jsonText(after),
         actor.ip.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(actor.ip)});
    if (!r)
        return r.error();
    return {};
}

Result<AuditPage> AuditLog::query(const AuditQuery &query)
{
    const store::Dialect d = m_db.dialect();
    QStringList where;
    QVariantList params;
    if (!query.actor.isEmpty()) {
        where << QStringLiteral("lower(actor) LIKE ?");
        params << QLatin1Char('%') + query.actor.toLower() + QLatin1Char('%');
    }
    if (!query.action.isEmpty()) {
        if (query.action.endsWith(QLatin1Char('.'))) {
            where << QStringLiteral("action LIKE ?");
            params << query.action + QLatin1Char('%');
        } else {
            where << QStringLiteral("action = ?");
            params << query.action;
        }
    }
    if (query.since.isValid()) {
        where << QStringLiteral("ts >= ?");
        params << sqlTime(d, query.since);
    }
    if (query.until.isValid()) {
        where << QStringLiteral("ts <= ?");
        params << sqlTime(d, query.until);
    }
    if (query.after > 0) {
        where << QStringLiteral("id > ?");
        params << query.after;
    }
    const QString whereSql = where.isEmpty()
                                 ? QString()
                                 : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    QSqlDatabase conn = m_db.reader();
    auto count =
        m_db.scalar(conn, QStringLiteral("SELECT COUNT(*) FROM _audit_log") + whereSql, params);
    if (!count)
        return count.error();
    AuditPage page;
    page.total = count->toLongLong();
    QVariantList pageParams = params;
    pageParams << qint64(query.perPage) << qint64(query.page - 1) * query.perPage;
    auto q = m_db.exec(conn,
                       QStringLiteral("SELECT id, ts, actor_id, actor, action, target, before, "
                                      "after, ip FROM _audit_log") +
                           whereSql + QStringLiteral(" ORDER BY id DESC LIMIT ? OFFSET ?"),
                       pageParams);
    if (!q)
        return q.error();
    while (q->next()) {
        AuditEntry e;
        e.id = q->value(0).toLongLong();
        e.ts = readTime(q->value(1));
        if (!q->value(2).isNull())
            e.actorId = q->value(2).toLongLong();
        e.actor = q->value(3).toString();
        e.action = q->value(4).toString();
        e.target = q->value(5).toString();
        e.before = readJson(q->value(6));
        e.after = readJson(q->value(7));
        e.ip = q->value(8).toString();
        page.items << e;
    }
    q->finish();
    return page;
}

} // namespace bb::engine::auth
