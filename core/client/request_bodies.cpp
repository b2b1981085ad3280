#include "client/request_bodies.h"

#include <QJsonDocument>
#include <QUrl>

namespace bb::client {

namespace {
void setContentType(HttpRequest &request, const QByteArray &contentType)
{
    request.headers.removeIf(
        [](const auto &h) { return h.first.compare("Content-Type", Qt::CaseInsensitive) == 0; });
    if (!contentType.isEmpty())
        request.headers.append({"Content-Type", contentType});
}

void setBytes(HttpRequest &request, const QByteArray &bytes)
{
    request.body = {};
    request.body.kind = RequestBody::Kind::Bytes;
    request.body.bytes = bytes;
}
} // namespace

void setRawBody(HttpRequest &request, const QByteArray &bytes, const QByteArray &contentType)
{
    setBytes(request, bytes);
    setContentType(request, contentType);
}

QByteArray formUrlEncode(const QList<QPair<QString, QString>> &fields)
{
    QByteArray out;
    for (const auto &[name, value] : fields) {
        if (!out.isEmpty())
            out += '&';
        out += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return out;
}

void setFormBody(HttpRequest &request, const QList<QPair<QString, QString>> &fields)
{
    setRawBody(request, formUrlEncode(fields), "application/x-www-form-urlencoded");
}

void setMultipartBody(HttpRequest &request, const QList<MultipartPart> &parts)
{
    request.body = {};
    request.body.kind = RequestBody::Kind::Multipart;
    request.body.parts = parts;
    // libcurl adds "multipart/form-data; boundary=..." itself; a stale type would override it.
    setContentType(request, {});
}

void setFileBody(HttpRequest &request, const QString &path, const QByteArray &contentType)
{
    request.body = {};
    request.body.kind = RequestBody::Kind::File;
    request.body.filePath = path;
    setContentType(request, contentType.isEmpty() ? "application/octet-stream" : contentType);
}

void setGraphQlBody(HttpRequest &request, const QString &query, const QJsonObject &variables,
                    const QString &operationName)
{
    QJsonObject o{{"query", query}};
    if (!variables.isEmpty())
        o.insert("variables", variables);
    if (!operationName.isEmpty())
        o.insert("operationName", operationName);
    setRawBody(request, QJsonDocument(o).toJson(QJsonDocument::Compact), "application/json");
}

} // namespace bb::client
