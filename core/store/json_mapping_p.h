// bb::store (private) — column values to JSON and back, by ColumnType.
#pragma once

#include "store/schema.h"

#include <QJsonValue>
#include <QString>
#include <QVariant>

#include <optional>

namespace bb::store::internal {

/// A database value as JSON: numbers, bools, strings, base64 for blobs, parsed JSON for Json.
QJsonValue toJson(const QVariant &value, ColumnType type);

/// A JSON value checked against a column and converted to what the driver binds; `error` is
/// the field message ("must be a number") when the value does not fit.
struct BoundValue {
    QVariant value;
    QString error;
};
BoundValue fromJson(const QJsonValue &value, const Column &column, Dialect dialect);

/// The primary key from a URL segment; nullopt when it cannot be one (not found, not 400).
std::optional<QVariant> keyFromString(const QString &id, const Column &column);

/// Now as ISO-8601 UTC with milliseconds and 'Z', the format every timestamp column gets.
QString nowTimestamp();

} // namespace bb::store::internal
