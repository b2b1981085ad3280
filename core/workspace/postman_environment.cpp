#include "workspace/postman_environment.h"

#include "workspace/json_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace bb::workspace {

namespace {

QString text(const QJsonValue &v)
{
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

} // namespace

bb::Result<Environment> importPostmanEnvironment(const QByteArray &json)
{
    auto parsed = detail::parseJsonObject(json, QStringLiteral("Postman environment"));
    if (!parsed)
        return parsed.error();
    const QJsonObject root = parsed.value();
    const QJsonValue values = root.value(QLatin1String("values"));
    if (!values.isUndefined() && !values.isArray())
        return Error::invalid(QStringLiteral("Postman environment: \"values\" is not an array"));

    Environment env;
    env.name = root.value(QLatin1String("name")).toString();
    const QJsonArray list = values.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject entry = list.at(i).toObject();
        const QString key = text(entry.value(QLatin1String("key")));
        if (!list.at(i).isObject() || key.isEmpty())
            return Error::invalid(
                QStringLiteral("Postman environment: values[%1] has no \"key\"").arg(i));
        Variable v;
        v.name = key;
        v.value = text(entry.value(QLatin1String("value")));
        v.enabled = entry.value(QLatin1String("enabled")).toBool(true);
        v.secret = entry.value(QLatin1String("type")).toString() == u"secret";
        env.variables.append(v);
    }
    return env;
}

QByteArray exportPostmanEnvironment(const Environment &env)
{
    QJsonArray values;
    for (const Variable &v : env.variables) {
        values.append(QJsonObject{
            {QStringLiteral("key"), v.name},
            {QStringLiteral("value"), v.value},
            {QStringLiteral("type"),
             v.secret ? QStringLiteral("secret") : QStringLiteral("default")},
            {QStringLiteral("enabled"), v.enabled},
        });
    }
    const QJsonObject root{
        {QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
        {QStringLiteral("name"), env.name},
        {QStringLiteral("values"), values},
        {QStringLiteral("_postman_variable_scope"), QStringLiteral("environment")},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace bb::workspace
