// YAML 1.2 documents as QJsonValue trees, so the OpenAPI importer reads YAML and JSON alike.
#pragma once

#include "common/result.h"

#include <QJsonValue>

namespace bb::workspace::detail {

/// Converts the first YAML document. Plain scalars are typed by YAML's core schema (null, bool,
/// int, float); quoted ones stay strings. Errors carry the byte offset and line:column (1-based)
/// in the message. Nesting depth and node count are capped so alias bombs fail instead of
/// exhausting memory.
bb::Result<QJsonValue> parseYaml(const QByteArray &text);

} // namespace bb::workspace::detail
