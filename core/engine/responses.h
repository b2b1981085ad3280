// bb::engine — building the engine's responses: JSON bodies, RFC 9457 problems, ETags.
#pragma once

#include "common/result.h"
#include "http/message.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <optional>
#include <string>

namespace bb::engine {

/// 200-style JSON response with `application/json`.
http::Response jsonResponse(int status, const QJsonObject &body);
/// A JSON response from an already serialised body.
http::Response rawJsonResponse(int status, std::string body);

/// `application/problem+json` with type, title, status, detail and any extra members.
http::Response problemResponse(int status, const QString &detail, const QJsonObject &extra = {});
/// 400/409 with per-field messages: `errors: {field: [message]}`.
http::Response validationProblem(int status, const QMap<QString, QStringList> &errors);
/// 400 for bad filter/sort text, pointing at the character position.
http::Response positionProblem(const QString &detail, const QString &parameter, int position);

/// Maps a store failure that is not a validation outcome to a status (400/404/409/503/500).
http::Response storeFailure(const Error &e);
/// Parses a JSON object body into `out`; a 415 for another content type, a 400 with the byte
/// offset for broken JSON.
std::optional<http::Response> parseJsonBody(const http::Request &req, QJsonObject &out);

/// Reads an integer query parameter of at least `min` into `out`; a 400 naming the parameter
/// and the value otherwise.
std::optional<http::Response> intParameter(const std::string &name, const std::string &value,
                                           int min, int &out);

/// A strong ETag for a serialised representation: `"<16 hex digits>"`.
std::string etagFor(std::string_view body);
/// True when an If-None-Match (`weak` comparison) or If-Match (strong) header value lists
/// `etag`, or is `*`.
bool etagMatches(std::string_view headerValue, std::string_view etag, bool weak);

} // namespace bb::engine
