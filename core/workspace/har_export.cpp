#include "workspace/har.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace bb::workspace {

namespace {

QJsonArray nameValues(const QList<KeyValue> &list)
{
    QJsonArray out;
    for (const KeyValue &kv : list)
        if (kv.enabled)
            out.append(QJsonObject{{QStringLiteral("name"), kv.name},
                                   {QStringLiteral("value"), kv.value}});
    return out;
}

// The URL as it went out: the model's separate query entries appended.
QString sentUrl(const HttpRequest &r)
{
    QString url = r.url;
    for (const KeyValue &q : r.query)
        if (q.enabled)
            url += (url.contains(u'?') ? u'&' : u'?') + q.name +
                   (q.value.isEmpty() ? QString() : u'=' + q.value);
    return url;
}

QString headerValue(const QList<KeyValue> &headers, const QString &name)
{
    for (const KeyValue &h : headers)
        if (h.enabled && h.name.compare(name, Qt::CaseInsensitive) == 0)
            return h.value;
    return {};
}

QJsonObject postData(const HttpRequest &r, qint64 *size)
{
    const Body &b = r.body;
    QString mime = b.contentType.isEmpty() ? headerValue(r.headers, QStringLiteral("Content-Type"))
                                           : b.contentType;
    QJsonObject o;
    QString text;
    switch (b.kind) {
    case Body::Kind::None:
        return {};
    case Body::Kind::Raw:
        text = b.text;
        break;
    case Body::Kind::GraphQl: {
        QJsonObject g{{QStringLiteral("query"), b.text}};
        const QJsonDocument vars = QJsonDocument::fromJson(b.graphqlVariables.toUtf8());
        if (vars.isObject())
            g.insert(QStringLiteral("variables"), vars.object());
        text = QString::fromUtf8(QJsonDocument(g).toJson(QJsonDocument::Compact));
        if (mime.isEmpty())
            mime = QStringLiteral("application/json");
        break;
    }
    case Body::Kind::UrlEncoded:
    case Body::Kind::Multipart: {
        QJsonArray params;
        QUrlQuery encoded;
        for (const FormField &f : b.fields) {
            if (!f.enabled)
                continue;
            QJsonObject p{{QStringLiteral("name"), f.name}, {QStringLiteral("value"), f.value}};
            if (!f.filePath.isEmpty())
                p.insert(QStringLiteral("fileName"), f.filePath);
            if (!f.contentType.isEmpty())
                p.insert(QStringLiteral("contentType"), f.contentType);
            params.append(p);
            encoded.addQueryItem(f.name, f.value);
        }
        o.insert(QStringLiteral("params"), params);
        if (b.kind == Body::Kind::UrlEncoded)
            text = encoded.toString(QUrl::FullyEncoded);
        break;
    }
    case Body::Kind::File:
        // The file's bytes are not in the model; HAR keeps where they came from as a comment.
        o.insert(QStringLiteral("comment"), QStringLiteral("body from file %1").arg(b.filePath));
        break;
    }
    o.insert(QStringLiteral("mimeType"), mime);
    o.insert(QStringLiteral("text"), text);
    *size = text.toUtf8().size();
    return o;
}

QJsonObject requestJson(const HarEntry &e)
{
    const HttpRequest &r = e.request;
    const QString url = sentUrl(r);
    QJsonArray query;
    for (const auto &[name, value] :
         QUrlQuery(QUrl(url).query(QUrl::FullyEncoded)).queryItems(QUrl::FullyDecoded))
        query.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    qint64 bodySize = 0;
    QJsonObject o{{QStringLiteral("method"), r.method},
                  {QStringLiteral("url"), url},
                  {QStringLiteral("httpVersion"), e.httpVersion},
                  {QStringLiteral("cookies"), QJsonArray()},
                  {QStringLiteral("headers"), nameValues(r.headers)},
                  {QStringLiteral("queryString"), query},
                  {QStringLiteral("headersSize"), -1}};
    const QJsonObject post = postData(r, &bodySize);
    if (!post.isEmpty())
        o.insert(QStringLiteral("postData"), post);
    o.insert(QStringLiteral("bodySize"), bodySize);
    return o;
}

QJsonObject responseJson(const HarResponse &r)
{
    QJsonObject content{
        {QStringLiteral("size"), r.body.size()},
        {QStringLiteral("mimeType"), headerValue(r.headers, QStringLiteral("Content-Type"))}};
    auto decoder = QStringDecoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(r.body);
    if (!decoder.hasError()) {
        content.insert(QStringLiteral("text"), text);
    } else {
        content.insert(QStringLiteral("text"), QString::fromLatin1(r.body.toBase64()));
        content.insert(QStringLiteral("encoding"), QStringLiteral("base64"));
    }
    return {{QStringLiteral("status"), r.status},
            {QStringLiteral("statusText"), r.statusText},
            {QStringLiteral("httpVersion"), r.httpVersion},
            {QStringLiteral("cookies"), QJsonArray()},
            {QStringLiteral("headers"), nameValues(r.headers)},
            {QStringLiteral("content"), content},
            {QStringLiteral("redirectURL"), r.redirectUrl},
            {QStringLiteral("headersSize"), -1},
            {QStringLiteral("bodySize"), r.bodySize}};
}

// -1 stays -1 (did not happen) for the optional phases; anything else is clamped to >= 0.
double optionalPhase(double ms)
{
    return ms < 0 ? -1 : ms;
}

} // namespace

QByteArray exportHar(const QList<HarEntry> &entries)
{
    QJsonArray out;
    for (const HarEntry &e : entries) {
        const HarTimings &t = e.timings;
        const double blocked = optionalPhase(t.blocked), dns = optionalPhase(t.dns),
                     connect = optionalPhase(t.connect), ssl = optionalPhase(t.ssl);
        const double send = std::max(0.0, t.send), wait = std::max(0.0, t.wait),
                     receive = std::max(0.0, t.receive);
        // ssl is part of connect (HAR 1.2), so it is not added a second time.
        double total = send + wait + receive;
        for (double phase : {blocked, dns, connect})
            if (phase >= 0)
                total += phase;
        QJsonObject timings{{QStringLiteral("blocked"), blocked}, {QStringLiteral("dns"), dns},
                            {QStringLiteral("connect"), connect}, {QStringLiteral("ssl"), ssl},
                            {QStringLiteral("send"), send},       {QStringLiteral("wait"), wait},
                            {QStringLiteral("receive"), receive}};
        QJsonObject entry{{QStringLiteral("startedDateTime"),
                           (e.started.isValid() ? e.started : QDateTime::currentDateTimeUtc())
                               .toUTC()
                               .toString(Qt::ISODateWithMs)},
                          {QStringLiteral("time"), total},
                          {QStringLiteral("request"), requestJson(e)},
                          {QStringLiteral("response"), responseJson(e.response)},
                          {QStringLiteral("cache"), QJsonObject()},
                          {QStringLiteral("timings"), timings}};
        if (!e.serverIp.isEmpty())
            entry.insert(QStringLiteral("serverIPAddress"), e.serverIp);
        out.append(entry);
    }
    const QString version = QCoreApplication::applicationVersion();
    const QJsonObject log{{QStringLiteral("version"), QStringLiteral("1.2")},
                          {QStringLiteral("creator"),
                           QJsonObject{{QStringLiteral("name"), QStringLiteral("Backbench")},
                                       {QStringLiteral("version"),
                                        version.isEmpty() ? QStringLiteral("unknown") : version}}},
                          {QStringLiteral("entries"), out}};
    return QJsonDocument(QJsonObject{{QStringLiteral("log"), log}}).toJson(QJsonDocument::Indented);
}

} // namespace bb::workspace
