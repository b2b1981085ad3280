// Test support — a real engine on 127.0.0.1 port 0 over a temporary SQLite folder (demo data, the
// GUI's local admin), plus a blocking HTTP helper for checking what the panel did.
#pragma once

#include "engine/engine.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace bbtest {

struct HttpAnswer {
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class AccessEngine {
public:
    /// Starts (or restarts, on the same data folder) the engine; false with `*error` on failure.
    bool start(QString *error = nullptr)
    {
        bb::engine::EngineConfig c;
        c.bindAddress = QStringLiteral("127.0.0.1");
        c.port = 0;
        c.threads = 2;
        c.demo = true;
        c.localAdmin = true;
        c.generateFirstAdmin = false; // the GUI's own admin is the only one, as in the app
        c.dataDir = m_dir.path();
        if (m_tweak)
            m_tweak(c);
        m_engine = std::make_unique<bb::engine::Engine>(c);
        auto started = m_engine->start();
        if (!started && error)
            *error = started.error().message;
        return bool(started);
    }
    /// Adjusts the config of the next start().
    void setTweak(std::function<void(bb::engine::EngineConfig &)> tweak)
    {
        m_tweak = std::move(tweak);
    }
    void stop()
    {
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
    }
    ~AccessEngine() { stop(); }

    bb::engine::Engine *engine() const { return m_engine.get(); }
    QUrl baseUrl() const { return QUrl(m_engine->baseUrl()); }
    /// A fresh admin token, as the GUI's shell hands one to the panels.
    QString token() const { return m_engine->issueLocalAdminToken(); }
    QString dataDir() const { return m_dir.path(); }
    QString databaseFile() const { return m_dir.filePath(QStringLiteral("backbench.db")); }

    /// A blocking request; `headers` e.g. {{"Authorization", "Bearer …"}} or {{"X-API-Key", …}}.
    HttpAnswer request(const QByteArray &method, const QString &path, const QJsonObject &body = {},
                       const QList<QPair<QByteArray, QByteArray>> &headers = {},
                       bool asAdmin = false)
    {
        QUrl url = baseUrl();
        const int q = path.indexOf(QLatin1Char('?'));
        url.setPath(q < 0 ? path : path.left(q));
        if (q >= 0)
            url.setQuery(path.mid(q + 1));
        QNetworkRequest req(url);
        for (const auto &[name, value] : headers)
            req.setRawHeader(name, value);
        if (asAdmin)
            req.setRawHeader("Authorization", "Bearer " + token().toUtf8());
        QByteArray payload;
        if (!body.isEmpty()) {
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
        }
        QNetworkReply *reply = m_net.sendCustomRequest(req, method, payload);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(15000, &loop, &QEventLoop::quit);
        loop.exec();
        HttpAnswer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        reply->deleteLater();
        return a;
    }
    HttpAnswer admin(const QByteArray &method, const QString &path, const QJsonObject &body = {})
    {
        return request(method, path, body, {}, true);
    }
    /// POST /api/v1/auth/login.
    HttpAnswer login(const QString &email, const QString &password)
    {
        return request("POST", QStringLiteral("/api/v1/auth/login"),
                       QJsonObject{{"email", email}, {"password", password}});
    }

private:
    QTemporaryDir m_dir;
    std::function<void(bb::engine::EngineConfig &)> m_tweak;
    std::unique_ptr<bb::engine::Engine> m_engine;
    QNetworkAccessManager m_net;
};

} // namespace bbtest
