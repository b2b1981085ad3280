// bb::engine::auth — the few value conversions the identity tables need on both dialects:
// times are ISO 8601 text on SQLite (the format its column defaults write) and timestamptz on
// PostgreSQL; booleans are 0/1 on SQLite.
#pragma once

#include "common/result.h"
#include "store/schema.h"

#include <QDateTime>
#include <QJsonValue>
#include <QVariant>

namespace bb::engine::auth {

/// The current time, UTC, to the millisecond (what both databases keep).
QDateTime nowUtc();
/// A value to bind for `t`; a null QDateTime binds SQL NULL.
QVariant sqlTime(store::Dialect dialect, const QDateTime &t);
/// Reads a time column written by either database; NULL gives a null QDateTime.
QDateTime readTime(const QVariant &v);
QVariant sqlBool(store::Dialect dialect, bool b);
/// True when a failed statement broke a UNIQUE constraint, on either database.
bool isUniqueViolation(const Error &e);
/// ISO 8601 with milliseconds and Z, or JSON null.
QJsonValue timeJson(const QDateTime &t);

} // namespace bb::engine::auth
