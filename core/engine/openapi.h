// bb::engine — the OpenAPI 3.1 document of every route and each resource's schema, generated
// from the route table and the live database schema.
#pragma once

#include "engine/engine_config.h"
#include "engine/router.h"
#include "store/schema.h"

#include <QJsonObject>

namespace bb::engine {

QJsonObject buildOpenApi(const Router &router, const store::Schema &schema,
                         const EngineConfig &config);

} // namespace bb::engine
