#include "engine/auth/admin_support.h"

#include "engine/responses.h"
#include "engine/router.h"

#include <QJsonArray>

namespace bb::engine::auth {

Actor actorOf(const RequestContext &ctx)
{
    Actor a;
    if (ctx.principal.authenticated) {
        a.id = ctx.principal.id;
        a.name = ctx.principal.email;
    }
    a.ip = QString::fromStdString(ctx.request.remoteAddress);
    return a;
}

std::optional<http::Response> idParam(const RequestContext &ctx, const char *name,
                                      const QString &what, qint64 &out)
{
    const QString text = QString::fromStdString(ctx.param(name));
    bool ok = false;
    out = text.toLongLong(&ok);
    if (ok && out > 0)
        return std::nullopt;
    return problemResponse(404, QStringLiteral("No %1 with id '%2'.").arg(what, text));
}

QString queryValue(const Query &q, const char *name)
{
    return QString::fromStdString(queryParam(q, name));
}

std::optional<http::Response> paging(const Query &q, int defaultPerPage, int &page, int &perPage)
{
    page = 1;
    perPage = defaultPerPage;
    const auto read = [&q](const char *name, int min, int &out) -> std::optional<http::Response> {
        const std::string text = queryParam(q, name);
        return text.empty() ? std::nullopt : intParameter(name, text, min, out);
    };
    if (auto bad = read("page", 1, page))
        return bad;
    if (auto bad = read("perPage", 1, perPage))
        return bad;
    perPage = std::min(perPage, 500);
    return std::nullopt;
}

http::Response pageResponse(const QJsonArray &items, qint64 total, int page, int perPage)
{
    return jsonResponse(200, QJsonObject{{"items", items},
                                         {"page", page},
                                         {"perPage", perPage},
                                         {"totalItems", double(total)},
                                         {"totalPages", double((total + perPage - 1) / perPage)}});
}

http::Response writeFailure(const Error &e, const QString &field)
{
    if ((e.code == ErrorCode::Conflict || e.code == ErrorCode::Invalid) && !field.isEmpty())
        return validationProblem(e.code == ErrorCode::Conflict ? 409 : 400, {{field, {e.message}}});
    if (e.code == ErrorCode::Conflict)
        return problemResponse(409, e.message);
    return storeFailure(e);
}

} // namespace bb::engine::auth
