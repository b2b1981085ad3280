#include "workspace/postman.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

namespace bb::workspace {

namespace {

const QString kSchema =
    QStringLiteral("https://schema.getpostman.com/json/collection/v2.1.0/collection.json");

QJsonArray variablesJson(const QList<KeyValue> &vars)
{
    QJsonArray out;
    for (const KeyValue &v : vars) {
        QJsonObject o{{QStringLiteral("key"), v.name}, {QStringLiteral("value"), v.value}};
        if (!v.enabled)
            o.insert(QStringLiteral("disabled"), true);
        out.append(o);
    }
    return out;
}

// v2.1 auth parameters: [{key, value, type}].
QJsonArray params(std::initializer_list<std::pair<const char *, QString>> list)
{
    QJsonArray out;
    for (const auto &[key, value] : list)
        if (!value.isEmpty())
            out.append(QJsonObject{{QStringLiteral("key"), QLatin1String(key)},
                                   {QStringLiteral("value"), value},
                                   {QStringLiteral("type"), QStringLiteral("string")}});
    return out;
}

QJsonValue authJson(const Auth &a)
{
    QString type;
    QJsonArray p;
    switch (a.kind) {
    case Auth::Kind::None:
        return QJsonValue::Undefined;
    case Auth::Kind::Basic:
    case Auth::Kind::Digest:
        type = a.kind == Auth::Kind::Basic ? QStringLiteral("basic") : QStringLiteral("digest");
        p = params({{"username", a.username}, {"password", a.password}});
        break;
    case Auth::Kind::Bearer:
        type = QStringLiteral("bearer");
        p = params({{"token", a.token}});
        break;
    case Auth::Kind::ApiKey:
        type = QStringLiteral("apikey");
        p = params({{"key", a.keyName},
                    {"value", a.keyValue},
                    {"in", a.keyIn == Auth::ApiKeyIn::Query ? QStringLiteral("query")
                                                            : QStringLiteral("header")}});
        break;
    case Auth::Kind::AwsV4:
        type = QStringLiteral("awsv4");
        p = params({{"accessKey", a.accessKey},
                    {"secretKey", a.secretKey},
                    {"region", a.region},
                    {"service", a.service},
                    {"sessionToken", a.sessionToken}});
        break;
    case Auth::Kind::OAuth2:
        type = QStringLiteral("oauth2");
        p = params({{"accessToken", a.token},
                    {"grant_type", a.grantType},
                    {"authUrl", a.authUrl},
                    {"accessTokenUrl", a.tokenUrl},
                    {"clientId", a.clientId},
                    {"clientSecret", a.clientSecret},
                    {"scope", a.scope},
                    {"redirect_uri", a.redirectUri}});
        break;
    }
    return QJsonObject{{QStringLiteral("type"), type}, {type, p}};
}

QString languageOf(const QString &contentType)
{
    const QString ct = contentType.section(u';', 0, 0).trimmed().toLower();
    if (ct == u"application/json")
        return QStringLiteral("json");
    if (ct == u"application/xml")
        return QStringLiteral("xml");
    if (ct == u"text/html")
        return QStringLiteral("html");
    if (ct == u"application/javascript")
        return QStringLiteral("javascript");
    if (ct == u"text/plain")
        return QStringLiteral("text");
    return {};
}

QJsonValue bodyJson(const Body &b)
{
    QJsonObject o;
    switch (b.kind) {
    case Body::Kind::None:
        return QJsonValue::Undefined;
    case Body::Kind::Raw: {
        o.insert(QStringLiteral("mode"), QStringLiteral("raw"));
        o.insert(QStringLiteral("raw"), b.text);
        const QString lang = languageOf(b.contentType);
        if (!lang.isEmpty())
            o.insert(QStringLiteral("options"),
                     QJsonObject{
                         {QStringLiteral("raw"), QJsonObject{{QStringLiteral("language"), lang}}}});
        break;
    }
    case Body::Kind::UrlEncoded:
    case Body::Kind::Multipart: {
        const bool form = b.kind == Body::Kind::Multipart;
        const QString mode = form ? QStringLiteral("formdata") : QStringLiteral("urlencoded");
        o.insert(QStringLiteral("mode"), mode);
        QJsonArray fields;
        for (const FormField &f : b.fields) {
            QJsonObject field{{QStringLiteral("key"), f.name}};
            if (form && !f.filePath.isEmpty()) {
                field.insert(QStringLiteral("type"), QStringLiteral("file"));
                field.insert(QStringLiteral("src"), f.filePath);
            } else {
                field.insert(QStringLiteral("value"), f.value);
                if (form)
                    field.insert(QStringLiteral("type"), QStringLiteral("text"));
            }
            if (!f.contentType.isEmpty())
                field.insert(QStringLiteral("contentType"), f.contentType);
            if (!f.enabled)
                field.insert(QStringLiteral("disabled"), true);
            fields.append(field);
        }
        o.insert(mode, fields);
        break;
    }
    case Body::Kind::File:
        o.insert(QStringLiteral("mode"), QStringLiteral("file"));
        o.insert(QStringLiteral("file"), QJsonObject{{QStringLiteral("src"), b.filePath}});
        break;
    case Body::Kind::GraphQl:
        o.insert(QStringLiteral("mode"), QStringLiteral("graphql"));
        o.insert(QStringLiteral("graphql"),
                 QJsonObject{{QStringLiteral("query"), b.text},
                             {QStringLiteral("variables"), b.graphqlVariables}});
        break;
    }
    return o;
}

// Postman sends what `raw` says; parameters the model keeps apart from the URL go into it when
// enabled, and into `query` marked disabled otherwise (where Postman keeps switched-off ones).
QJsonObject urlJson(const HttpRequest &r)
{
    QString raw = r.url;
    QJsonArray query;
    for (const KeyValue &q : r.query) {
        if (q.enabled) {
            raw += (raw.contains(u'?') ? u'&' : u'?') + q.name +
                   (q.value.isEmpty() ? QString() : u'=' + q.value);
            continue;
        }
        query.append(QJsonObject{{QStringLiteral("key"), q.name},
                                 {QStringLiteral("value"), q.value},
                                 {QStringLiteral("disabled"), true}});
    }
    QJsonObject u{{QStringLiteral("raw"), raw}};
    if (!query.isEmpty())
        u.insert(QStringLiteral("query"), query);
    return u;
}

QJsonArray eventsJson(const HttpRequest &r)
{
    QJsonArray events;
    auto add = [&](const char *listen, const QString &script) {
        if (script.isEmpty())
            return;
        events.append(
            QJsonObject{{QStringLiteral("listen"), QLatin1String(listen)},
                        {QStringLiteral("script"),
                         QJsonObject{{QStringLiteral("type"), QStringLiteral("text/javascript")},
                                     {QStringLiteral("exec"),
                                      QJsonArray::fromStringList(script.split(u'\n'))}}}});
    };
    add("prerequest", r.preRequestScript);
    add("test", r.testScript);
    return events;
}

QJsonObject requestItem(const HttpRequest &r)
{
    QJsonObject req{{QStringLiteral("method"), r.method}};
    QJsonArray headers;
    for (const KeyValue &h : r.headers) {
        QJsonObject o{{QStringLiteral("key"), h.name}, {QStringLiteral("value"), h.value}};
        if (!h.enabled)
            o.insert(QStringLiteral("disabled"), true);
        headers.append(o);
    }
    req.insert(QStringLiteral("header"), headers);
    req.insert(QStringLiteral("url"), urlJson(r));
    if (const QJsonValue body = bodyJson(r.body); !body.isUndefined())
        req.insert(QStringLiteral("body"), body);
    if (const QJsonValue auth = authJson(r.auth); !auth.isUndefined())
        req.insert(QStringLiteral("auth"), auth);
    if (!r.description.isEmpty())
        req.insert(QStringLiteral("description"), r.description);
    QJsonObject item{{QStringLiteral("name"), r.name}, {QStringLiteral("request"), req}};
    if (const QJsonArray events = eventsJson(r); !events.isEmpty())
        item.insert(QStringLiteral("event"), events);
    if (!r.variables.isEmpty())
        item.insert(QStringLiteral("variable"), variablesJson(r.variables));
    return item;
}

QJsonArray itemsJson(const Folder &folder)
{
    QJsonArray items;
    for (const Folder &f : folder.folders) {
        QJsonObject item{{QStringLiteral("name"), f.name}, {QStringLiteral("item"), itemsJson(f)}};
        if (!f.variables.isEmpty())
            item.insert(QStringLiteral("variable"), variablesJson(f.variables));
        items.append(item);
    }
    for (const HttpRequest &r : folder.requests)
        items.append(requestItem(r));
    return items;
}

} // namespace

QByteArray exportPostman(const Collection &c)
{
    QJsonObject info{{QStringLiteral("name"), c.name}, {QStringLiteral("schema"), kSchema}};
    if (!c.description.isEmpty())
        info.insert(QStringLiteral("description"), c.description);
    QJsonObject top{{QStringLiteral("info"), info}, {QStringLiteral("item"), itemsJson(c.root)}};
    const QList<KeyValue> vars = c.variables + c.root.variables;
    if (!vars.isEmpty())
        top.insert(QStringLiteral("variable"), variablesJson(vars));
    return QJsonDocument(top).toJson(QJsonDocument::Indented);
}

} // namespace bb::workspace
