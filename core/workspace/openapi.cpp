#include "workspace/openapi.h"

#include "workspace/json_p.h"
#include "workspace/yaml_json_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace bb::workspace {

namespace {

const QStringList kMethods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

// Schemas nest and refer to themselves; generated examples stop at this depth.
constexpr int kMaxExampleDepth = 8;
constexpr int kMaxRefHops = 64;
// Wide schemas nest too (Stripe's objects hold objects of objects): each generated example is
// capped at this many schema nodes, past which values are null.
constexpr int kExampleBudget = 4000;

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QString toVariables(QString text)
{
    // {name} (OpenAPI templating) -> {{name}} (the model's variables).
    static const QRegularExpression re(QStringLiteral("\\{([^{}/]+)\\}"));
    return text.replace(re, QStringLiteral("{{\\1}}"));
}

struct Importer {
    QJsonObject root;
    ImportReport report;
    int budget = 0;

    void warn(const QString &where, const QString &what) { report.warnings.append({where, what}); }

    // Follows local `$ref`s ("#/components/schemas/Pet"); external ones are left unresolved.
    QJsonObject deref(QJsonObject o, const QString &where)
    {
        for (int hops = 0; o.contains(QLatin1String("$ref")); ++hops) {
            const QString ref = str(o, "$ref");
            if (hops >= kMaxRefHops || !ref.startsWith(QStringLiteral("#/"))) {
                warn(where, QStringLiteral("$ref %1 not resolved").arg(ref));
                return {};
            }
            QJsonValue cur = root;
            for (QString part : ref.mid(2).split(u'/')) {
                part.replace(QStringLiteral("~1"), QStringLiteral("/"));
                part.replace(QStringLiteral("~0"), QStringLiteral("~"));
                cur = cur.toObject().value(part);
            }
            if (!cur.isObject()) {
                warn(where, QStringLiteral("$ref %1 points nowhere").arg(ref));
                return {};
            }
            o = cur.toObject();
        }
        return o;
    }

    QJsonValue exampleFor(const QJsonObject &schema, const QString &where)
    {
        budget = kExampleBudget;
        return exampleFromSchema(schema, 0, where);
    }

    QJsonValue exampleFromSchema(const QJsonObject &raw, int depth, const QString &where)
    {
        if (--budget < 0)
            return QJsonValue::Null;
        const QJsonObject s = deref(raw, where);
        if (s.contains(QLatin1String("example")))
            return s.value(QLatin1String("example"));
        const QJsonArray examples = s.value(QLatin1String("examples")).toArray(); // 3.1
        if (!examples.isEmpty())
            return examples.first();
        if (s.contains(QLatin1String("default")))
            return s.value(QLatin1String("default"));
        if (s.contains(QLatin1String("const")))
            return s.value(QLatin1String("const"));
        const QJsonArray en = s.value(QLatin1String("enum")).toArray();
        if (!en.isEmpty())
            return en.first();
        if (depth >= kMaxExampleDepth)
            return QJsonValue::Null;
        for (const char *comb : {"oneOf", "anyOf"}) {
            const QJsonArray alts = s.value(QLatin1String(comb)).toArray();
            if (!alts.isEmpty())
                return exampleFromSchema(alts.first().toObject(), depth + 1, where);
        }
        const QJsonArray all = s.value(QLatin1String("allOf")).toArray();
        if (!all.isEmpty()) {
            QJsonObject merged;
            for (const QJsonValue &part : all) {
                const QJsonValue v = exampleFromSchema(part.toObject(), depth + 1, where);
                const QJsonObject vo = v.toObject();
                for (auto it = vo.begin(); it != vo.end(); ++it)
                    merged.insert(it.key(), it.value());
            }
            return merged;
        }
        QJsonValue typeValue = s.value(QLatin1String("type"));
        // 3.1 allows a list of types; the first non-null one is used.
        if (typeValue.isArray()) {
            QString t;
            for (const QJsonValue &v : typeValue.toArray())
                if (v.toString() != u"null" && t.isEmpty())
                    t = v.toString();
            typeValue = t;
        }
        const QString type = typeValue.toString();
        if (type == u"object" || (type.isEmpty() && s.contains(QLatin1String("properties")))) {
            QJsonObject o;
            const QJsonObject props = s.value(QLatin1String("properties")).toObject();
            for (auto it = props.begin(); it != props.end(); ++it)
                o.insert(it.key(), exampleFromSchema(it.value().toObject(), depth + 1, where));
            return o;
        }
        if (type == u"array")
            return QJsonArray{
                exampleFromSchema(s.value(QLatin1String("items")).toObject(), depth + 1, where)};
        if (type == u"integer" || type == u"number")
            return 0;
        if (type == u"boolean")
            return false;
        if (type == u"string") {
            const QString format = str(s, "format");
            if (format == u"date-time")
                return QStringLiteral("1970-01-01T00:00:00Z");
            if (format == u"date")
                return QStringLiteral("1970-01-01");
            return QStringLiteral("string");
        }
        return QJsonValue::Null;
    }

    static QString asText(const QJsonValue &v)
    {
        if (v.isString())
            return v.toString();
        if (v.isDouble())
            return QString::number(v.toDouble(), 'g', 17);
        if (v.isBool())
            return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        if (v.isNull() || v.isUndefined())
            return {};
        return QString::fromUtf8(v.isArray() ? QJsonDocument(v.toArray()).toJson()
                                             : QJsonDocument(v.toObject()).toJson())
            .trimmed();
    }

    QJsonValue mediaExample(const QJsonObject &media, const QString &where)
    {
        if (media.contains(QLatin1String("example")))
            return media.value(QLatin1String("example"));
        const QJsonObject examples = media.value(QLatin1String("examples")).toObject();
        if (!examples.isEmpty()) {
            const QJsonObject ex = deref(examples.begin().value().toObject(), where);
            if (ex.contains(QLatin1String("value")))
                return ex.value(QLatin1String("value"));
            if (ex.contains(QLatin1String("externalValue")))
                warn(where, QStringLiteral("external example %1 not fetched")
                                .arg(str(ex, "externalValue")));
        }
        return exampleFor(media.value(QLatin1String("schema")).toObject(), where);
    }

    Body bodyOf(const QJsonObject &requestBody, const QString &where)
    {
        Body body;
        const QJsonObject content = requestBody.value(QLatin1String("content")).toObject();
        if (content.isEmpty())
            return body;
        // JSON is what people send most; otherwise the first listed media type.
        QString type = content.keys().first();
        for (const QString &k : content.keys())
            if (k.startsWith(QStringLiteral("application/json")))
                type = k;
        if (content.size() > 1)
            warn(where,
                 QStringLiteral("%1 body media types; used %2").arg(content.size()).arg(type));
        const QJsonObject media = content.value(type).toObject();
        body.contentType = type;
        const bool form = type.startsWith(QStringLiteral("application/x-www-form-urlencoded"));
        const bool multipart = type.startsWith(QStringLiteral("multipart/"));
        if (form || multipart) {
            body.kind = form ? Body::Kind::UrlEncoded : Body::Kind::Multipart;
            const QJsonObject schema =
                deref(media.value(QLatin1String("schema")).toObject(), where);
            const QJsonObject props = schema.value(QLatin1String("properties")).toObject();
            const QJsonObject example = mediaExample(media, where).toObject();
            for (auto it = props.begin(); it != props.end(); ++it) {
                const QJsonObject p = deref(it.value().toObject(), where);
                FormField f;
                f.name = it.key();
                if (multipart && str(p, "format") == u"binary")
                    f.filePath = QString(); // a file part: the user picks the file
                else
                    f.value = asText(example.value(it.key()));
                body.fields.append(f);
            }
            return body;
        }
        if (type.startsWith(QStringLiteral("application/octet-stream")) ||
            type.startsWith(QStringLiteral("image/"))) {
            body.kind = Body::Kind::File;
            return body;
        }
        body.kind = Body::Kind::Raw;
        body.text = asText(mediaExample(media, where));
        return body;
    }

    Auth authOf(const QJsonValue &security, const QString &where)
    {
        const QJsonArray reqs = security.toArray();
        if (reqs.isEmpty())
            return {};
        const QJsonObject first = reqs.first().toObject();
        if (first.isEmpty())
            return {}; // `- {}` makes auth optional
        const QString name = first.keys().first();
        const QJsonObject scheme = deref(root.value(QLatin1String("components"))
                                             .toObject()
                                             .value(QLatin1String("securitySchemes"))
                                             .toObject()
                                             .value(name)
                                             .toObject(),
                                         where);
        const QString type = str(scheme, "type");
        Auth a;
        if (type == u"http") {
            const QString s = str(scheme, "scheme").toLower();
            if (s == u"basic" || s == u"digest") {
                a.kind = s == u"basic" ? Auth::Kind::Basic : Auth::Kind::Digest;
                a.username = QStringLiteral("{{username}}");
                a.password = QStringLiteral("{{password}}");
            } else if (s == u"bearer") {
                a.kind = Auth::Kind::Bearer;
                a.token = QStringLiteral("{{token}}");
            } else {
                warn(where, QStringLiteral("http auth scheme %1 is not supported").arg(s));
            }
        } else if (type == u"apiKey") {
            const QString in = str(scheme, "in");
            if (in == u"cookie") {
                warn(where, QStringLiteral("API key %1 in a cookie is not supported")
                                .arg(str(scheme, "name")));
                return a;
            }
            a.kind = Auth::Kind::ApiKey;
            a.keyName = str(scheme, "name");
            a.keyValue = QStringLiteral("{{apiKey}}");
            a.keyIn = in == u"query" ? Auth::ApiKeyIn::Query : Auth::ApiKeyIn::Header;
        } else if (type == u"oauth2") {
            a.kind = Auth::Kind::OAuth2;
            const QJsonObject flows = scheme.value(QLatin1String("flows")).toObject();
            if (!flows.isEmpty()) {
                const QJsonObject flow = flows.begin().value().toObject();
                a.grantType = flows.begin().key();
                a.authUrl = str(flow, "authorizationUrl");
                a.tokenUrl = str(flow, "tokenUrl");
            }
            QStringList scopes;
            for (const QJsonValue &s : first.value(name).toArray())
                scopes.append(s.toString());
            a.scope = scopes.join(u' ');
        } else {
            warn(where, QStringLiteral("security scheme %1 (%2) is not supported")
                            .arg(name, type.isEmpty() ? QStringLiteral("undefined") : type));
        }
        return a;
    }

    HttpRequest operation(const QString &path, const QString &method, const QJsonObject &op,
                          const QJsonArray &pathParams, const QString &where)
    {
        HttpRequest req;
        req.method = method.toUpper();
        req.url = QStringLiteral("{{baseUrl}}") + toVariables(path);
        req.name = str(op, "summary");
        if (req.name.isEmpty())
            req.name = str(op, "operationId");
        if (req.name.isEmpty())
            req.name = req.method + u' ' + path;
        req.description = str(op, "description");

        // Operation parameters override path-level ones with the same name and location.
        QList<QJsonObject> params;
        auto add = [&](const QJsonArray &list) {
            for (const QJsonValue &v : list) {
                const QJsonObject p = deref(v.toObject(), where);
                for (qsizetype i = 0; i < params.size(); ++i) {
                    if (str(params[i], "name") == str(p, "name") &&
                        str(params[i], "in") == str(p, "in")) {
                        params.removeAt(i);
                        break;
                    }
                }
                params.append(p);
            }
        };
        add(pathParams);
        add(op.value(QLatin1String("parameters")).toArray());
        for (const QJsonObject &p : params) {
            const QString in = str(p, "in");
            const QString name = str(p, "name");
            QJsonValue example = p.value(QLatin1String("example"));
            if (example.isUndefined())
                example = exampleFor(p.value(QLatin1String("schema")).toObject(), where);
            const KeyValue kv{name, asText(example), p.value(QLatin1String("required")).toBool()};
            if (in == u"query")
                req.query.append(kv);
            else if (in == u"header")
                req.headers.append(kv);
            else if (in == u"cookie")
                warn(where, QStringLiteral("cookie parameter %1 (skipped)").arg(name));
        }
        req.body = bodyOf(deref(op.value(QLatin1String("requestBody")).toObject(), where), where);
        if (!req.body.contentType.isEmpty())
            req.headers.append({QStringLiteral("Content-Type"), req.body.contentType, true});

        const QJsonValue security = op.contains(QLatin1String("security"))
                                        ? op.value(QLatin1String("security"))
                                        : root.value(QLatin1String("security"));
        req.auth = authOf(security, where);
        const qsizetype callbacks = op.value(QLatin1String("callbacks")).toObject().size();
        if (callbacks > 0)
            warn(where, QStringLiteral("%1 callback(s) (not imported)").arg(callbacks));
        return req;
    }

    void servers()
    {
        const QJsonArray servers = root.value(QLatin1String("servers")).toArray();
        QList<KeyValue> &vars = report.collection.variables;
        if (servers.isEmpty()) {
            vars.append({QStringLiteral("baseUrl"), QString(), true});
            warn(QStringLiteral("servers"),
                 QStringLiteral("no server URL; set the baseUrl variable before sending"));
            return;
        }
        const QJsonObject s = servers.first().toObject();
        QString url = toVariables(str(s, "url"));
        if (url.endsWith(u'/'))
            url.chop(1); // paths start with "/"
        vars.append({QStringLiteral("baseUrl"), url, true});
        const QJsonObject sv = s.value(QLatin1String("variables")).toObject();
        for (auto it = sv.begin(); it != sv.end(); ++it)
            vars.append(
                {it.key(), asText(it.value().toObject().value(QLatin1String("default"))), true});
        if (servers.size() > 1)
            warn(QStringLiteral("servers"),
                 QStringLiteral("%1 servers; the first is baseUrl").arg(servers.size()));
    }

    Folder &folderFor(const QJsonObject &op)
    {
        const QJsonArray tags = op.value(QLatin1String("tags")).toArray();
        Folder &top = report.collection.root;
        if (tags.isEmpty())
            return top;
        const QString tag = tags.first().toString();
        for (Folder &f : top.folders)
            if (f.name == tag)
                return f;
        top.folders.append(Folder{tag, {}, {}, {}});
        return top.folders.last();
    }

    void run()
    {
        report.collection.name = str(root.value(QLatin1String("info")).toObject(), "title");
        report.collection.root.name = report.collection.name;
        servers();
        const QJsonObject paths = root.value(QLatin1String("paths")).toObject();
        for (auto it = paths.begin(); it != paths.end(); ++it) {
            const QJsonObject item = deref(it.value().toObject(), it.key());
            const QJsonArray pathParams = item.value(QLatin1String("parameters")).toArray();
            for (const QString &m : kMethods) {
                if (!item.value(m).isObject())
                    continue;
                const QString where = m.toUpper() + u' ' + it.key();
                const QJsonObject op = item.value(m).toObject();
                HttpRequest req = operation(it.key(), m, op, pathParams, where);
                folderFor(op).requests.append(req);
            }
        }
        const qsizetype webhooks = root.value(QLatin1String("webhooks")).toObject().size();
        if (webhooks > 0)
            warn(QStringLiteral("webhooks"),
                 QStringLiteral("%1 webhook(s) describe calls the API makes (not imported)")
                     .arg(webhooks));
    }
};

} // namespace

bb::Result<ImportReport> importOpenApi(const QByteArray &document)
{
    const QByteArray trimmed = document.trimmed();
    QJsonObject root;
    if (trimmed.startsWith('{')) {
        auto o = detail::parseJsonObject(document, QStringLiteral("the OpenAPI document"));
        if (!o)
            return o.error();
        root = *o;
    } else {
        auto v = detail::parseYaml(document);
        if (!v)
            return v.error();
        if (!v->isObject())
            return bb::Error::invalid(QStringLiteral("an OpenAPI document is a mapping"), 0);
        root = v->toObject();
    }
    const QString version = root.value(QLatin1String("openapi")).toString();
    if (!version.startsWith(QStringLiteral("3.0")) && !version.startsWith(QStringLiteral("3.1"))) {
        const QString found = root.contains(QLatin1String("swagger"))
                                  ? QStringLiteral("swagger ") +
                                        Importer::asText(root.value(QLatin1String("swagger")))
                                  : QStringLiteral("openapi '%1'").arg(version);
        return bb::Error::invalid(
            QStringLiteral("only OpenAPI 3.0 and 3.1 are read (found %1)").arg(found), 0);
    }
    Importer im;
    im.root = root;
    im.run();
    return im.report;
}

} // namespace bb::workspace
