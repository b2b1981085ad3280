#include "admin_api.h"

namespace bb::plugins::access {

void AdminApi::get(const QString &path, const QUrlQuery &query, QObject *context, ApiCallback done)
{
    ApiRequest r;
    r.path = path;
    r.query = query;
    send(r, context, std::move(done));
}

void AdminApi::post(const QString &path, const QJsonValue &body, QObject *context, ApiCallback done)
{
    ApiRequest r;
    r.method = "POST";
    r.path = path;
    r.body = body;
    send(r, context, std::move(done));
}

void AdminApi::patch(const QString &path, const QJsonObject &body, QObject *context,
                     ApiCallback done)
{
    ApiRequest r;
    r.method = "PATCH";
    r.path = path;
    r.body = body;
    send(r, context, std::move(done));
}

void AdminApi::put(const QString &path, const QJsonValue &body, QObject *context, ApiCallback done)
{
    ApiRequest r;
    r.method = "PUT";
    r.path = path;
    r.body = body;
    send(r, context, std::move(done));
}

void AdminApi::del(const QString &path, QObject *context, ApiCallback done)
{
    ApiRequest r;
    r.method = "DELETE";
    r.path = path;
    send(r, context, std::move(done));
}

PageEnvelope PageEnvelope::fromJson(const QJsonObject &o)
{
    PageEnvelope p;
    p.page = o.value(QLatin1String("page")).toInt(1);
    p.perPage = o.value(QLatin1String("perPage")).toInt();
    p.totalItems = qint64(o.value(QLatin1String("totalItems")).toDouble());
    p.totalPages = o.value(QLatin1String("totalPages")).toInt();
    p.items = o.value(QLatin1String("items")).toArray();
    // A server that skipped the count (-1) still tells us there is at least this page.
    if (p.totalItems < 0)
        p.totalItems = qint64(p.items.size());
    return p;
}

} // namespace bb::plugins::access
