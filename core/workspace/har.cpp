#include "workspace/har.h"

#include "workspace/json_p.h"

#include <QJsonArray>

namespace bb::workspace {

namespace {

QString str(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

HttpRequest entryRequest(const QJsonObject &r, const QString &where, QList<ImportWarning> &warnings)
{
    HttpRequest req;
    req.method = str(r, "method").isEmpty() ? QStringLiteral("GET") : str(r, "method");
    req.url = str(r, "url");
    req.name = req.method + u' ' + req.url;

    QStringList pseudo;
    bool cookieHeader = false;
    for (const QJsonValue &hv : r.value(QLatin1String("headers")).toArray()) {
        const QJsonObject h = hv.toObject();
        const QString name = str(h, "name");
        if (name.startsWith(u':')) {
            pseudo.append(name);
            continue;
        }
        cookieHeader = cookieHeader || name.compare(u"cookie", Qt::CaseInsensitive) == 0;
        req.headers.append({name, str(h, "value"), true});
    }
    if (!pseudo.isEmpty())
        warnings.append({where, QStringLiteral("HTTP/2 pseudo-headers %1 (skipped; the URL and "
                                               "method carry them)")
                                    .arg(pseudo.join(QStringLiteral(", ")))});
    // The cookies array restates the Cookie header; use it only when the header is missing.
    const QJsonArray cookies = r.value(QLatin1String("cookies")).toArray();
    if (!cookieHeader && !cookies.isEmpty()) {
        QStringList pairs;
        for (const QJsonValue &c : cookies)
            pairs.append(str(c.toObject(), "name") + u'=' + str(c.toObject(), "value"));
        req.headers.append({QStringLiteral("Cookie"), pairs.join(QStringLiteral("; ")), true});
    }

    const QJsonObject post = r.value(QLatin1String("postData")).toObject();
    if (!post.isEmpty()) {
        Body &b = req.body;
        b.contentType = str(post, "mimeType");
        const QJsonArray params = post.value(QLatin1String("params")).toArray();
        if (!params.isEmpty()) {
            b.kind = b.contentType.startsWith(QStringLiteral("multipart/"))
                         ? Body::Kind::Multipart
                         : Body::Kind::UrlEncoded;
            for (const QJsonValue &pv : params) {
                const QJsonObject p = pv.toObject();
                b.fields.append({str(p, "name"), str(p, "value"), str(p, "fileName"),
                                 str(p, "contentType"), true});
            }
        } else {
            b.kind = Body::Kind::Raw;
            b.text = str(post, "text");
        }
    }
    return req;
}

} // namespace

bb::Result<ImportReport> importHar(const QByteArray &json)
{
    auto top = detail::parseJsonObject(json, QStringLiteral("the HAR file"));
    if (!top)
        return top.error();
    const QJsonObject log = top->value(QLatin1String("log")).toObject();
    if (!log.value(QLatin1String("entries")).isArray())
        return bb::Error::invalid(QStringLiteral("a HAR file needs log.entries (an array)"), 0);

    ImportReport report;
    const QJsonObject creator = log.value(QLatin1String("creator")).toObject();
    report.collection.name = QStringLiteral("%1 %2 capture")
                                 .arg(str(creator, "name"), str(creator, "version"))
                                 .trimmed();
    const QJsonArray entries = log.value(QLatin1String("entries")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString where = QStringLiteral("entry %1").arg(i);
        const QJsonObject request =
            entries[i].toObject().value(QLatin1String("request")).toObject();
        if (request.isEmpty() || str(request, "url").isEmpty()) {
            report.warnings.append({where, QStringLiteral("no request URL (entry skipped)")});
            continue;
        }
        report.collection.root.requests.append(entryRequest(request, where, report.warnings));
    }
    return report;
}

} // namespace bb::workspace
