// bb::engine — registration of every route the engine serves, grouped by area.
#pragma once

#include "engine/router.h"
#include "engine/services.h"

namespace bb::engine {

/// /healthz, /readyz, /metrics, /api/openapi.json, /api/v1.
void registerMetaRoutes(Router &router, Services &s);
/// /api/v1/{resource} and /api/v1/{resource}/{id}.
void registerResourceRoutes(Router &router, Services &s);
/// /api/admin/schema.
void registerAdminRoutes(Router &router, Services &s);
/// /api/admin/logs, /api/admin/logs/stream, /api/admin/traces (log_handlers.cpp).
void registerLogRoutes(Router &router, Services &s);

/// /api/v1/auth: register, login, refresh, logout, me.
void registerAuthRoutes(Router &router, Services &s);
/// /api/admin/users and everything under it (roles, sessions, API keys, unlock, reset).
void registerAdminUserRoutes(Router &router, Services &s);
/// /api/admin/roles, /permissions, /authorize and /audit.
void registerAdminRoleRoutes(Router &router, Services &s);

/// JSON for one trace with its spans, as /api/admin/traces/{id} answers.
QJsonObject traceToJson(const telemetry::Trace &trace, bool withSpans);
/// JSON for one table: columns, primary key, indexes, foreign keys.
QJsonObject tableToJson(const store::Table &table);

} // namespace bb::engine
