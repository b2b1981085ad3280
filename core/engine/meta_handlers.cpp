#include "engine/handlers.h"
#include "engine/openapi.h"
#include "engine/responses.h"

#include <QJsonArray>

namespace bb::engine {

void registerMetaRoutes(Router &router, Services &s)
{
    router.add("GET", "/healthz", "Liveness: the engine answers", "meta",
               [](RequestContext &) { return rawJsonResponse(200, R"({"status":"ok"})"); });

    router.add("GET", "/readyz", "Readiness: the database answers", "meta", [&s](RequestContext &) {
        if (s.db->ping())
            return rawJsonResponse(200, R"({"status":"ready"})");
        return problemResponse(503, QStringLiteral("The database is unreachable."));
    });

    router.add("GET", "/metrics", "Prometheus metrics (text format 0.0.4)", "meta",
               [&s](RequestContext &) {
                   http::Response r;
                   r.headers.add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                   r.body = s.registry.render();
                   return r;
               });

    router.add("GET", "/api/openapi.json", "The OpenAPI 3.1 document of every route and resource",
               "meta", [&s, &router](RequestContext &) {
                   return jsonResponse(200, buildOpenApi(router, *s.schema(), s.config));
               });

    router.add("GET", "/api/v1", "The list of resources", "meta", [&s](RequestContext &) {
        QJsonArray items;
        for (const store::Table *t : s.schema()->resources()) {
            items.append(QJsonObject{{"name", t->name},
                                     {"path", QStringLiteral("/api/v1/") + t->name},
                                     {"primaryKey", t->primaryKey},
                                     {"columns", int(t->columns.size())},
                                     {"rowEstimate", double(t->rowEstimate)}});
        }
        return jsonResponse(200, QJsonObject{{"resources", items}});
    });
}

} // namespace bb::engine
