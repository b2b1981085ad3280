// The Metrics panel's screenshot scenes (app/screenshot_runner.h): the RED dashboard while real
// traffic reaches the embedded engine, then the explorer charting a counter as a rate.
#include "dashboard_view.h"
#include "engine/engine_controller.h"
#include "explorer_view.h"
#include "metric_chart.h"
#include "metrics_widget.h"
#include "scraper.h"
#include "shell/shell_context.h"

#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTabWidget>
#include <QTimer>

namespace bb::plugins::metrics {

namespace {
// Scrape every second while staging, so a few points exist within the runner's 10 s budget.
constexpr int kSceneIntervalMs = 1000;
constexpr int kTrafficTicks = 36; // 250 ms apart: 9 s of traffic at most
} // namespace

int MetricsWidget::screenshotSceneCount() const
{
    return 2;
}

QString MetricsWidget::prepareScreenshotScene(int index)
{
    m_sceneProblem.clear();
    if (!m_context || !m_context->engine() || m_context->engine()->baseUrl().isEmpty()) {
        m_sceneProblem = tr("the embedded engine is not running");
        return {};
    }
    m_scene = index;
    if (index == 0) {
        if (!m_settings.embedded)
            useEmbeddedTarget();
        setPaused(false);
        m_scraper->setInterval(kSceneIntervalMs); // not saved: the user's interval stays
        m_tabs->setCurrentIndex(0);
        m_sceneScrapes = 0;
        sendSceneTraffic();
        m_scraper->scrapeNow();
        return QStringLiteral("red-dashboard");
    }
    if (index == 1) {
        m_tabs->setCurrentIndex(1);
        m_explorer->setMetric(QStringLiteral("http_requests_total"));
        m_explorer->setFilter(QStringLiteral("{status=~\"2..|4..\"}"));
        m_explorer->searchEdit()->setText(QStringLiteral("http_"));
        m_scraper->scrapeNow();
        return QStringLiteral("explorer-counter");
    }
    m_sceneProblem = tr("no scene %1").arg(index);
    return {};
}

bool MetricsWidget::screenshotSceneReady()
{
    if (m_scene == 0) {
        const MetricChart *rate = m_dashboard->chart(QStringLiteral("requestRate"));
        const MetricChart *latency = m_dashboard->chart(QStringLiteral("latency"));
        const bool ready =
            rate && latency && rate->pointCount() >= 6 && latency->pointCount() >= 12;
        if (!ready && m_scraper->status().state == ScrapeStatus::State::Failed)
            m_sceneProblem = m_scraper->status().error;
        return ready;
    }
    if (m_scene == 1) {
        const bool ready = m_explorer->chart()->pointCount() >= 4;
        if (ready)
            m_scraper->setInterval(m_settings.intervalSeconds * 1000);
        return ready;
    }
    return false;
}

void MetricsWidget::sendSceneTraffic()
{
    if (!m_sceneNet)
        m_sceneNet = new QNetworkAccessManager(this);
    // A mix like a small app's: lists, single rows (fresh ids miss the response cache, so SQL
    // runs), a repeated read (a cache hit) and a few 404s.
    auto tick = std::make_shared<int>(0);
    auto *timer = new QTimer(this);
    timer->setInterval(250);
    connect(timer, &QTimer::timeout, this, [this, timer, tick] {
        engine::EngineController *engine = m_context ? m_context->engine() : nullptr;
        if (!engine || engine->baseUrl().isEmpty() || ++*tick > kTrafficTicks || m_scene != 0) {
            timer->deleteLater();
            return;
        }
        const int n = *tick;
        const QStringList paths{QStringLiteral("/api/v1/posts/%1").arg(100 + n),
                                QStringLiteral("/api/v1/posts/1"),
                                QStringLiteral("/api/v1/comments?perPage=%1").arg(2 + n % 5),
                                QStringLiteral("/healthz"),
                                QStringLiteral("/api/v1/authors/%1").arg(1 + n % 40),
                                n % 3 == 0 ? QStringLiteral("/api/v1/posts/999999")
                                           : QStringLiteral("/api/v1")};
        const QByteArray auth = "Bearer " + engine->localAdminToken().toLatin1();
        for (const QString &path : paths) {
            QUrl url = engine->baseUrl();
            const qsizetype q = path.indexOf(QLatin1Char('?'));
            url.setPath(q < 0 ? path : path.left(q));
            if (q >= 0)
                url.setQuery(path.mid(q + 1));
            QNetworkRequest request(url);
            request.setRawHeader("Authorization", auth);
            QNetworkReply *reply = m_sceneNet->get(request);
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
        }
    });
    timer->start();
}

} // namespace bb::plugins::metrics
