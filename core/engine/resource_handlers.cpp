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

const QString kOwnerColumn = QStringLiteral("owner_id");

/// An `:own` grant needs a column saying whose a row is.
std::optional<http::Response> requireOwnerColumn(const store::Table &table)
{
    if (table.column(kOwnerColumn))
        return std::nullopt;
    return problemResponse(403, QStringLiteral("Your roles grant only your own %1 rows, and %1 "
                                               "has no owner_id column to tell whose a row is.")
                                    .arg(table.name));
}

/// Whether a row, as the store wrote it, belongs to `userId`.
bool ownedBy(const std::string &rowJson, qint64 userId)
{
    const QJsonObject row =
        QJsonDocument::fromJson(QByteArray::fromRawData(rowJson.data(), qsizetype(rowJson.size())))
            .object();
    const QJsonValue owner = row.value(kOwnerColumn);
    return owner.isDouble() && qint64(owner.toDouble()) == userId;
}

/// A create by a signed-in caller sets owner_id to them when the body leaves it out. An `:own`
/// caller may not name anyone else, and their PUT (which replaces every column) keeps them as
/// the owner.
std::optional<http::Response> applyOwnership(const RequestContext &ctx, const store::Table &table,
                                             QJsonObject &values, bool isCreate, bool isReplace)
{
    const Principal &p = ctx.principal;
    const bool missing = !values.contains(kOwnerColumn);
    if (p.ownOnly) {
        if (auto bad = requireOwnerColumn(table))
            return bad;
        const QJsonValue given = values.value(kOwnerColumn);
        if (!missing && !(given.isDouble() && qint64(given.toDouble()) == p.id))
            return validationProblem(
                403, {{kOwnerColumn, {QStringLiteral("you may only set yourself as the owner")}}});
        if (missing && (isCreate || isReplace))
            values.insert(kOwnerColumn, double(p.id));
        return std::nullopt;
    }
    if (isCreate && missing && p.authenticated && table.column(kOwnerColumn))
        values.insert(kOwnerColumn, double(p.id));
    return std::nullopt;
}

/// Adds the owner check to a write's precondition for `:own` callers; `notOwned` tells the
/// caller to answer 404 rather than 412.
store::RowPrecondition guarded(const RequestContext &ctx, store::RowPrecondition inner,
                               bool &notOwned)
{
    if (!ctx.principal.ownOnly)
        return inner;
    const qint64 me = ctx.principal.id;
    return [me, inner = std::move(inner), &notOwned](const std::string &current) {
        if (!ownedBy(current, me)) {
            notOwned = true;
            return false;
        }
        return !inner || inner(current);
    };
}

http::Response list(Services &s, RequestContext &ctx, const store::Table *table)
{
    store::ListOptions opt;
    opt.perPage = kDefaultPerPage;
    for (const auto &[key, value] : parseQuery(ctx.request.query())) {
        if (key == "page") {
            if (auto bad = intParameter(key, value, 1, opt.page))
                return *bad;
        } else if (key == "perPage") {
            if (auto bad = intParameter(key, value, 1, opt.perPage))
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

    if (ctx.principal.ownOnly) {
        if (auto bad = requireOwnerColumn(*table))
            return *bad;
        opt.ownerId = ctx.principal.id;
    }
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
    if (ctx.principal.ownOnly)
        if (auto bad = requireOwnerColumn(*table))
            return *bad;
    auto row = s.repo->get(*table, qs(ctx.param("id")));
    if (!row)
        return storeFailure(row.error());
    // Someone else's row answers exactly as a missing one: an `:own` caller learns nothing.
    if (!row->has_value() || (ctx.principal.ownOnly && !ownedBy(**row, ctx.principal.id)))
        return notFoundRow(ctx.param("resource"), ctx.param("id"));
    return rowResponse(200, **row);
}

http::Response create(Services &s, RequestContext &ctx, const store::Table *table)
{
    QJsonObject values;
    if (auto bad = parseJsonBody(ctx.request, values))
        return *bad;
    if (auto bad = applyOwnership(ctx, *table, values, true, false))
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
    if (auto bad = parseJsonBody(ctx.request, values))
        return *bad;
    if (auto bad = applyOwnership(ctx, *table, values, false, replace))
        return *bad;
    bool notOwned = false;
    auto result = s.repo->update(*table, qs(ctx.param("id")), values, replace,
                                 guarded(ctx, ifMatch(ctx.request), notOwned));
    if (notOwned)
        return notFoundRow(ctx.param("resource"), ctx.param("id"));
    return writeOutcome(s, *table, ctx.param("id"), result, 200);
}

http::Response remove(Services &s, RequestContext &ctx, const store::Table *table)
{
    if (ctx.principal.ownOnly)
        if (auto bad = requireOwnerColumn(*table))
            return *bad;
    bool notOwned = false;
    auto result =
        s.repo->remove(*table, qs(ctx.param("id")), guarded(ctx, ifMatch(ctx.request), notOwned));
    if (notOwned)
        return notFoundRow(ctx.param("resource"), ctx.param("id"));
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
               "resources", onTable(s, list), Access::Resource);
    router.add("POST", col, "Create a record", "resources", onTable(s, create), Access::Resource);
    router.add("GET", one, "Get one record (ETag, If-None-Match)", "resources", onTable(s, getOne),
               Access::Resource);
    router.add("PUT", one, "Replace a record (If-Match)", "resources",
               onTable(s, [](Services &svc, RequestContext &c,
                             const store::Table *t) { return update(svc, c, t, true); }),
               Access::Resource);
    router.add("PATCH", one, "Merge fields into a record (If-Match)", "resources",
               onTable(s, [](Services &svc, RequestContext &c,
                             const store::Table *t) { return update(svc, c, t, false); }),
               Access::Resource);
    router.add("DELETE", one, "Delete a record (If-Match)", "resources", onTable(s, remove),
               Access::Resource);
}

} // namespace bb::engine
