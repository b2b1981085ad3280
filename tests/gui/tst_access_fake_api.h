// Test support — an AdminApi that records requests and lets the test answer them, in any order.
#pragma once

#include "admin_api.h"

#include <QJsonArray>
#include <QList>

namespace bbtest {

class FakeAdminApi : public bb::plugins::access::AdminApi {
public:
    struct Pending {
        bb::plugins::access::ApiRequest request;
        QPointer<QObject> context;
        bb::plugins::access::ApiCallback done;

        QString param(const QString &key) const { return request.query.queryItemValue(key); }
    };

    QList<Pending> pending;

    void send(const bb::plugins::access::ApiRequest &request, QObject *context,
              bb::plugins::access::ApiCallback done) override
    {
        pending.append({request, QPointer<QObject>(context), std::move(done)});
    }
    QUrl baseUrl() const override { return QUrl(QStringLiteral("http://backend.test:8080")); }

    /// Answers request `i` (removing it) with a JSON body.
    void answer(int i, const QJsonValue &body, int status = 200)
    {
        Pending p = pending.takeAt(i);
        bb::plugins::access::ApiResponse r;
        r.status = status;
        r.body = body;
        if (p.context && p.done)
            p.done(r);
    }
    void fail(int i, const QString &message, int status = 500)
    {
        Pending p = pending.takeAt(i);
        bb::plugins::access::ApiResponse r;
        r.status = status;
        r.error = message;
        if (p.context && p.done)
            p.done(r);
    }
    int indexOf(const QString &path, const QString &key = {}, const QString &value = {}) const
    {
        for (int i = 0; i < pending.size(); ++i) {
            if (pending[i].request.path == path &&
                (key.isEmpty() || pending[i].param(key) == value))
                return i;
        }
        return -1;
    }
};

/// A page of `count` synthetic users starting at `first` (0-based), out of `total`.
inline QJsonObject userPage(int first, int count, qint64 total, int perPage,
                            const QString &prefix = QStringLiteral("user"))
{
    QJsonArray items;
    for (int i = first; i < first + count; ++i) {
        items.append(QJsonObject{
            {"id", i + 1},
            {"email",
             QStringLiteral("%1%2@example.com").arg(prefix).arg(i, 6, 10, QLatin1Char('0'))},
            {"displayName", QStringLiteral("User %1").arg(i)},
            {"roles", QJsonArray{"viewer"}},
            {"disabled", false},
            {"lockedUntil", QJsonValue::Null},
            {"createdAt", "2024-06-01T10:00:00Z"},
            {"lastLoginAt", QJsonValue::Null}});
    }
    return QJsonObject{{"page", first / perPage + 1},
                       {"perPage", perPage},
                       {"totalItems", total},
                       {"totalPages", int((total + perPage - 1) / perPage)},
                       {"items", items}};
}

} // namespace bbtest
