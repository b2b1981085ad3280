#include "engine/auth/body_fields.h"

#include <QJsonArray>

namespace bb::engine::auth {

std::optional<QString> BodyFields::text(const QString &name, bool required)
{
    const QJsonValue v = m_body.value(name);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            fail(name, QStringLiteral("is required"));
        return std::nullopt;
    }
    if (!v.isString()) {
        fail(name, QStringLiteral("must be a string"));
        return std::nullopt;
    }
    return v.toString();
}

std::optional<bool> BodyFields::boolean(const QString &name)
{
    const QJsonValue v = m_body.value(name);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isBool()) {
        fail(name, QStringLiteral("must be true or false"));
        return std::nullopt;
    }
    return v.toBool();
}

std::optional<QStringList> BodyFields::textList(const QString &name, bool required)
{
    const QJsonValue v = m_body.value(name);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            fail(name, QStringLiteral("is required"));
        return std::nullopt;
    }
    if (!v.isArray()) {
        fail(name, QStringLiteral("must be an array of strings"));
        return std::nullopt;
    }
    QStringList out;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString()) {
            fail(name, QStringLiteral("must be an array of strings"));
            return std::nullopt;
        }
        out << item.toString();
    }
    return out;
}

void BodyFields::rejectUnknown(const QStringList &known)
{
    for (auto it = m_body.begin(); it != m_body.end(); ++it)
        if (!known.contains(it.key()))
            fail(it.key(), QStringLiteral("is not a field here (expected one of: %1)")
                               .arg(known.join(QStringLiteral(", "))));
}

} // namespace bb::engine::auth
