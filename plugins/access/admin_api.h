// bb::plugins::access — the seam between the Access panel's models and the admin HTTP API.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <functional>

namespace bb::plugins::access {

/// One call of the admin API. `path` starts with '/' and is relative to the target's base URL.
struct ApiRequest {
    QByteArray method = "GET";
    QString path;
    QUrlQuery query;
    /// Sent as the JSON body when not undefined (PUT/PATCH/POST).
    QJsonValue body = QJsonValue(QJsonValue::Undefined);
    /// False for the login and refresh calls, which must not carry a (possibly stale) token.
    bool authenticated = true;

    /// "GET /api/admin/users", for error messages.
    QString label() const { return QString::fromLatin1(method) + QLatin1Char(' ') + path; }
};

/// The answer: a parsed JSON body on success, a sentence for people on failure.
struct ApiResponse {
    int status = 0; ///< HTTP status; 0 when the server was not reached
    QJsonValue body;
    /// Empty on success. Otherwise the problem's `detail` (or a transport error), followed by
    /// the field errors, ready to show as is.
    QString error;
    /// The problem's `errors: {field: [message]}`, for forms that mark fields.
    QHash<QString, QStringList> fieldErrors;

    bool ok() const { return error.isEmpty(); }
    QJsonObject object() const { return body.toObject(); }
};

using ApiCallback = std::function<void(const ApiResponse &)>;

/// The models talk to this, never to QNetworkAccessManager, so tests can answer them by hand
/// (in any order, or not at all) and the same models serve the embedded engine and remote ones.
class AdminApi : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    /// Sends `request`; `done` runs later on this thread, and only while `context` lives, so a
    /// model destroyed mid-request is never called back.
    virtual void send(const ApiRequest &request, QObject *context, ApiCallback done) = 0;
    /// The target's base URL (e.g. http://127.0.0.1:8080), for links handed to other panels.
    virtual QUrl baseUrl() const = 0;

    // Conveniences over send().
    void get(const QString &path, const QUrlQuery &query, QObject *context, ApiCallback done);
    void post(const QString &path, const QJsonValue &body, QObject *context, ApiCallback done);
    void patch(const QString &path, const QJsonObject &body, QObject *context, ApiCallback done);
    void put(const QString &path, const QJsonValue &body, QObject *context, ApiCallback done);
    void del(const QString &path, QObject *context, ApiCallback done);

signals:
    /// Every answer (or transport failure) reports whether the target was reachable, so the
    /// panel's header can say "connected" or why not without a separate health probe.
    void reachabilityChanged(bool reachable, const QString &message);
};

/// The paged list envelope `{page, perPage, totalItems, totalPages, items}`.
struct PageEnvelope {
    int page = 1;
    int perPage = 0;
    qint64 totalItems = 0;
    int totalPages = 0;
    QJsonArray items;

    static PageEnvelope fromJson(const QJsonObject &o);
};

} // namespace bb::plugins::access
