// bb::plugins::loadtest — polls the embedded engine's /metrics once a second during a run and
// turns consecutive scrapes into (time, requests/s, p99 ms) points: the server's side of the
// numbers the load generator measures.
#pragma once

#include "engine_metrics.h"

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

class QNetworkAccessManager;

namespace bb::plugins::loadtest {

class ServerView : public QObject {
    Q_OBJECT
public:
    static constexpr int kIntervalMs = 1000;
    explicit ServerView(QObject *parent = nullptr);

    /// Starts scraping `base`/metrics; t = 0 is now.
    void start(const QUrl &base);
    void stop();
    bool isActive() const { return m_timer.isActive(); }
    /// Why the last scrape gave nothing (HTTP error, no such series), or empty.
    QString problem() const { return m_problem; }

signals:
    void point(double tSeconds, double requestsPerSecond, double p99Ms);

private:
    void scrape();

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_pending;
    QTimer m_timer;
    QUrl m_url;
    QElapsedTimer m_clock;
    EngineScrape m_last;
    double m_lastT = 0;
    QString m_problem;
};

} // namespace bb::plugins::loadtest
