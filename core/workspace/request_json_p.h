// HttpRequest as a JSON object, for files that hold many requests in one line each (history).
// Every field round-trips; defaults are left out to keep lines short.
#pragma once

#include "workspace/request.h"

#include <QJsonObject>

namespace bb::workspace::detail {

QJsonObject requestToJson(const HttpRequest &request);
/// Lenient: a missing or mistyped field keeps its default.
HttpRequest requestFromJson(const QJsonObject &json);

} // namespace bb::workspace::detail
