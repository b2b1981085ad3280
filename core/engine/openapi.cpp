#include "engine/openapi.h"

#include <QJsonArray>

namespace bb::engine {

namespace {

QJsonObject ref(const QString &name)
{
    return QJsonObject{{"$ref", QStringLiteral("#/components/schemas/") + name}};
}

QJsonObject jsonContent(const QJsonObject &schema, const char *type = "application/json")
{
    return QJsonObject{{QLatin1String(type), QJsonObject{{"schema", schema}}}};
}

QJsonObject problemResponse(const QString &description)
{
    return QJsonObject{{"description", description},
                       {"content", jsonContent(ref("Problem"), "application/problem+json")}};
}

QJsonObject columnSchema(const store::Column &c)
{
    QJsonObject s;
    QString type;
    switch (c.type) {
    case store::ColumnType::Integer:
        type = "integer";
        break;
    case store::ColumnType::Real:
        type = "number";
        break;
    case store::ColumnType::Boolean:
        type = "boolean";
        break;
    case store::ColumnType::DateTime:
        type = "string";
        s.insert("format", "date-time");
        break;
    case store::ColumnType::Blob:
        type = "string";
        s.insert("contentEncoding", "base64");
        break;
    case store::ColumnType::Text:
        type = "string";
        break;
    case store::ColumnType::Json:
    case store::ColumnType::Other:
        break; // any JSON value
    }
    if (!type.isEmpty())
        s.insert("type", c.notNull || c.primaryKey ? QJsonValue(type)
                                                   : QJsonValue(QJsonArray{type, "null"}));
    if (c.generated)
        s.insert("readOnly", true);
    if (!c.declaredType.isEmpty())
        s.insert("description", QStringLiteral("Column type %1").arg(c.declaredType));
    return s;
}

QJsonObject tableSchema(const store::Table &t)
{
    QJsonObject props;
    QJsonArray required;
    for (const store::Column &c : t.columns) {
        props.insert(c.name, columnSchema(c));
        if (c.notNull && !c.hasDefault && !c.generated)
            required.append(c.name);
    }
    QJsonObject s{{"type", "object"}, {"properties", props}};
    if (!required.isEmpty())
        s.insert("required", required);
    return s;
}

QString camel(const QString &resource)
{
    QString out;
    bool upper = true;
    for (QChar ch : resource) {
        if (!ch.isLetterOrNumber()) {
            upper = true;
            continue;
        }
        out += upper ? ch.toUpper() : ch;
        upper = false;
    }
    return out;
}

QJsonObject queryParam(const char *name, const char *type, const QString &description)
{
    return QJsonObject{{"name", name},
                       {"in", "query"},
                       {"required", false},
                       {"description", description},
                       {"schema", QJsonObject{{"type", type}}}};
}

QJsonObject pathParam(const QString &name, const QString &description)
{
    return QJsonObject{{"name", name},
                       {"in", "path"},
                       {"required", true},
                       {"description", description},
                       {"schema", QJsonObject{{"type", "string"}}}};
}

void addResourcePaths(QJsonObject &paths, QJsonObject &schemas, const store::Table &t)
{
    const QString name = t.name;
    const QString id = camel(name);
    schemas.insert(name, tableSchema(t));
    schemas.insert(
        name + "List",
        QJsonObject{
            {"type", "object"},
            {"properties",
             QJsonObject{{"page", QJsonObject{{"type", "integer"}}},
                         {"perPage", QJsonObject{{"type", "integer"}}},
                         {"totalItems",
                          QJsonObject{{"type", "integer"}, {"description", "-1 with skipTotal"}}},
                         {"totalPages", QJsonObject{{"type", "integer"}}},
                         {"items", QJsonObject{{"type", "array"}, {"items", ref(name)}}}}},
            {"required", QJsonArray{"page", "perPage", "totalItems", "totalPages", "items"}}});

    const QJsonArray tags{name};
    QJsonObject list{
        {"operationId", "list" + id},
        {"summary", "List " + name},
        {"tags", tags},
        {"parameters",
         QJsonArray{
             queryParam("page", "integer", "1-based page number"),
             queryParam("perPage", "integer", "Items per page (default 30, at most 500)"),
             queryParam("sort", "string",
                        "Comma-separated columns, '-' for descending, e.g. -created_at,title"),
             queryParam("filter", "string", "Filter expression, e.g. status>=500 && title~'intro'"),
             queryParam("fields", "string", "Comma-separated columns to return"),
             queryParam("skipTotal", "boolean", "Skip counting; totals come back as -1")}},
        {"responses",
         QJsonObject{
             {"200", QJsonObject{{"description", "A page of records"},
                                 {"content", jsonContent(ref(name + "List"))}}},
             {"400", problemResponse("Bad filter, sort, fields or paging, with the position")},
             {"401", problemResponse("No credentials, or refused ones")},
             {"403", problemResponse("The caller's roles do not grant it")}}}};
    QJsonObject create{
        {"operationId", "create" + id},
        {"summary", "Create a record in " + name},
        {"tags", tags},
        {"requestBody", QJsonObject{{"required", true}, {"content", jsonContent(ref(name))}}},
        {"responses",
         QJsonObject{{"201", QJsonObject{{"description", "Created; Location names the new record"},
                                         {"content", jsonContent(ref(name))}}},
                     {"400", problemResponse("Validation failed, per field")},
                     {"401", problemResponse("No credentials, or refused ones")},
                     {"403", problemResponse("The caller's roles do not grant it")},
                     {"409", problemResponse("A unique value is taken")}}}};
    paths.insert("/api/v1/" + name, QJsonObject{{"get", list}, {"post", create}});

    const QJsonArray idParam{pathParam(
        "id", "The record's " + (t.primaryKey.isEmpty() ? QStringLiteral("key") : t.primaryKey))};
    auto one = [&](const QString &verb, const QString &summary, bool body, const char *okCode,
                   const QString &okText) {
        QJsonObject responses{{"404", problemResponse("No such record")},
                              {"401", problemResponse("No credentials, or refused ones")},
                              {"403", problemResponse("The caller's roles do not grant it")}};
        if (QLatin1String(okCode) == QLatin1String("204"))
            responses.insert(okCode, QJsonObject{{"description", okText}});
        else
            responses.insert(
                okCode, QJsonObject{{"description", okText}, {"content", jsonContent(ref(name))}});
        if (body) {
            responses.insert("400", problemResponse("Validation failed, per field"));
            responses.insert("409", problemResponse("A unique value is taken"));
        }
        if (verb != "get")
            responses.insert("412", problemResponse("If-Match did not match the current ETag"));
        else
            responses.insert("304", QJsonObject{{"description", "Not modified (If-None-Match)"}});
        QJsonObject op{{"operationId", verb + id},
                       {"summary", summary},
                       {"tags", tags},
                       {"responses", responses}};
        if (body)
            op.insert("requestBody",
                      QJsonObject{{"required", true}, {"content", jsonContent(ref(name))}});
        return op;
    };
    paths.insert("/api/v1/" + name + "/{id}",
                 QJsonObject{{"parameters", idParam},
                             {"get", one("get", "Get one record of " + name, false, "200",
                                         "The record, with an ETag")},
                             {"put", one("replace", "Replace a record of " + name, true, "200",
                                         "The stored record")},
                             {"patch", one("update", "Merge fields into a record of " + name, true,
                                           "200", "The stored record")},
                             {"delete", one("delete", "Delete a record of " + name, false, "204",
                                            "Deleted")}});
}

// Query parameters of the admin log and trace routes (log_handlers.cpp).
QJsonArray logQueryParameters(const std::string &pattern)
{
    QJsonArray out;
    if (pattern == "/api/admin/logs" || pattern == "/api/admin/logs/stream") {
        out.append(queryParam("level", "string", "Lowest level: debug, info, warn or error"));
        out.append(queryParam("q", "string",
                              "Filter language, e.g. status>=500 && msg~'timeout'; a bad one "
                              "gives 400 with its position"));
    }
    if (pattern == "/api/admin/logs") {
        out.append(queryParam("since", "string", "RFC 3339 time or ms since the epoch"));
        out.append(
            queryParam("until", "string", "RFC 3339 time or ms since the epoch (exclusive)"));
        out.append(queryParam("after", "integer", "Only seqs above this; oldest first"));
        out.append(queryParam("before", "integer", "Only seqs below this; newest first"));
        out.append(queryParam("limit", "integer", "Records per page, 1 to 5000 (default 200)"));
    }
    if (pattern == "/api/admin/logs/stream") {
        out.append(queryParam("lastEventId", "integer",
                              "Replay records after this seq (as the Last-Event-ID header)"));
        out.append(
            queryParam("follow", "boolean", "false: end the stream once the replay has caught up"));
    }
    if (pattern == "/api/admin/traces") {
        out.append(queryParam("minDurationMs", "number", "Only traces at least this long"));
        out.append(queryParam("status", "string", "A status code (503) or class (5xx)"));
        out.append(queryParam("route", "string", "Route pattern or path"));
        out.append(queryParam("since", "string", "RFC 3339 time or ms since the epoch"));
        out.append(queryParam("error", "boolean", "Only traces with (true) or without errors"));
        out.append(queryParam("limit", "integer", "Traces, 1 to 1000 (default 100)"));
    }
    return out;
}

QString operationId(const Route &r)
{
    QString id = QString::fromStdString(r.method).toLower();
    for (const std::string &seg : r.segments)
        id += camel(QString::fromStdString(seg));
    return id;
}

} // namespace

QJsonObject buildOpenApi(const Router &router, const store::Schema &schema,
                         const EngineConfig &config)
{
    QJsonObject paths;
    QJsonObject schemas{
        {"Problem",
         QJsonObject{{"type", "object"},
                     {"description", "RFC 9457 problem details"},
                     {"properties",
                      QJsonObject{{"type", QJsonObject{{"type", "string"}}},
                                  {"title", QJsonObject{{"type", "string"}}},
                                  {"status", QJsonObject{{"type", "integer"}}},
                                  {"detail", QJsonObject{{"type", "string"}}},
                                  {"errors",
                                   QJsonObject{{"type", "object"},
                                               {"additionalProperties",
                                                QJsonObject{{"type", "array"},
                                                            {"items",
                                                             QJsonObject{{"type", "string"}}}}}}}}},
                     {"required", QJsonArray{"title", "status"}}}},
        {"Any", QJsonObject{{"description", "A JSON document"}}}};

    for (const Route &r : router.routes()) {
        if (r.pattern.rfind("/api/v1/{resource}", 0) == 0)
            continue; // expanded per table below
        const QString path = QString::fromStdString(r.pattern);
        QJsonObject item = paths.value(path).toObject();
        QJsonArray params;
        for (const std::string &seg : r.segments)
            if (seg.size() > 2 && seg.front() == '{')
                params.append(pathParam(QString::fromStdString(seg.substr(1, seg.size() - 2)),
                                        "Path parameter"));
        if (!params.isEmpty())
            item.insert("parameters", params);
        const QJsonArray query = logQueryParameters(r.pattern);
        const bool text = r.pattern == "/metrics";
        const bool events = r.pattern == "/api/admin/logs/stream";
        QJsonObject ok{
            {"description", QString::fromStdString(r.summary)},
            {"content",
             text || events
                 ? QJsonObject{{events ? "text/event-stream" : "text/plain",
                                QJsonObject{{"schema", QJsonObject{{"type", "string"}}}}}}
                 : jsonContent(ref("Any"))}};
        QJsonObject op{
            {"operationId", operationId(r)},
            {"summary", QString::fromStdString(r.summary)},
            {"tags", QJsonArray{QString::fromStdString(r.tag)}},
            {"responses",
             QJsonObject{{"200", ok},
                         {r.pattern == "/readyz" ? "503" : "400",
                          problemResponse(r.pattern == "/readyz" ? "The database is unreachable"
                                                                 : "Bad request")}}}};
        if (!query.isEmpty())
            op.insert("parameters", query);
        if (r.pattern == "/api/admin/traces/{traceId}")
            op.insert(
                "responses",
                QJsonObject{{"200", ok}, {"404", problemResponse("No such trace in the ring")}});
        if (r.access == Access::Public) {
            op.insert("security", QJsonArray{}); // callable without credentials
        } else {
            QJsonObject responses = op.value("responses").toObject();
            responses.insert("401", problemResponse("No credentials, or refused ones"));
            if (r.access != Access::Authenticated)
                responses.insert("403", problemResponse("The caller's roles do not grant it"));
            op.insert("responses", responses);
        }
        item.insert(QString::fromStdString(r.method).toLower(), op);
        paths.insert(path, item);
    }

    QJsonArray tags{
        QJsonObject{{"name", "meta"}, {"description", "Health, metrics and this document"}},
        QJsonObject{{"name", "auth"}, {"description", "Log in, refresh, log out, who am I"}},
        QJsonObject{{"name", "admin"},
                    {"description", "Users, roles, policy test, audit, schema, traces and logs"}}};
    for (const store::Table *t : schema.resources()) {
        addResourcePaths(paths, schemas, *t);
        tags.append(
            QJsonObject{{"name", t->name},
                        {"description", QStringLiteral("Records of the %1 table").arg(t->name)}});
    }

    const QString scheme = config.tlsCertFile.isEmpty() ? "http" : "https";
    const QString host =
        config.bindAddress == "0.0.0.0" ? QStringLiteral("127.0.0.1") : config.bindAddress;
    return QJsonObject{
        {"openapi", "3.1.0"},
        {"info", QJsonObject{{"title", "Backbench engine"},
                             {"version", "0.1.0"},
                             {"description", "The REST API the Backbench engine serves over its "
                                             "database: one resource per table."}}},
        {"servers", QJsonArray{QJsonObject{
                        {"url", QStringLiteral("%1://%2:%3").arg(scheme, host).arg(config.port)}}}},
        {"tags", tags},
        {"paths", paths},
        {"security", QJsonArray{QJsonObject{{"bearerAuth", QJsonArray{}}},
                                QJsonObject{{"apiKey", QJsonArray{}}}}},
        {"components",
         QJsonObject{
             {"schemas", schemas},
             {"securitySchemes",
              QJsonObject{
                  {"bearerAuth",
                   QJsonObject{{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}},
                  {"apiKey",
                   QJsonObject{{"type", "apiKey"}, {"in", "header"}, {"name", "X-API-Key"}}}}}}}};
}

} // namespace bb::engine
