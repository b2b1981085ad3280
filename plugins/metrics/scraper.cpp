#include "scraper.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace bb::plugins::metrics {

/// Lives on the scraper's thread: parses a body and adds it to the store.
class ScrapeWorker : public QObject {
    Q_OBJECT
public:
    explicit ScrapeWorker(std::shared_ptr<telemetry::ScrapeStore> store)
        : m_store(std::move(store))
    {}

    void parse(const QByteArray &body, qint64 scrapeMs, quint64 generation)
    {
        QElapsedTimer timer;
        timer.start();
        auto result = telemetry::prom::parseText(std::string_view(body.constData(), body.size()));
        if (auto *error = std::get_if<telemetry::prom::ParseError>(&result)) {
            emit parsed(
                generation, scrapeMs,
                tr("Not Prometheus text: %1").arg(QString::fromStdString(error->toString())), 0,
                double(timer.nsecsElapsed()) / 1e6);
            return;
        }
        const auto &exposition = std::get<telemetry::prom::Exposition>(result);
        m_store->ingest(scrapeMs, exposition);
        emit parsed(generation, scrapeMs, {}, int(exposition.sampleCount()),
                    double(timer.nsecsElapsed()) / 1e6);
    }

signals:
    void parsed(quint64 generation, qint64 scrapeMs, const QString &error, int samples,
                double parseMs);

private:
    std::shared_ptr<telemetry::ScrapeStore> m_store;
};

Scraper::Scraper(std::shared_ptr<telemetry::ScrapeStore> store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
    , m_net(new QNetworkAccessManager(this))
    , m_worker(new ScrapeWorker(m_store))
{
    m_thread.setObjectName(QStringLiteral("metrics-scrape"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &Scraper::parseRequested, m_worker, &ScrapeWorker::parse);
    connect(m_worker, &ScrapeWorker::parsed, this, &Scraper::onParsed);
    m_thread.start();
    m_timer.setInterval(m_target.intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &Scraper::scrapeNow);
}

Scraper::~Scraper()
{
    // Aborting below finishes the reply synchronously; nobody may hear of it any more.
    blockSignals(true);
    m_timer.stop();
    if (m_inFlight)
        m_inFlight->abort();
    m_thread.quit();
    m_thread.wait();
}

void Scraper::setTarget(ScrapeTarget target)
{
    m_target = std::move(target);
    ++m_generation;
    if (m_inFlight)
        m_inFlight->abort();
    m_timer.setInterval(m_target.intervalMs);
    m_store->clear();
    m_status = {};
    m_status.state = m_paused ? ScrapeStatus::State::Paused : ScrapeStatus::State::Idle;
    emit statusChanged();
}

void Scraper::setInterval(int ms)
{
    m_target.intervalMs = std::max(250, ms);
    m_timer.setInterval(m_target.intervalMs);
}

void Scraper::start()
{
    if (!m_paused) {
        m_timer.start();
        scrapeNow();
    }
}

void Scraper::stop()
{
    m_timer.stop();
}

void Scraper::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused) {
        m_timer.stop();
        m_status.state = ScrapeStatus::State::Paused;
        emit statusChanged();
    } else {
        m_status.state = ScrapeStatus::State::Idle;
        emit statusChanged();
        start();
    }
}

void Scraper::scrapeNow()
{
    // One scrape at a time: a slow target must not pile requests up.
    if (m_inFlight || m_parsing || !m_target.url)
        return;
    const QUrl url = m_target.url();
    if (!url.isValid() || url.isEmpty() || url.scheme().isEmpty()) {
        fail(tr("No address to scrape (is the engine running?)"));
        return;
    }
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/plain; version=0.0.4;q=1, */*;q=0.1");
    // The bearer token must not follow a redirect to another host.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    if (m_target.token) {
        const QString token = m_target.token();
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    }
    // Never longer than the interval (at least 2 s): the next tick would otherwise be skipped.
    request.setTransferTimeout(std::max(2000, m_target.intervalMs));
    QNetworkReply *reply = m_net->get(request);
    m_inFlight = reply;
    const quint64 generation = m_generation;
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply](qint64 received, qint64) {
        if (received > kMaxBodyBytes)
            reply->abort();
    });
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, generation] { onReply(reply, generation); });
}

void Scraper::onReply(QNetworkReply *reply, quint64 generation)
{
    reply->deleteLater();
    if (m_inFlight == reply)
        m_inFlight = nullptr;
    if (generation != m_generation)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError && status == 0) {
        const bool tooBig = reply->bytesAvailable() > kMaxBodyBytes ||
                            reply->error() == QNetworkReply::OperationCanceledError;
        fail(tooBig ? tr("Scrape cancelled (timed out or over %1 MB)")
                          .arg(kMaxBodyBytes / (1024 * 1024))
                    : reply->errorString());
        return;
    }
    if (status != 200) {
        const QString reason =
            reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        fail(tr("HTTP %1 %2 from %3").arg(status).arg(reason, reply->url().toString()), status);
        return;
    }
    m_status.httpStatus = status;
    m_parsing = true;
    emit parseRequested(reply->readAll(), QDateTime::currentMSecsSinceEpoch(), generation);
}

void Scraper::onParsed(quint64 generation, qint64 scrapeMs, const QString &error, int samples,
                       double parseMs)
{
    m_parsing = false;
    if (generation != m_generation)
        return;
    if (!error.isEmpty()) {
        fail(error, m_status.httpStatus);
        return;
    }
    m_status.state = m_paused ? ScrapeStatus::State::Paused : ScrapeStatus::State::Ok;
    m_status.error.clear();
    m_status.lastOkMs = scrapeMs;
    m_status.samples = samples;
    m_status.parseMs = parseMs;
    // Rates need two scrapes: take the second one soon rather than a whole interval later.
    if (m_store->scrapeTimes().size() == 1 && m_target.intervalMs > 1000)
        QTimer::singleShot(1000, this, [this] {
            if (!m_paused)
                scrapeNow();
        });
    emit scraped();
    emit statusChanged();
}

void Scraper::fail(const QString &error, int httpStatus)
{
    m_status.state = ScrapeStatus::State::Failed;
    m_status.error = error;
    m_status.httpStatus = httpStatus;
    emit statusChanged();
}

} // namespace bb::plugins::metrics

#include "scraper.moc"
