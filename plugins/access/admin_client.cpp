#include "admin_client.h"

#include "problem.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

namespace bb::plugins::access {

AdminClient::AdminClient(std::function<QUrl()> baseUrl, std::function<QString()> token,
                         QObject *parent)
    : AdminApi(parent)
    , m_baseUrl(std::move(baseUrl))
    , m_token(std::move(token))
    , m_net(new QNetworkAccessManager(this))
{
    // The admin API never redirects; following one could leak the bearer token elsewhere.
    m_net->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QUrl AdminClient::baseUrl() const
{
    return m_baseUrl ? m_baseUrl() : QUrl();
}

QUrl AdminClient::urlFor(const QUrl &base, const ApiRequest &request)
{
    QUrl url = base;
    QString path = base.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + request.path);
    QStringList pairs;
    for (const auto &[key, value] : request.query.queryItems(QUrl::FullyDecoded))
        pairs << QString::fromLatin1(QUrl::toPercentEncoding(key) + '=' +
                                     QUrl::toPercentEncoding(value));
    if (pairs.isEmpty())
        url.setQuery(QString());
    else
        url.setQuery(pairs.join(QLatin1Char('&')), QUrl::StrictMode);
    return url;
}

void AdminClient::send(const ApiRequest &request, QObject *context, ApiCallback done)
{
    dispatch(request, QPointer<QObject>(context), std::move(done), false);
}

void AdminClient::dispatch(const ApiRequest &request, QPointer<QObject> context, ApiCallback done,
                           bool retried)
{
    const QUrl base = baseUrl();
    if (!base.isValid() || base.host().isEmpty()) {
        ApiResponse r;
        r.error = tr("No backend address is set.");
        QTimer::singleShot(0, this, [context, done, r] {
            if (context && done)
                done(r);
        });
        return;
    }
    QNetworkRequest req(urlFor(base, request));
    req.setRawHeader("Accept", "application/json, application/problem+json");
    if (request.authenticated && m_token) {
        const QString token = m_token();
        if (!token.isEmpty())
            req.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    }
    QByteArray payload;
    if (!request.body.isUndefined()) {
        req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        payload = request.body.isArray()
                      ? QJsonDocument(request.body.toArray()).toJson(QJsonDocument::Compact)
                      : QJsonDocument(request.body.toObject()).toJson(QJsonDocument::Compact);
    }
    QNetworkReply *reply = request.body.isUndefined() && request.method == "GET"
                               ? m_net->get(req)
                               : m_net->sendCustomRequest(req, request.method, payload);

    // Our own timer rather than setTransferTimeout(): it lets the message say what timed out.
    auto *timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, reply, [reply] {
        reply->setProperty("bbTimedOut", true);
        reply->abort();
    });
    timer->start(m_timeoutMs);

    connect(reply, &QNetworkReply::finished, this, [=, this] {
        reply->deleteLater();
        const ApiResponse r = readReply(reply, request, reply->property("bbTimedOut").toBool());
        if (r.status == 401 && request.authenticated && !retried && m_renew && context) {
            m_renew([=, this](bool renewed) {
                if (renewed)
                    dispatch(request, context, done, true);
                else if (context && done)
                    done(r);
            });
            return;
        }
        if (context && done)
            done(r);
    });
}

ApiResponse AdminClient::readReply(QNetworkReply *reply, const ApiRequest &request, bool timedOut)
{
    ApiResponse r;
    const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    const QByteArray bytes = reply->readAll();
    if (!status.isValid()) {
        const QString where = baseUrl().toString();
        r.error = timedOut ? tr("%1 did not answer within %2 s (%3).")
                                 .arg(where)
                                 .arg(m_timeoutMs / 1000.0)
                                 .arg(request.label())
                           : tr("Cannot reach %1: %2.").arg(where, reply->errorString());
        noteReachability(false, r.error);
        return r;
    }
    r.status = status.toInt();
    noteReachability(true, {});
    if (r.status >= 200 && r.status < 300) {
        if (bytes.trimmed().isEmpty())
            return r;
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &err);
        if (err.error != QJsonParseError::NoError)
            r.error = tr("%1 answered with something that is not JSON (%2).")
                          .arg(request.label(), err.errorString());
        else
            r.body = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
        return r;
    }
    r.error = describeProblem(r.status, bytes, &r.fieldErrors);
    return r;
}

void AdminClient::noteReachability(bool reachable, const QString &message)
{
    const int state = reachable ? 1 : 0;
    if (state == m_reachable && message == m_lastMessage)
        return;
    m_reachable = state;
    m_lastMessage = message;
    emit reachabilityChanged(reachable, message);
}

} // namespace bb::plugins::access
