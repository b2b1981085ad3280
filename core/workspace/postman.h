// Postman Collection v2.0 / v2.1 import: the format most teams already keep their requests in.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

namespace bb::workspace {

/// Items with `item` become folders, the rest requests. Collection and folder auth is inherited
/// by requests that set none, and collection/folder scripts are prepended to each request's
/// script in Postman's run order, since the model keeps scripts on requests only. Folder and
/// request variables go to Folder::variables and HttpRequest::variables. Saved example
/// responses, unsupported auth types (oauth1, hawk, ntlm, ...) and protocol options are warnings.
bb::Result<ImportReport> importPostman(const QByteArray &json);

/// A Postman Collection v2.1.0 document that importPostman reads back as the same collection:
/// folders, collection/folder/request variables, each request's auth (so nothing relies on
/// inheritance), bodies, and scripts as `event` exec lines. What Postman has no place for is
/// left out: transport settings, and a raw body's content type other than JSON, XML, HTML,
/// JavaScript or plain text (send it as a Content-Type header). Enabled `query` entries are
/// appended to the URL, disabled ones kept in `url.query` as Postman does.
QByteArray exportPostman(const Collection &collection);

} // namespace bb::workspace
