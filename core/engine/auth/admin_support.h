// bb::engine::auth — what the admin handlers share: the acting user for the audit log, query
// and path parameters, and mapping store errors of identity writes to problems.
#pragma once

#include "engine/auth/audit_log.h"
#include "engine/request_context.h"
#include "engine/responses.h"
#include "http/message.h"

#include <QJsonArray>

#include <optional>
#include <string>
#include <vector>

namespace bb::engine::auth {

using Query = std::vector<std::pair<std::string, std::string>>;

/// The caller of an admin route, as the audit log records them.
Actor actorOf(const RequestContext &ctx);

/// The numeric path parameter `name`, or a 404 naming what was not found.
std::optional<http::Response> idParam(const RequestContext &ctx, const char *name,
                                      const QString &what, qint64 &out);

QString queryValue(const Query &q, const char *name);
/// page and perPage (default `defaultPerPage`, max 500); a 400 naming the parameter otherwise.
std::optional<http::Response> paging(const Query &q, int defaultPerPage, int &page, int &perPage);
/// The list envelope of the resource API.
http::Response pageResponse(const QJsonArray &items, qint64 total, int page, int perPage);

/// `{items: [row.toJson()…]}`, or the store's failure.
template<typename Row> http::Response itemsResponse(const Result<QList<Row>> &rows)
{
    if (!rows)
        return storeFailure(rows.error());
    QJsonArray items;
    for (const Row &row : *rows)
        items.append(row.toJson());
    return jsonResponse(200, QJsonObject{{"items", items}});
}

/// A failed identity write as a problem: Conflict → 409 and Invalid → 400 (both naming
/// `field` when given), NotFound → 404, anything else through storeFailure().
http::Response writeFailure(const Error &e, const QString &field = {});

} // namespace bb::engine::auth
