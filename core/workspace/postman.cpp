#include "workspace/postman.h"

#include "workspace/json_p.h"

#include <QJsonArray>

namespace bb::workspace {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    const QJsonValue v = o.value(QLatin1String(key));
    // Postman writes some values as numbers or booleans (variables, auth fields).
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    return v.toString();
}

QString description(const QJsonValue &v)
{
    return v.isObject() ? v.toObject().value(QLatin1String("content")).toString() : v.toString();
}

// Scripts are `exec`: an array of lines or one string.
QString scriptText(const QJsonObject &script)
{
    const QJsonValue exec = script.value(QLatin1String("exec"));
    if (!exec.isArray())
        return exec.toString();
    QStringList lines;
    for (const QJsonValue &l : exec.toArray())
        lines.append(l.toString());
    return lines.join(u'\n');
}

struct Scripts {
    QString pre, test;
};

Scripts scriptsOf(const QJsonObject &item, const Scripts &inherited)
{
    Scripts s = inherited;
    for (const QJsonValue &ev : item.value(QLatin1String("event")).toArray()) {
        const QJsonObject e = ev.toObject();
        const QString text = scriptText(e.value(QLatin1String("script")).toObject());
        if (text.isEmpty())
            continue;
        QString &slot = str(e, "listen") == u"test" ? s.test : s.pre;
        slot = slot.isEmpty() ? text : slot + u'\n' + text;
    }
    return s;
}

// v2.1 writes auth parameters as [{key, value}], v2.0 as an object.
QJsonObject authParams(const QJsonValue &v)
{
    if (v.isObject())
        return v.toObject();
    QJsonObject out;
    for (const QJsonValue &p : v.toArray())
        out.insert(p.toObject().value(QLatin1String("key")).toString(),
                   p.toObject().value(QLatin1String("value")));
    return out;
}

// A `variable` array: the collection's, or a folder's or request's (their own scopes in the
// model). v2.0 may name a variable by `id` only; some exporters write `variables`.
QList<KeyValue> variablesOf(const QJsonValue &list)
{
    QList<KeyValue> out;
    for (const QJsonValue &vv : list.toArray()) {
        const QJsonObject v = vv.toObject();
        const QString key = str(v, "key").isEmpty() ? str(v, "id") : str(v, "key");
        out.append({key, str(v, "value"), !v.value(QLatin1String("disabled")).toBool()});
    }
    return out;
}

QList<KeyValue> itemVariables(const QJsonObject &item)
{
    return variablesOf(item.value(QLatin1String("variable"))) +
           variablesOf(item.value(QLatin1String("variables")));
}

struct Importer {
    ImportReport report;

    void warn(const QString &where, const QString &what) { report.warnings.append({where, what}); }

    // Returns nullopt when the item sets no auth and inherits its parent's.
    std::optional<Auth> authOf(const QJsonValue &value, const QString &where)
    {
        if (!value.isObject())
            return std::nullopt;
        const QJsonObject a = value.toObject();
        const QString type = str(a, "type");
        if (type.isEmpty() || type == u"inherit")
            return std::nullopt;
        const QJsonObject p = authParams(a.value(type));
        Auth auth;
        if (type == u"noauth") {
        } else if (type == u"basic" || type == u"digest") {
            auth.kind = type == u"basic" ? Auth::Kind::Basic : Auth::Kind::Digest;
            auth.username = str(p, "username");
            auth.password = str(p, "password");
        } else if (type == u"bearer") {
            auth.kind = Auth::Kind::Bearer;
            auth.token = str(p, "token");
        } else if (type == u"apikey") {
            auth.kind = Auth::Kind::ApiKey;
            auth.keyName = str(p, "key");
            auth.keyValue = str(p, "value");
            auth.keyIn = str(p, "in") == u"query" ? Auth::ApiKeyIn::Query : Auth::ApiKeyIn::Header;
        } else if (type == u"awsv4") {
            auth.kind = Auth::Kind::AwsV4;
            auth.accessKey = str(p, "accessKey");
            auth.secretKey = str(p, "secretKey");
            auth.region = str(p, "region");
            auth.service = str(p, "service");
            auth.sessionToken = str(p, "sessionToken");
        } else if (type == u"oauth2") {
            auth.kind = Auth::Kind::OAuth2;
            auth.token = str(p, "accessToken");
            auth.grantType = str(p, "grant_type");
            auth.authUrl = str(p, "authUrl");
            auth.tokenUrl = str(p, "accessTokenUrl");
            auth.clientId = str(p, "clientId");
            auth.clientSecret = str(p, "clientSecret");
            auth.scope = str(p, "scope");
            auth.redirectUri = str(p, "redirect_uri");
        } else {
            warn(where, QStringLiteral("auth type %1 is not supported (no auth used)").arg(type));
        }
        return auth;
    }

    static QString urlOf(const QJsonValue &v, QList<KeyValue> &disabledQuery)
    {
        if (!v.isObject())
            return v.toString();
        const QJsonObject u = v.toObject();
        QString raw = str(u, "raw");
        // Disabled query params are not in `raw`; keep them, switched off, so nothing is lost.
        for (const QJsonValue &qv : u.value(QLatin1String("query")).toArray()) {
            const QJsonObject q = qv.toObject();
            if (q.value(QLatin1String("disabled")).toBool())
                disabledQuery.append({str(q, "key"), str(q, "value"), false});
        }
        return raw;
    }

    Body bodyOf(const QJsonObject &b, const QString &where)
    {
        Body body;
        if (b.value(QLatin1String("disabled")).toBool())
            return body;
        const QString mode = str(b, "mode");
        if (mode.isEmpty()) {
        } else if (mode == u"raw") {
            body.kind = Body::Kind::Raw;
            body.text = str(b, "raw");
            const QString lang = b.value(QLatin1String("options"))
                                     .toObject()
                                     .value(QLatin1String("raw"))
                                     .toObject()
                                     .value(QLatin1String("language"))
                                     .toString();
            if (lang == u"json")
                body.contentType = QStringLiteral("application/json");
            else if (lang == u"xml")
                body.contentType = QStringLiteral("application/xml");
            else if (lang == u"html")
                body.contentType = QStringLiteral("text/html");
            else if (lang == u"javascript")
                body.contentType = QStringLiteral("application/javascript");
            else if (lang == u"text")
                body.contentType = QStringLiteral("text/plain");
        } else if (mode == u"urlencoded" || mode == u"formdata") {
            const bool form = mode == u"formdata";
            body.kind = form ? Body::Kind::Multipart : Body::Kind::UrlEncoded;
            body.contentType = form ? QStringLiteral("multipart/form-data")
                                    : QStringLiteral("application/x-www-form-urlencoded");
            for (const QJsonValue &fv :
                 b.value(QLatin1String(form ? "formdata" : "urlencoded")).toArray()) {
                const QJsonObject f = fv.toObject();
                FormField field{str(f, "key"),
                                {},
                                {},
                                str(f, "contentType"),
                                !f.value(QLatin1String("disabled")).toBool()};
                if (str(f, "type") == u"file") {
                    const QJsonValue src = f.value(QLatin1String("src"));
                    // A multi-file part lists several paths; the model keeps one per field.
                    if (src.isArray()) {
                        const QJsonArray all = src.toArray();
                        field.filePath = all.isEmpty() ? QString() : all.first().toString();
                        if (all.size() > 1)
                            warn(where, QStringLiteral("form field %1 lists %2 files; only the "
                                                       "first is kept")
                                            .arg(field.name)
                                            .arg(all.size()));
                    } else {
                        field.filePath = src.toString();
                    }
                } else {
                    field.value = str(f, "value");
                }
                body.fields.append(field);
            }
        } else if (mode == u"file") {
            body.kind = Body::Kind::File;
            body.filePath = str(b.value(QLatin1String("file")).toObject(), "src");
        } else if (mode == u"graphql") {
            body.kind = Body::Kind::GraphQl;
            body.contentType = QStringLiteral("application/json");
            const QJsonObject g = b.value(QLatin1String("graphql")).toObject();
            body.text = str(g, "query");
            body.graphqlVariables = str(g, "variables");
        } else {
            warn(where, QStringLiteral("body mode %1 is not supported (no body used)").arg(mode));
        }
        return body;
    }

    HttpRequest requestOf(const QJsonObject &item, const QString &where, const Auth &parentAuth,
                          const Scripts &parentScripts)
    {
        HttpRequest req;
        req.name = str(item, "name");
        const QJsonValue rv = item.value(QLatin1String("request"));
        Auth auth = parentAuth;
        if (rv.isString()) {
            req.url = rv.toString(); // the v2 shorthand: a bare URL means GET
        } else {
            const QJsonObject r = rv.toObject();
            if (!str(r, "method").isEmpty())
                req.method = str(r, "method").toUpper();
            req.url = urlOf(r.value(QLatin1String("url")), req.query);
            for (const QJsonValue &hv : r.value(QLatin1String("header")).toArray()) {
                const QJsonObject h = hv.toObject();
                req.headers.append(
                    {str(h, "key"), str(h, "value"), !h.value(QLatin1String("disabled")).toBool()});
            }
            req.body = bodyOf(r.value(QLatin1String("body")).toObject(), where);
            if (auto own = authOf(r.value(QLatin1String("auth")), where))
                auth = *own;
            req.description = description(r.value(QLatin1String("description")));
        }
        if (req.description.isEmpty())
            req.description = description(item.value(QLatin1String("description")));
        req.auth = auth;
        const Scripts s = scriptsOf(item, parentScripts);
        req.preRequestScript = s.pre;
        req.testScript = s.test;
        const qsizetype examples = item.value(QLatin1String("response")).toArray().size();
        if (examples > 0)
            warn(where, QStringLiteral("%1 saved example response(s) (skipped)").arg(examples));
        return req;
    }

    void fill(Folder &folder, const QJsonArray &items, const QString &path, const Auth &auth,
              const Scripts &scripts)
    {
        for (const QJsonValue &v : items) {
            const QJsonObject item = v.toObject();
            const QString name = str(item, "name");
            // Warnings name the item by its path; Postman allows items without a name.
            const QString label = name.isEmpty() ? QStringLiteral("(unnamed)") : name;
            const QString where = path.isEmpty() ? label : path + u'/' + label;
            if (item.contains(QLatin1String("item"))) {
                Folder sub;
                sub.name = name;
                sub.variables = itemVariables(item);
                const Auth subAuth =
                    authOf(item.value(QLatin1String("auth")), where).value_or(auth);
                fill(sub, item.value(QLatin1String("item")).toArray(), where, subAuth,
                     scriptsOf(item, scripts));
                folder.folders.append(sub);
            } else if (item.contains(QLatin1String("request"))) {
                folder.requests.append(requestOf(item, where, auth, scripts));
                folder.requests.last().variables = itemVariables(item);
            } else {
                warn(where, QStringLiteral("item with neither request nor item (skipped)"));
            }
        }
    }
};

} // namespace

bb::Result<ImportReport> importPostman(const QByteArray &json)
{
    auto top = detail::parseJsonObject(json, QStringLiteral("the Postman collection"));
    if (!top)
        return top.error();
    const QJsonObject info = top->value(QLatin1String("info")).toObject();
    const QString schema = str(info, "schema");
    if (!top->value(QLatin1String("item")).isArray())
        return bb::Error::invalid(QStringLiteral("a Postman collection needs an item array"), 0);
    if (!schema.contains(QStringLiteral("/v2.0.")) && !schema.contains(QStringLiteral("/v2.1.")))
        return bb::Error::invalid(
            QStringLiteral("only Postman collection v2.0 and v2.1 are read (schema: %1)")
                .arg(schema.isEmpty() ? QStringLiteral("none") : schema),
            0);

    Importer im;
    Collection &c = im.report.collection;
    c.name = str(info, "name");
    c.description = description(info.value(QLatin1String("description")));
    c.root.name = c.name;
    c.variables = variablesOf(top->value(QLatin1String("variable")));
    const QString where = c.name.isEmpty() ? QStringLiteral("collection") : c.name;
    const Auth auth = im.authOf(top->value(QLatin1String("auth")), where).value_or(Auth{});
    im.fill(c.root, top->value(QLatin1String("item")).toArray(), QString(), auth,
            scriptsOf(*top, {}));
    if (top->contains(QLatin1String("protocolProfileBehavior")))
        im.warn(where, QStringLiteral("protocolProfileBehavior (skipped)"));
    return im.report;
}

} // namespace bb::workspace
