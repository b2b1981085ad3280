// bb::tester — turns the request the user edits (`{{var}}` text, enabled/disabled rows, every
// body and auth kind) into what the libcurl client sends, with a W3C traceparent so the server
// side of the same request can be looked up afterwards.
#pragma once

#include "client/http_types.h"
#include "common/result.h"
#include "tester/variables.h"
#include "workspace/request.h"

#include <QString>
#include <QStringList>

#include <functional>

namespace bb::tester {

struct BuiltRequest {
    client::HttpRequest wire;
    /// The 32 hex digits of the traceparent sent (the user's own when valid), else empty.
    QString traceId;
    /// Names of `{{...}}` references left as written (unknown, cyclic), each once.
    QStringList unresolved;
};

struct BuildOptions {
    /// Gets an OAuth 2.0 access token for the (variable-resolved) auth settings. Unset: the
    /// request's own auth.token is used when it holds one.
    std::function<Result<QString>(const workspace::Auth &)> oauth2Token;
    /// Relative file paths (bodies, certificates) are taken relative to this folder; empty =
    /// the process's working directory.
    QString baseDir;
    /// Add a fresh traceparent unless the request has one.
    bool addTraceParent = true;
};

/// Resolves variables in every field and maps the result onto the client's request. The
/// request's own `variables` serve as the Request scope when `variables` has none. Fails with
/// an Error naming the field (e.g. "url", "header 'X-A'", "body field 'file'", "auth.keyName",
/// "settings.caBundle") and why.
Result<BuiltRequest> buildRequest(const workspace::HttpRequest &request,
                                  const VariableScopes &variables,
                                  const workspace::RequestSettings &collectionSettings,
                                  const BuildOptions &options = {});

/// A fresh W3C traceparent, version 00, sampled: "00-<32 hex>-<16 hex>-01". traceId gets the
/// 32 hex digits.
QByteArray newTraceParent(QString *traceId);

/// Percent-encodes a query component: text that came from a variable is data (everything but
/// RFC 3986 unreserved characters is encoded); template text keeps its valid %XX escapes and
/// the characters a query may hold, and has the rest (spaces, quotes, non-ASCII, ...) encoded.
QByteArray encodeQueryPart(const QString &text, bool fromVariable);

} // namespace bb::tester
