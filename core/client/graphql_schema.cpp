#include "client/graphql_schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace bb::client {

const GraphQlField *GraphQlType::field(const QString &name) const
{
    for (const GraphQlField &f : fields)
        if (f.name == name)
            return &f;
    return nullptr;
}

QString GraphQlSchema::introspectionQuery()
{
    return QStringLiteral(R"(query IntrospectionQuery {
  __schema {
    queryType { name }
    mutationType { name }
    subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}

fragment FullType on __Type {
  kind
  name
  description
  fields(includeDeprecated: true) {
    name
    description
    args { ...InputValue }
    type { ...TypeRef }
    isDeprecated
    deprecationReason
  }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}

fragment InputValue on __InputValue {
  name
  description
  type { ...TypeRef }
  defaultValue
}

fragment TypeRef on __Type {
  kind
  name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name
    ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
)");
}

QByteArray GraphQlSchema::introspectionRequestBody()
{
    return QJsonDocument(
               QJsonObject{{QStringLiteral("query"), introspectionQuery()},
                           {QStringLiteral("operationName"), QStringLiteral("IntrospectionQuery")}})
        .toJson(QJsonDocument::Compact);
}

namespace {

// A type reference to SDL text and its named type; bounded so a hostile answer cannot recurse.
QString typeText(const QJsonObject &ref, QString *named, int depth = 0)
{
    if (depth > 16)
        return QStringLiteral("?");
    const QString kind = ref.value(QStringLiteral("kind")).toString();
    const QJsonObject inner = ref.value(QStringLiteral("ofType")).toObject();
    if (kind == QLatin1String("NON_NULL"))
        return typeText(inner, named, depth + 1) + QLatin1Char('!');
    if (kind == QLatin1String("LIST"))
        return QLatin1Char('[') + typeText(inner, named, depth + 1) + QLatin1Char(']');
    const QString name = ref.value(QStringLiteral("name")).toString();
    if (named)
        *named = name;
    return name;
}

QList<GraphQlInputValue> inputValues(const QJsonValue &value)
{
    QList<GraphQlInputValue> out;
    for (const QJsonValue &v : value.toArray()) {
        const QJsonObject o = v.toObject();
        GraphQlInputValue iv;
        iv.name = o.value(QStringLiteral("name")).toString();
        iv.type = typeText(o.value(QStringLiteral("type")).toObject(), nullptr);
        iv.defaultValue = o.value(QStringLiteral("defaultValue")).toString();
        iv.description = o.value(QStringLiteral("description")).toString();
        if (!iv.name.isEmpty())
            out.append(iv);
    }
    return out;
}

QStringList names(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray()) {
        const QString n = v.toObject().value(QStringLiteral("name")).toString();
        if (!n.isEmpty())
            out.append(n);
    }
    return out;
}

GraphQlType::Kind kindOf(const QString &kind)
{
    if (kind == QLatin1String("OBJECT"))
        return GraphQlType::Kind::Object;
    if (kind == QLatin1String("INTERFACE"))
        return GraphQlType::Kind::Interface;
    if (kind == QLatin1String("UNION"))
        return GraphQlType::Kind::Union;
    if (kind == QLatin1String("ENUM"))
        return GraphQlType::Kind::Enum;
    if (kind == QLatin1String("INPUT_OBJECT"))
        return GraphQlType::Kind::InputObject;
    return GraphQlType::Kind::Scalar;
}

} // namespace

Result<GraphQlSchema> GraphQlSchema::parse(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return Error::invalid(
            QStringLiteral("the introspection answer is not JSON: %1 at offset %2")
                .arg(error.errorString())
                .arg(error.offset),
            error.offset);
    const QJsonObject root = doc.object();
    QJsonObject schema =
        root.value(QStringLiteral("data")).toObject().value(QStringLiteral("__schema")).toObject();
    if (schema.isEmpty())
        schema = root.value(QStringLiteral("__schema")).toObject();
    if (schema.isEmpty()) {
        const QJsonArray errors = root.value(QStringLiteral("errors")).toArray();
        if (!errors.isEmpty())
            return Error::invalid(
                QStringLiteral("the server refused introspection: %1")
                    .arg(errors.first().toObject().value(QStringLiteral("message")).toString()));
        return Error::invalid(QStringLiteral("the answer has no data.__schema"));
    }
    GraphQlSchema s;
    s.m_queryType = schema.value(QStringLiteral("queryType"))
                        .toObject()
                        .value(QStringLiteral("name"))
                        .toString();
    s.m_mutationType = schema.value(QStringLiteral("mutationType"))
                           .toObject()
                           .value(QStringLiteral("name"))
                           .toString();
    s.m_subscriptionType = schema.value(QStringLiteral("subscriptionType"))
                               .toObject()
                               .value(QStringLiteral("name"))
                               .toString();
    for (const QJsonValue &tv : schema.value(QStringLiteral("types")).toArray()) {
        const QJsonObject t = tv.toObject();
        GraphQlType type;
        type.name = t.value(QStringLiteral("name")).toString();
        if (type.name.isEmpty())
            continue;
        type.kind = kindOf(t.value(QStringLiteral("kind")).toString());
        type.description = t.value(QStringLiteral("description")).toString();
        for (const QJsonValue &fv : t.value(QStringLiteral("fields")).toArray()) {
            const QJsonObject f = fv.toObject();
            GraphQlField field;
            field.name = f.value(QStringLiteral("name")).toString();
            if (field.name.isEmpty())
                continue;
            field.type = typeText(f.value(QStringLiteral("type")).toObject(), &field.typeName);
            field.args = inputValues(f.value(QStringLiteral("args")));
            field.description = f.value(QStringLiteral("description")).toString();
            field.deprecated = f.value(QStringLiteral("isDeprecated")).toBool();
            type.fields.append(field);
        }
        type.inputFields = inputValues(t.value(QStringLiteral("inputFields")));
        type.enumValues = names(t.value(QStringLiteral("enumValues")));
        type.possibleTypes = names(t.value(QStringLiteral("possibleTypes")));
        type.interfaces = names(t.value(QStringLiteral("interfaces")));
        s.m_types.insert(type.name, type);
    }
    if (s.m_queryType.isEmpty() || !s.m_types.contains(s.m_queryType))
        return Error::invalid(QStringLiteral("the schema names no query type it defines"));
    return s;
}

const GraphQlType *GraphQlSchema::type(const QString &name) const
{
    const auto it = m_types.constFind(name);
    return it == m_types.constEnd() ? nullptr : &*it;
}

QStringList GraphQlSchema::typeNames() const
{
    QStringList out;
    for (auto it = m_types.constBegin(); it != m_types.constEnd(); ++it)
        if (!it.key().startsWith(QLatin1String("__")))
            out.append(it.key());
    out.sort();
    return out;
}

} // namespace bb::client
