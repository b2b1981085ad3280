#include "records.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTimeZone>

namespace bb::plugins::access {

QDateTime parseTime(const QJsonValue &value)
{
    const QString text = value.toString();
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    if (!t.isValid()) {
        // SQLite's "2024-06-01 14:03:00" (no T, no zone) is UTC by the engine's convention.
        t = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        if (t.isValid())
            t.setTimeZone(QTimeZone::utc());
    }
    return t;
}

QString formatTime(const QDateTime &time, const QString &empty)
{
    if (!time.isValid())
        return empty;
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString idText(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(qint64(value.toDouble()));
    return value.toString();
}

UserRecord UserRecord::fromJson(const QJsonObject &o)
{
    UserRecord u;
    u.id = qint64(o.value(QLatin1String("id")).toDouble());
    u.email = o.value(QLatin1String("email")).toString();
    u.displayName = o.value(QLatin1String("displayName")).toString();
    for (const QJsonValue &r : o.value(QLatin1String("roles")).toArray())
        u.roles << r.toString();
    u.disabled = o.value(QLatin1String("disabled")).toBool();
    u.lockedUntil = parseTime(o.value(QLatin1String("lockedUntil")));
    u.createdAt = parseTime(o.value(QLatin1String("createdAt")));
    u.lastLoginAt = parseTime(o.value(QLatin1String("lastLoginAt")));
    u.localAdmin = o.value(QLatin1String("localAdmin")).toBool();
    return u;
}

QString UserRecord::statusText(const QDateTime &now) const
{
    if (disabled)
        return QStringLiteral("disabled");
    if (isLocked(now)) {
        const QDateTime local = lockedUntil.toLocalTime();
        const bool today = local.date() == now.toLocalTime().date();
        return QStringLiteral("locked until %1")
            .arg(local.toString(today ? QStringLiteral("HH:mm")
                                      : QStringLiteral("yyyy-MM-dd HH:mm")));
    }
    return QStringLiteral("active");
}

RoleRecord RoleRecord::fromJson(const QJsonObject &o)
{
    RoleRecord r;
    r.id = qint64(o.value(QLatin1String("id")).toDouble());
    r.name = o.value(QLatin1String("name")).toString();
    r.description = o.value(QLatin1String("description")).toString();
    for (const QJsonValue &p : o.value(QLatin1String("permissions")).toArray())
        r.permissions << p.toString();
    r.builtIn = o.value(QLatin1String("builtIn")).toBool();
    r.editable = o.value(QLatin1String("editable")).toBool(!r.builtIn);
    r.userCount = o.value(QLatin1String("userCount")).toInt();
    return r;
}

SessionRecord SessionRecord::fromJson(const QJsonObject &o)
{
    SessionRecord s;
    s.id = idText(o.value(QLatin1String("id")));
    s.createdAt = parseTime(o.value(QLatin1String("createdAt")));
    s.lastUsedAt = parseTime(o.value(QLatin1String("lastUsedAt")));
    s.expiresAt = parseTime(o.value(QLatin1String("expiresAt")));
    s.ip = o.value(QLatin1String("ip")).toString();
    s.userAgent = o.value(QLatin1String("userAgent")).toString();
    return s;
}

ApiKeyRecord ApiKeyRecord::fromJson(const QJsonObject &o)
{
    ApiKeyRecord k;
    k.id = idText(o.value(QLatin1String("id")));
    k.name = o.value(QLatin1String("name")).toString();
    k.prefix = o.value(QLatin1String("prefix")).toString();
    k.createdAt = parseTime(o.value(QLatin1String("createdAt")));
    k.lastUsedAt = parseTime(o.value(QLatin1String("lastUsedAt")));
    k.revokedAt = parseTime(o.value(QLatin1String("revokedAt")));
    return k;
}

AuditEntry AuditEntry::fromJson(const QJsonObject &o)
{
    AuditEntry e;
    e.id = qint64(o.value(QLatin1String("id")).toDouble());
    e.ts = parseTime(o.value(QLatin1String("ts")));
    e.actorId = qint64(o.value(QLatin1String("actorId")).toDouble());
    e.actor = o.value(QLatin1String("actor")).toString();
    e.action = o.value(QLatin1String("action")).toString();
    const QJsonValue target = o.value(QLatin1String("target"));
    e.target =
        target.isString() ? target.toString()
        : target.isDouble()
            ? idText(target)
            : QString::fromUtf8(QJsonDocument(target.toObject()).toJson(QJsonDocument::Compact));
    e.before = o.value(QLatin1String("before"));
    e.after = o.value(QLatin1String("after"));
    e.ip = o.value(QLatin1String("ip")).toString();
    return e;
}

namespace {
QString compactValue(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("—");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double:
        return QString::number(v.toDouble());
    case QJsonValue::String:
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &x : v.toArray())
            parts << (x.isString() ? x.toString() : compactValue(x));
        return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}
} // namespace

QString AuditEntry::changeSummary() const
{
    const QJsonObject b = before.toObject();
    const QJsonObject a = after.toObject();
    QStringList keys = b.keys() + a.keys();
    keys.removeDuplicates();
    keys.sort();
    QStringList parts;
    for (const QString &k : keys) {
        const QJsonValue from = b.value(k);
        const QJsonValue to = a.value(k);
        if (from == to)
            continue;
        if (!b.contains(k))
            parts << k + QStringLiteral(": ") + compactValue(to);
        else
            parts << k + QStringLiteral(": ") + compactValue(from) + QStringLiteral(" → ") +
                         compactValue(to);
    }
    return parts.join(QStringLiteral("; "));
}

} // namespace bb::plugins::access
