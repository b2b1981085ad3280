#include "engine/handlers.h"
#include "engine/responses.h"

#include <QDateTime>
#include <QJsonArray>

namespace bb::engine {

QJsonObject tableToJson(const store::Table &t)
{
    QJsonArray columns;
    for (const store::Column &c : t.columns) {
        QJsonObject j{{"name", c.name},       {"type", c.declaredType},
                      {"notNull", c.notNull}, {"primaryKey", c.primaryKey},
                      {"unique", c.unique},   {"generated", c.generated}};
        if (c.hasDefault)
            j.insert("default", c.defaultSql);
        columns.append(j);
    }
    QJsonArray indexes;
    for (const store::Index &i : t.indexes)
        indexes.append(QJsonObject{{"name", i.name},
                                   {"columns", QJsonArray::fromStringList(i.columns)},
                                   {"unique", i.unique}});
    QJsonArray fks;
    for (const store::ForeignKey &f : t.foreignKeys)
        fks.append(QJsonObject{{"columns", QJsonArray::fromStringList(f.columns)},
                               {"refTable", f.refTable},
                               {"refColumns", QJsonArray::fromStringList(f.refColumns)},
                               {"onDelete", f.onDelete}});
    return QJsonObject{{"name", t.name},
                       {"view", t.isView},
                       {"system", t.isSystem()},
                       {"primaryKey", t.primaryKey},
                       {"rowEstimate", double(t.rowEstimate)},
                       {"columns", columns},
                       {"indexes", indexes},
                       {"foreignKeys", fks},
                       {"triggers", QJsonArray::fromStringList(t.triggers)}};
}

void registerAdminRoutes(Router &router, Services &s)
{
    router.add(
        "GET", "/api/admin/schema", "Every table with columns, indexes and foreign keys", "admin",
        [&s](RequestContext &) {
            QJsonArray tables;
            for (const store::Table &t : s.schema()->tables)
                tables.append(tableToJson(t));
            return jsonResponse(
                200,
                QJsonObject{
                    {"dialect", s.db->dialect() == store::Dialect::Sqlite ? "sqlite" : "postgres"},
                    {"tables", tables}});
        },
        Access::Admin, "schema");

    router.add(
        "POST", "/api/admin/schema/reload", "Re-read the schema after outside changes", "admin",
        [&s](RequestContext &) {
            if (auto r = s.db->reloadSchema(); !r)
                return problemResponse(
                    503, QStringLiteral("Could not read the schema: %1").arg(r.error().message));
            s.cache.clear();
            return jsonResponse(200, QJsonObject{{"tables", int(s.schema()->tables.size())}});
        },
        Access::Admin, "schema");
}

} // namespace bb::engine
