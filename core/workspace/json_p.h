// JSON helpers shared by the JSON-based importers (HAR, Postman, OpenAPI).
#pragma once

#include "common/result.h"

#include <QJsonObject>

namespace bb::workspace::detail {

/// Parses a document whose top level must be an object; a syntax error carries its byte offset.
/// A UTF-8 byte-order mark is skipped (some HAR writers emit one).
bb::Result<QJsonObject> parseJsonObject(const QByteArray &bytes, const QString &what);

} // namespace bb::workspace::detail
