#include "tester_actions.h"

namespace bb::plugins::endpoints {

workspace::HttpRequest requestFromVariant(const QVariantMap &args)
{
    workspace::HttpRequest r;
    const QString method = args.value(QStringLiteral("method")).toString().trimmed().toUpper();
    if (!method.isEmpty())
        r.method = method;
    r.url = args.value(QStringLiteral("url")).toString().trimmed();
    r.name = args.value(QStringLiteral("name")).toString();
    const QVariant headers = args.value(QStringLiteral("headers"));
    if (headers.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = headers.toMap();
        for (auto it = map.cbegin(); it != map.cend(); ++it)
            r.headers.append({it.key(), it.value().toString(), true});
    } else {
        for (const QVariant &h : headers.toList()) {
            if (h.typeId() == QMetaType::QVariantMap) {
                const QVariantMap m = h.toMap();
                r.headers.append({m.value(QStringLiteral("name")).toString(),
                                  m.value(QStringLiteral("value")).toString(),
                                  m.value(QStringLiteral("enabled"), true).toBool()});
            } else {
                const QString line = h.toString();
                const qsizetype colon = line.indexOf(QLatin1Char(':'));
                if (colon > 0)
                    r.headers.append(
                        {line.left(colon).trimmed(), line.mid(colon + 1).trimmed(), true});
            }
        }
    }
    const QVariant body = args.value(QStringLiteral("body"));
    const QString text = body.typeId() == QMetaType::QByteArray
                             ? QString::fromUtf8(body.toByteArray())
                             : body.toString();
    if (!text.isEmpty()) {
        r.body.kind = workspace::Body::Kind::Raw;
        r.body.text = text;
        r.body.contentType = args.value(QStringLiteral("contentType")).toString();
        for (const workspace::KeyValue &h : std::as_const(r.headers)) {
            if (r.body.contentType.isEmpty() &&
                h.name.compare(QLatin1String("Content-Type"), Qt::CaseInsensitive) == 0)
                r.body.contentType = h.value;
        }
    }
    return r;
}

QVariantMap requestToVariant(const workspace::HttpRequest &request)
{
    QVariantList headers;
    for (const workspace::KeyValue &h : request.headers)
        headers.append(QVariantMap{{QStringLiteral("name"), h.name},
                                   {QStringLiteral("value"), h.value},
                                   {QStringLiteral("enabled"), h.enabled}});
    QVariantMap args{{QStringLiteral("method"), request.method},
                     {QStringLiteral("url"), request.url},
                     {QStringLiteral("name"), request.name},
                     {QStringLiteral("headers"), headers}};
    if (request.body.kind == workspace::Body::Kind::Raw) {
        args.insert(QStringLiteral("body"), request.body.text);
        args.insert(QStringLiteral("contentType"), request.body.contentType);
    }
    return args;
}

} // namespace bb::plugins::endpoints
