#include "workspace/http_file.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace bb::workspace {

namespace {

QString encoded(const QList<FormField> &fields)
{
    QStringList pairs;
    for (const FormField &f : fields)
        if (f.enabled)
            pairs.append(QString::fromUtf8(QUrl::toPercentEncoding(f.name)) + u'=' +
                         QString::fromUtf8(QUrl::toPercentEncoding(f.value)));
    return pairs.join(u'&');
}

// .http has no multipart syntax of its own: the body is written out with a fixed boundary,
// file parts as `< path` lines, which both clients read.
QString multipart(const QList<FormField> &fields, const QString &boundary)
{
    QStringList out;
    for (const FormField &f : fields) {
        if (!f.enabled)
            continue;
        out.append(QStringLiteral("--") + boundary);
        if (f.filePath.isEmpty()) {
            out.append(QStringLiteral("Content-Disposition: form-data; name=\"%1\"").arg(f.name));
            out.append(QString());
            out.append(f.value);
        } else {
            out.append(
                QStringLiteral("Content-Disposition: form-data; name=\"%1\"; filename=\"%2\"")
                    .arg(f.name, f.filePath.section(u'/', -1)));
            if (!f.contentType.isEmpty())
                out.append(QStringLiteral("Content-Type: ") + f.contentType);
            out.append(QString());
            out.append(QStringLiteral("< ") + f.filePath);
        }
    }
    out.append(QStringLiteral("--") + boundary + QStringLiteral("--"));
    return out.join(u'\n');
}

void writeRequest(QStringList &out, const HttpRequest &r, const QString &name)
{
    out.append(QStringLiteral("### ") + name);
    if (!r.preRequestScript.isEmpty())
        out.append(QStringLiteral("< {%\n") + r.preRequestScript + QStringLiteral("\n%}"));
    QString url = r.url;
    QList<KeyValue> query = r.query;
    if (r.auth.kind == Auth::Kind::ApiKey && r.auth.keyIn == Auth::ApiKeyIn::Query)
        query.append({r.auth.keyName, r.auth.keyValue, true});
    for (const KeyValue &q : query)
        if (q.enabled)
            url += (url.contains(u'?') ? u'&' : u'?') +
                   QString::fromUtf8(QUrl::toPercentEncoding(q.name)) + u'=' +
                   QString::fromUtf8(QUrl::toPercentEncoding(q.value));
    out.append(r.method + u' ' + url);

    bool hasContentType = false;
    for (const KeyValue &h : r.headers) {
        if (!h.enabled)
            continue;
        hasContentType |= h.name.compare(u"content-type", Qt::CaseInsensitive) == 0;
        out.append(h.name + QStringLiteral(": ") + h.value);
    }
    const QString boundary = QStringLiteral("BackbenchBoundary");
    const Body &b = r.body;
    QString contentType = b.contentType;
    if (b.kind == Body::Kind::Multipart)
        contentType = QStringLiteral("multipart/form-data; boundary=") + boundary;
    else if (b.kind == Body::Kind::GraphQl && contentType.isEmpty())
        contentType = QStringLiteral("application/json");
    if (b.kind != Body::Kind::None && !hasContentType && !contentType.isEmpty())
        out.append(QStringLiteral("Content-Type: ") + contentType);

    switch (r.auth.kind) {
    case Auth::Kind::Basic:
    case Auth::Kind::Digest:
        // Both clients take "user password" after the scheme and encode it themselves.
        out.append(QStringLiteral("Authorization: %1 %2 %3")
                       .arg(r.auth.kind == Auth::Kind::Basic ? "Basic" : "Digest", r.auth.username,
                            r.auth.password));
        break;
    case Auth::Kind::Bearer:
    case Auth::Kind::OAuth2:
        if (!r.auth.token.isEmpty())
            out.append(QStringLiteral("Authorization: Bearer ") + r.auth.token);
        break;
    case Auth::Kind::ApiKey:
        if (r.auth.keyIn == Auth::ApiKeyIn::Header)
            out.append(r.auth.keyName + QStringLiteral(": ") + r.auth.keyValue);
        break;
    case Auth::Kind::AwsV4:
        // REST Client's form; JetBrains has none, so it shows as a plain header there.
        out.append(QStringLiteral("Authorization: AWS %1 %2 region:%3 service:%4")
                       .arg(r.auth.accessKey, r.auth.secretKey, r.auth.region, r.auth.service));
        break;
    case Auth::Kind::None:
        break;
    }

    QString text;
    switch (b.kind) {
    case Body::Kind::None:
        break;
    case Body::Kind::Raw:
        text = b.text;
        break;
    case Body::Kind::UrlEncoded:
        text = encoded(b.fields);
        break;
    case Body::Kind::Multipart:
        text = multipart(b.fields, boundary);
        break;
    case Body::Kind::File:
        text = QStringLiteral("< ") + b.filePath;
        break;
    case Body::Kind::GraphQl: {
        QJsonObject o{{QStringLiteral("query"), b.text}};
        const QJsonDocument vars = QJsonDocument::fromJson(b.graphqlVariables.toUtf8());
        if (vars.isObject())
            o.insert(QStringLiteral("variables"), vars.object());
        text = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)).trimmed();
        break;
    }
    }
    if (!text.isEmpty()) {
        out.append(QString());
        out.append(text);
    }
    if (!r.testScript.isEmpty()) {
        out.append(QString());
        out.append(QStringLiteral("> {%\n") + r.testScript + QStringLiteral("\n%}"));
    }
    out.append(QString());
}

void writeFolder(QStringList &out, const Folder &f, const QString &prefix)
{
    for (const HttpRequest &r : f.requests)
        writeRequest(out, r, prefix + r.name);
    for (const Folder &sub : f.folders)
        writeFolder(out, sub, prefix + sub.name + u'/');
}

} // namespace

QString exportHttpFile(const Collection &c)
{
    QStringList out;
    for (const KeyValue &v : c.variables)
        if (v.enabled)
            out.append(u'@' + v.name + QStringLiteral(" = ") + v.value);
    if (!out.isEmpty())
        out.append(QString());
    writeFolder(out, c.root, QString());
    return out.join(u'\n');
}

} // namespace bb::workspace
