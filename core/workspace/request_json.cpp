#include "workspace/request_json_p.h"

#include "workspace/text_fields_p.h"

#include <QJsonArray>

namespace bb::workspace::detail {

namespace {

QJsonArray keyValuesToJson(const QList<KeyValue> &list)
{
    QJsonArray a;
    for (const KeyValue &kv : list) {
        QJsonArray item{kv.name, kv.value};
        if (!kv.enabled)
            item.append(false);
        a.append(item);
    }
    return a;
}

QList<KeyValue> keyValuesFromJson(const QJsonValue &v)
{
    QList<KeyValue> out;
    for (const QJsonValue &item : v.toArray()) {
        const QJsonArray a = item.toArray();
        out.append({a.at(0).toString(), a.at(1).toString(), a.size() < 3 || a.at(2).toBool(true)});
    }
    return out;
}

void put(QJsonObject &o, const char *key, const QString &value)
{
    if (!value.isEmpty())
        o.insert(QLatin1String(key), value);
}

QString get(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

QJsonObject requestToJson(const HttpRequest &r)
{
    QJsonObject o;
    put(o, "name", r.name);
    o.insert(QLatin1String("method"), r.method);
    o.insert(QLatin1String("url"), r.url);
    put(o, "description", r.description);
    if (!r.headers.isEmpty())
        o.insert(QLatin1String("headers"), keyValuesToJson(r.headers));
    if (!r.query.isEmpty())
        o.insert(QLatin1String("query"), keyValuesToJson(r.query));
    if (!r.variables.isEmpty())
        o.insert(QLatin1String("variables"), keyValuesToJson(r.variables));
    put(o, "preRequestScript", r.preRequestScript);
    put(o, "testScript", r.testScript);
    if (r.body != Body{}) {
        QJsonObject b;
        b.insert(QLatin1String("kind"), int(r.body.kind));
        put(b, "contentType", r.body.contentType);
        put(b, "text", r.body.text);
        put(b, "filePath", r.body.filePath);
        put(b, "graphqlVariables", r.body.graphqlVariables);
        QJsonArray fields;
        for (const FormField &f : r.body.fields)
            fields.append(QJsonArray{f.name, f.value, f.filePath, f.contentType, f.enabled});
        if (!fields.isEmpty())
            b.insert(QLatin1String("fields"), fields);
        o.insert(QLatin1String("body"), b);
    }
    if (r.auth != Auth{}) {
        QJsonObject a;
        a.insert(QLatin1String("kind"), int(r.auth.kind));
        for (const detail::AuthTextField &f : detail::kAuthTextFields)
            put(a, f.key, r.auth.*f.member);
        a.insert(QLatin1String("keyInQuery"), r.auth.keyIn == Auth::ApiKeyIn::Query);
        a.insert(QLatin1String("pkce"), r.auth.pkce);
        o.insert(QLatin1String("auth"), a);
    }
    if (r.settings) {
        const RequestSettings &s = *r.settings;
        QJsonObject j{{QLatin1String("timeoutMs"), s.timeoutMs},
                      {QLatin1String("followRedirects"), s.followRedirects},
                      {QLatin1String("maxRedirects"), s.maxRedirects},
                      {QLatin1String("verifyTls"), s.verifyTls}};
        for (const detail::SettingsTextField &f : detail::kSettingsTextFields)
            put(j, f.key, s.*f.member);
        o.insert(QLatin1String("settings"), j);
    }
    return o;
}

HttpRequest requestFromJson(const QJsonObject &o)
{
    HttpRequest r;
    r.name = get(o, "name");
    if (o.value(QLatin1String("method")).isString())
        r.method = get(o, "method");
    r.url = get(o, "url");
    r.description = get(o, "description");
    r.headers = keyValuesFromJson(o.value(QLatin1String("headers")));
    r.query = keyValuesFromJson(o.value(QLatin1String("query")));
    r.variables = keyValuesFromJson(o.value(QLatin1String("variables")));
    r.preRequestScript = get(o, "preRequestScript");
    r.testScript = get(o, "testScript");
    if (o.value(QLatin1String("body")).isObject()) {
        const QJsonObject b = o.value(QLatin1String("body")).toObject();
        const int kind = b.value(QLatin1String("kind")).toInt();
        if (kind >= 0 && kind <= int(Body::Kind::GraphQl))
            r.body.kind = Body::Kind(kind);
        r.body.contentType = get(b, "contentType");
        r.body.text = get(b, "text");
        r.body.filePath = get(b, "filePath");
        r.body.graphqlVariables = get(b, "graphqlVariables");
        for (const QJsonValue &fv : b.value(QLatin1String("fields")).toArray()) {
            const QJsonArray f = fv.toArray();
            r.body.fields.append({f.at(0).toString(), f.at(1).toString(), f.at(2).toString(),
                                  f.at(3).toString(), f.at(4).toBool(true)});
        }
    }
    if (o.value(QLatin1String("auth")).isObject()) {
        const QJsonObject a = o.value(QLatin1String("auth")).toObject();
        const int kind = a.value(QLatin1String("kind")).toInt();
        if (kind >= 0 && kind <= int(Auth::Kind::OAuth2))
            r.auth.kind = Auth::Kind(kind);
        for (const detail::AuthTextField &f : detail::kAuthTextFields)
            r.auth.*f.member = get(a, f.key);
        r.auth.keyIn = a.value(QLatin1String("keyInQuery")).toBool() ? Auth::ApiKeyIn::Query
                                                                     : Auth::ApiKeyIn::Header;
        r.auth.pkce = a.value(QLatin1String("pkce")).toBool(true);
    }
    if (o.value(QLatin1String("settings")).isObject()) {
        const QJsonObject j = o.value(QLatin1String("settings")).toObject();
        RequestSettings s;
        s.timeoutMs = j.value(QLatin1String("timeoutMs")).toInt(s.timeoutMs);
        s.followRedirects = j.value(QLatin1String("followRedirects")).toBool(s.followRedirects);
        s.maxRedirects = j.value(QLatin1String("maxRedirects")).toInt(s.maxRedirects);
        s.verifyTls = j.value(QLatin1String("verifyTls")).toBool(s.verifyTls);
        for (const detail::SettingsTextField &f : detail::kSettingsTextFields)
            s.*f.member = get(j, f.key);
        r.settings = s;
    }
    return r;
}

} // namespace bb::workspace::detail
