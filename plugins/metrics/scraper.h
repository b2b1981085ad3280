// bb::plugins::metrics — scrapes one target's /metrics on a timer: the request runs on Qt's
// network thread, parsing and storing on a worker thread of its own, so the GUI never parses.
#pragma once

#include "telemetry/scrape_store.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace bb::plugins::metrics {

/// Where to scrape and how often. The URL and token are asked for on every scrape, so the
/// embedded engine's new port after a restart and its freshly minted token are always used.
struct ScrapeTarget {
    std::function<QUrl()> url;
    std::function<QString()> token; ///< bearer token; empty = none
    int intervalMs = 5000;
};

/// What the last scrape came to, for the status line.
struct ScrapeStatus {
    enum class State { Idle, Ok, Failed, Paused } state = State::Idle;
    QString error; ///< HTTP status, network error or parse error with its line
    qint64 lastOkMs = 0;
    int httpStatus = 0;
    int samples = 0;
    double parseMs = 0;
};

class ScrapeWorker;

class Scraper : public QObject {
    Q_OBJECT
public:
    explicit Scraper(std::shared_ptr<telemetry::ScrapeStore> store, QObject *parent = nullptr);
    ~Scraper() override; ///< waits for a parse in progress (milliseconds)

    void setTarget(ScrapeTarget target);
    const ScrapeTarget &target() const { return m_target; }
    void setInterval(int ms);
    int interval() const { return m_target.intervalMs; }

    /// Starts scraping now and then every interval; stop() and setPaused(true) end it.
    void start();
    void stop();
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    bool isRunning() const { return m_timer.isActive(); }
    /// One scrape now (also while paused: the user asked for it).
    void scrapeNow();

    const ScrapeStatus &status() const { return m_status; }
    const std::shared_ptr<telemetry::ScrapeStore> &store() const { return m_store; }

    /// Bodies beyond this are refused (a wrong URL serving a huge file).
    static constexpr qint64 kMaxBodyBytes = 64 * 1024 * 1024;

signals:
    /// After every scrape attempt, good or bad, and on pause/resume.
    void statusChanged();
    /// New samples are in the store.
    void scraped();
    /// Internal: hands a body to the worker thread.
    void parseRequested(const QByteArray &body, qint64 scrapeMs, quint64 generation);

private:
    void onReply(QNetworkReply *reply, quint64 generation);
    void onParsed(quint64 generation, qint64 scrapeMs, const QString &error, int samples,
                  double parseMs);
    void fail(const QString &error, int httpStatus = 0);

    std::shared_ptr<telemetry::ScrapeStore> m_store;
    ScrapeTarget m_target;
    QNetworkAccessManager *m_net;
    QTimer m_timer;
    QThread m_thread;
    ScrapeWorker *m_worker;
    QPointer<QNetworkReply> m_inFlight;
    quint64 m_generation = 0; ///< bumped when the target changes: older answers are dropped
    bool m_paused = false;
    bool m_parsing = false;
    ScrapeStatus m_status;
};

} // namespace bb::plugins::metrics
