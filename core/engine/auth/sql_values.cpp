#include "engine/auth/sql_values.h"

namespace bb::engine::auth {

QDateTime nowUtc()
{
    const qint64 ms = QDateTime::currentMSecsSinceEpoch();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QVariant sqlTime(store::Dialect dialect, const QDateTime &t)
{
    if (!t.isValid())
        return dialect == store::Dialect::Sqlite ? QVariant(QMetaType::fromType<QString>())
                                                 : QVariant(QMetaType::fromType<QDateTime>());
    if (dialect == store::Dialect::Sqlite)
        return t.toUTC().toString(Qt::ISODateWithMs);
    return t.toUTC();
}

QDateTime readTime(const QVariant &v)
{
    if (v.isNull())
        return {};
    if (v.metaType() == QMetaType::fromType<QDateTime>())
        return v.toDateTime().toUTC();
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(v.toString(), Qt::ISODate);
    return t.toUTC();
}

QVariant sqlBool(store::Dialect dialect, bool b)
{
    return dialect == store::Dialect::Sqlite ? QVariant(b ? 1 : 0) : QVariant(b);
}

bool isUniqueViolation(const Error &e)
{
    const QString m = e.message.toLower();
    return m.contains(QLatin1String("unique")) || m.contains(QLatin1String("duplicate key"));
}

QJsonValue timeJson(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

} // namespace bb::engine::auth
