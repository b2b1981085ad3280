#include "server_view.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace bb::plugins::loadtest {

ServerView::ServerView(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ServerView::scrape);
}

void ServerView::start(const QUrl &base)
{
    stop();
    m_url = base;
    m_url.setPath(QStringLiteral("/metrics"));
    m_url.setQuery(QString());
    m_last = {};
    m_problem.clear();
    m_clock.start();
    scrape(); // the baseline: rates start from the first interval
    m_timer.start();
}

void ServerView::stop()
{
    m_timer.stop();
    if (m_pending)
        m_pending->abort();
}

void ServerView::scrape()
{
    if (m_pending)
        return; // a slow engine: skip a tick rather than queue scrapes
    QNetworkRequest request(m_url);
    request.setTransferTimeout(kIntervalMs * 3);
    m_pending = m_network->get(request);
    const double t = double(m_clock.elapsed()) / 1000.0;
    connect(m_pending, &QNetworkReply::finished, this, [this, reply = m_pending.data(), t] {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            if (reply->error() != QNetworkReply::OperationCanceledError)
                m_problem = tr("/metrics: %1").arg(reply->errorString());
            return;
        }
        const QByteArray body = reply->readAll();
        EngineScrape now = parseEngineScrape(body);
        if (!now.valid) {
            m_problem = tr("/metrics has no http_requests_total or latency histogram");
            return;
        }
        m_problem.clear();
        if (m_last.valid && t > m_lastT) {
            const double rate = std::max(0.0, now.requests - m_last.requests) / (t - m_lastT);
            emit point(t, rate, quantileBetweenMs(m_last, now, 0.99));
        }
        m_last = std::move(now);
        m_lastT = t;
    });
}

} // namespace bb::plugins::loadtest
