// bb::client — body helpers: each sets the request's body and its Content-Type header (replacing
// an earlier Content-Type), so a request never carries a body its header contradicts.
#pragma once

#include "client/http_types.h"

#include <QJsonObject>

namespace bb::client {

void setRawBody(HttpRequest &request, const QByteArray &bytes, const QByteArray &contentType);
/// application/x-www-form-urlencoded: pairs percent-encoded (space as %20), in order.
void setFormBody(HttpRequest &request, const QList<QPair<QString, QString>> &fields);
/// multipart/form-data: libcurl writes the boundary and its Content-Type header.
void setMultipartBody(HttpRequest &request, const QList<MultipartPart> &parts);
/// A file streamed from disk as the whole body.
void setFileBody(HttpRequest &request, const QString &path, const QByteArray &contentType);
/// GraphQL over HTTP: {"query", "variables", "operationName"} as JSON.
void setGraphQlBody(HttpRequest &request, const QString &query, const QJsonObject &variables = {},
                    const QString &operationName = {});

/// The form encoding used by setFormBody, for tests and previews.
QByteArray formUrlEncode(const QList<QPair<QString, QString>> &fields);

} // namespace bb::client
