#include "engine/handlers.h"
#include "engine/responses.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <charconv>
#include <cmath>

namespace bb::engine {

namespace {

constexpr int kDefaultPerPage = 30;
constexpr int kMaxPerPage = 500;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// The table a resource route names, or a 404 naming it.
const store::Table *findResource(const store::Schema &schema, const std::string &name)
{
    const store::Table *t = schema.table(qs(name));
    return t && !t->isSystem() && !t->isView ? t : nullptr;
}

http::Response unknownResource(const std::string &name)
{
    return problemResponse(404, QStringLiteral("There is no resource called '%1'.").arg(qs(name)));
}

http::Response notFoundRow(const std::string &resource, const std::string &id)
{
    return problemResponse(404,
                           QStringLiteral("No %1 record with id '%2'.").arg(qs(resource), qs(id)));
}

/// Maps a store failure that is not a validation outcome to a status.
http::Response storeFailure(const Error &e)
{
    switch (e.code) {
    case ErrorCode::Invalid:
        return problemResponse(400, e.message);
    case ErrorCode::NotFound:
        return problemResponse(404, e.message);
    case ErrorCode::Conflict:
        return problemResponse(409, e.message);
    case ErrorCode::Unavailable:
        return problemResponse(503, e.message);
    default:
        return problemResponse(500, QStringLiteral("The database failed: %1").arg(e.message));
    }
}

/// A row (or list page) as the store wrote it; its ETag is a hash of exactly these bytes.
http::Response rowResponse(int status, std::string body)
{
    http::Response r = rawJsonResponse(status, std::move(body));
    r.headers.add("ETag", etagFor(r.body));
    return r;
}

void appendMember(std::string &out, std::string_view name, qint64 value)
{
    out.append(name);
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    out.append(buf, end);
}

/// Parses a JSON object body; a 400 with the byte offset otherwise.
std::optional<http::Response> parseBody(const http::Request &req, QJsonObject &out)
{
    const auto type = req.headers.get("Content-Type");
    if (!type.empty() && type.find("json") == std::string_view::npos)
        return problemResponse(415,
                               QStringLiteral("Send the record as application/json (got '%1').")
                                   .arg(QString::fromUtf8(type.data(), int(type.size()))));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(req.body.data(), qsizetype(req.body.size())), &err);
    if (err.error != QJsonParseError::NoError)
        return problemResponse(400,
                               QStringLiteral("The body is not valid JSON: %1 at byte %2.")
                                   .arg(err.errorString())
                                   .arg(err.offset),
                               QJsonObject{{"position", err.offset}});
    if (!doc.isObject())
        return problemResponse(400, QStringLiteral("The body must be a JSON object."));
    out = doc.object();
    return std::nullopt;
}

/// Parses a positive integer query parameter; a 400 naming it otherwise.
std::optional<http::Response> intParam(const std::string &name, const std::string &value, int min,
                                       int &out)
{
    bool ok = false;
    const int v = qs(value).toInt(&ok);
    if (!ok || v < min)
        return problemResponse(400,
                               QStringLiteral("'%1' must be an integer of at least %2 (got '%3').")
                                   .arg(qs(name))
                                   .arg(min)
                                   .arg(qs(value)),
                               QJsonObject{{"parameter", qs(name)}});
    out = v;
    return std::nullopt;
}

http::Response writeOutcome(Services &s, const store::Table &table, const std::string &id,
                            Result<store::WriteOutcome> &result, int successStatus)
{
    if (!result)
        return storeFailure(result.error());
    const store::WriteOutcome &o = *result;
    if (o.notFound)
        return notFoundRow(table.name.toStdString(), id);
    if (o.preconditionFailed)
        return problemResponse(
            412, QStringLiteral("The record changed since you read it (If-Match did not match)."));
    if (!o.errors.isEmpty())
        return validationProblem(o.conflict ? 409 : 400, o.errors);
    s.cache.invalidate(table.name.toStdString());
    if (!o.rowJson)
        return http::Response{.status = 204};
    return rowResponse(successStatus, *o.rowJson);
}

/// If-Match, checked against the current row's representation inside the write lock.
store::RowPrecondition ifMatch(const http::Request &req)
{
    const std::string header(req.headers.get("If-Match"));
    if (header.empty())
        return {};
    return [header](const std::string &current) {
        return etagMatches(header, etagFor(current), false);
    };
}

http::Response list(Services &s, RequestContext &ctx, const store::Table *table)
{
    store::ListOptions opt;
    opt.perPage = kDefaultPerPage;
    for (const auto &[key, value] : parseQuery(ctx.request.query())) {
        if (key == "page") {
            if (auto bad = intParam(key, value, 1, opt.page))
                return *bad;
        } else if (key == "perPage") {
            if (auto bad = intParam(key, value, 1, opt.perPage))
                return *bad;
            opt.perPage = std::min(opt.perPage, kMaxPerPage);
        } else if (key == "sort") {
            opt.sort = qs(value);
        } else if (key == "filter") {
            opt.filter = qs(value);
        } else if (key == "fields") {
            for (const QString &f : qs(value).split(QLatin1Char(','), Qt::SkipEmptyParts))
                opt.fields << f.trimmed();
        } else if (key == "skipTotal") {
            opt.skipTotal = value.empty() || value == "1" || value == "true";
        }
    }
    // Name the parameter an error is about, with its position, before touching the database.
    if (!opt.filter.isEmpty()) {
        if (opt.filter.size() > store::kMaxFilterLength)
            return positionProblem(QStringLiteral("The filter is longer than %1 characters.")
                                       .arg(store::kMaxFilterLength),
                                   QStringLiteral("filter"), store::kMaxFilterLength);
        if (auto f = store::compileFilter(opt.filter, *table, s.db->dialect()); !f)
            return positionProblem(f.error().message, QStringLiteral("filter"), f.error().position);
    }
    if (!opt.sort.isEmpty())
        if (auto so = store::compileSort(opt.sort, *table, s.db->dialect()); !so)
            return positionProblem(so.error().message, QStringLiteral("sort"), so.error().position);

    auto result = s.repo->list(*table, opt);
    if (!result)
        return result.error().code == ErrorCode::Invalid
                   ? positionProblem(result.error().message, QStringLiteral("fields"),
                                     result.error().position)
                   : storeFailure(result.error());
    const qint64 total = result->totalItems;
    const qint64 pages = total < 0 ? -1 : (total + opt.perPage - 1) / opt.perPage;
    // The envelope's keys in the order a QJsonObject sorts them, which is what clients saw
    // before the items came from the store as text.
    std::string body;
    body.reserve(result->itemsJson.size() + 96);
    body.append("{\"items\":");
    body.append(result->itemsJson);
    appendMember(body, ",\"page\":", opt.page);
    appendMember(body, ",\"perPage\":", opt.perPage);
    appendMember(body, ",\"totalItems\":", total);
    appendMember(body, ",\"totalPages\":", pages);
    body.push_back('}');
    return rowResponse(200, std::move(body));
}

http::Response getOne(Services &s, RequestContext &ctx, const store::Table *table)
{
    auto row = s.repo->get(*table, qs(ctx.param("id")));
    if (!row)
        return storeFailure(row.error());
    if (!row->has_value())
        return notFoundRow(ctx.param("resource"), ctx.param("id"));
    return rowResponse(200, **row);
}

http::Response create(Services &s, RequestContext &ctx, const store::Table *table)
{
    QJsonObject values;
    if (auto bad = parseBody(ctx.request, values))
        return *bad;
    auto result = s.repo->insert(*table, values);
    http::Response r = writeOutcome(s, *table, {}, result, 201);
    if (r.status == 201 && !table->primaryKey.isEmpty())
        r.headers.add("Location",
                      "/api/v1/" + ctx.param("resource") + "/" + result->id.toStdString());
    return r;
}

http::Response update(Services &s, RequestContext &ctx, const store::Table *table, bool replace)
{
    QJsonObject values;
    if (auto bad = parseBody(ctx.request, values))
        return *bad;
    auto result =
        s.repo->update(*table, qs(ctx.param("id")), values, replace, ifMatch(ctx.request));
    return writeOutcome(s, *table, ctx.param("id"), result, 200);
}

http::Response remove(Services &s, RequestContext &ctx, const store::Table *table)
{
    auto result = s.repo->remove(*table, qs(ctx.param("id")), ifMatch(ctx.request));
    if (result && !result->notFound && !result->preconditionFailed && result->errors.isEmpty())
        result->rowJson.reset(); // a delete answers 204 with no body
    return writeOutcome(s, *table, ctx.param("id"), result, 204);
}

/// Wraps a handler so it runs only for an existing resource table, holding the schema
/// snapshot for the duration of the call.
template<typename Fn> RouteHandler onTable(Services &s, Fn fn)
{
    return [&s, fn](RequestContext &ctx) {
        const auto schema = s.schema();
        const store::Table *table = findResource(*schema, ctx.param("resource"));
        if (!table)
            return unknownResource(ctx.param("resource"));
        return fn(s, ctx, table);
    };
}

} // namespace

void registerResourceRoutes(Router &router, Services &s)
{
    const std::string col = "/api/v1/{resource}";
    const std::string one = "/api/v1/{resource}/{id}";
    router.add("GET", col, "List records: page, perPage, sort, filter, fields, skipTotal",
               "resources", onTable(s, list));
    router.add("POST", col, "Create a record", "resources", onTable(s, create));
    router.add("GET", one, "Get one record (ETag, If-None-Match)", "resources", onTable(s, getOne));
    router.add("PUT", one, "Replace a record (If-Match)", "resources",
               onTable(s, [](Services &svc, RequestContext &c, const store::Table *t) {
                   return update(svc, c, t, true);
               }));
    router.add("PATCH", one, "Merge fields into a record (If-Match)", "resources",
               onTable(s, [](Services &svc, RequestContext &c, const store::Table *t) {
                   return update(svc, c, t, false);
               }));
    router.add("DELETE", one, "Delete a record (If-Match)", "resources", onTable(s, remove));
}

} // namespace bb::engine
