#include "workspace/curl.h"

#include "workspace/shell_words_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace bb::workspace {

namespace {

using detail::shellQuote;

QString withQuery(QString url, const QList<KeyValue> &query)
{
    for (const KeyValue &q : query) {
        if (!q.enabled)
            continue;
        url += url.contains(u'?') ? u'&' : u'?';
        url += QString::fromUtf8(QUrl::toPercentEncoding(q.name)) + u'=' +
               QString::fromUtf8(QUrl::toPercentEncoding(q.value));
    }
    return url;
}

bool hasHeader(const HttpRequest &r, const QString &name)
{
    for (const KeyValue &h : r.headers)
        if (h.enabled && h.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

} // namespace

QString exportCurl(const HttpRequest &r)
{
    QStringList lines;
    QList<KeyValue> query = r.query;
    if (r.auth.kind == Auth::Kind::ApiKey && r.auth.keyIn == Auth::ApiKeyIn::Query)
        query.append({r.auth.keyName, r.auth.keyValue, true});

    QString first = QStringLiteral("curl");
    // HEAD goes through --head: `-X HEAD` makes curl wait for a body that never comes.
    if (r.method == u"HEAD")
        first += QStringLiteral(" --head");
    else
        first += QStringLiteral(" -X ") + shellQuote(r.method);
    // A URL that starts with '-' would read as an option; --url says it is not one.
    const QString url = withQuery(r.url, query);
    first +=
        (url.startsWith(u'-') ? QStringLiteral(" --url ") : QStringLiteral(" ")) + shellQuote(url);
    lines.append(first);

    for (const KeyValue &h : r.headers)
        if (h.enabled)
            lines.append(QStringLiteral("-H ") +
                         shellQuote(h.name + QStringLiteral(": ") + h.value));
    // The model keeps the body's content type apart from the headers; curl needs it as one.
    const Body &b = r.body;
    const QString contentType = b.contentType.isEmpty() && b.kind == Body::Kind::GraphQl
                                    ? QStringLiteral("application/json")
                                    : b.contentType;
    if (b.kind != Body::Kind::None && !contentType.isEmpty() &&
        !hasHeader(r, QStringLiteral("Content-Type")) &&
        !(b.kind == Body::Kind::Multipart && contentType == u"multipart/form-data") &&
        contentType != u"application/x-www-form-urlencoded")
        lines.append(QStringLiteral("-H ") +
                     shellQuote(QStringLiteral("Content-Type: ") + contentType));

    switch (r.auth.kind) {
    case Auth::Kind::None:
    case Auth::Kind::OAuth2:
        if (r.auth.kind == Auth::Kind::OAuth2 && !r.auth.token.isEmpty())
            lines.append(QStringLiteral("--oauth2-bearer ") + shellQuote(r.auth.token));
        break;
    case Auth::Kind::Basic:
    case Auth::Kind::Digest:
        if (r.auth.kind == Auth::Kind::Digest)
            lines.append(QStringLiteral("--digest"));
        lines.append(QStringLiteral("-u ") + shellQuote(r.auth.username + u':' + r.auth.password));
        break;
    case Auth::Kind::Bearer:
        lines.append(QStringLiteral("--oauth2-bearer ") + shellQuote(r.auth.token));
        break;
    case Auth::Kind::ApiKey:
        if (r.auth.keyIn == Auth::ApiKeyIn::Header)
            lines.append(QStringLiteral("-H ") +
                         shellQuote(r.auth.keyName + QStringLiteral(": ") + r.auth.keyValue));
        break;
    case Auth::Kind::AwsV4:
        lines.append(
            QStringLiteral("--aws-sigv4 ") +
            shellQuote(QStringLiteral("aws:amz:%1:%2").arg(r.auth.region, r.auth.service)));
        lines.append(QStringLiteral("-u ") +
                     shellQuote(r.auth.accessKey + u':' + r.auth.secretKey));
        if (!r.auth.sessionToken.isEmpty())
            lines.append(
                QStringLiteral("-H ") +
                shellQuote(QStringLiteral("x-amz-security-token: ") + r.auth.sessionToken));
        break;
    }

    switch (b.kind) {
    case Body::Kind::None:
        break;
    case Body::Kind::Raw:
        lines.append(QStringLiteral("--data-raw ") + shellQuote(b.text));
        break;
    case Body::Kind::UrlEncoded:
        for (const FormField &f : b.fields)
            if (f.enabled)
                lines.append(QStringLiteral("--data-urlencode ") +
                             shellQuote(f.name + u'=' + f.value));
        break;
    case Body::Kind::Multipart:
        for (const FormField &f : b.fields) {
            if (!f.enabled)
                continue;
            if (!f.filePath.isEmpty()) {
                QString v = f.name + QStringLiteral("=@") + f.filePath;
                if (!f.contentType.isEmpty())
                    v += QStringLiteral(";type=") + f.contentType;
                lines.append(QStringLiteral("-F ") + shellQuote(v));
            } else {
                // --form-string: a value starting with @ or < is text, not a file.
                lines.append(QStringLiteral("--form-string ") +
                             shellQuote(f.name + u'=' + f.value));
            }
        }
        break;
    case Body::Kind::File:
        // --data-binary labels the bytes as a form unless told otherwise; -T sends no type.
        if (b.contentType.isEmpty())
            lines.append(QStringLiteral("-T ") + shellQuote(b.filePath));
        else
            lines.append(QStringLiteral("--data-binary ") + shellQuote(u'@' + b.filePath));
        break;
    case Body::Kind::GraphQl: {
        QJsonObject o{{QStringLiteral("query"), b.text}};
        const QJsonDocument vars = QJsonDocument::fromJson(b.graphqlVariables.toUtf8());
        if (vars.isObject())
            o.insert(QStringLiteral("variables"), vars.object());
        lines.append(
            QStringLiteral("--data-raw ") +
            shellQuote(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact))));
        break;
    }
    }
    return lines.join(QStringLiteral(" \\\n  "));
}

} // namespace bb::workspace
