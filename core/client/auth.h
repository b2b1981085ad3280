// bb::client — auth helpers: build an Auth, and turn the text-only kinds (bearer, API key) into
// the headers or query parameters they stand for. Basic, digest and SigV4 are left to libcurl.
#pragma once

#include "client/http_types.h"

namespace bb::client {

Auth basicAuth(const QString &user, const QString &password);
Auth bearerAuth(const QByteArray &token);
Auth apiKeyHeader(const QByteArray &headerName, const QByteArray &key);
Auth apiKeyQuery(const QByteArray &paramName, const QByteArray &key);
Auth digestAuth(const QString &user, const QString &password);
/// provider is "aws:amz:<region>:<service>" (libcurl's CURLOPT_AWS_SIGV4 syntax).
Auth awsSigV4(const QString &accessKeyId, const QString &secretKey, const QByteArray &provider);

/// The request as it goes on the wire for the text-only auth kinds: a Bearer Authorization
/// header, or the API key as a header or query parameter. Other kinds are returned unchanged.
HttpRequest withTextAuth(HttpRequest request);

} // namespace bb::client
