// The Metrics panel against a real engine on 127.0.0.1 port 0: the dashboard's request rate after
// real requests, the explorer charting a counter as a rate, a click invoking "showLogs" with the
// right range, CSV and PNG export, failing targets, and settings that survive a restart.
#include "chart_data.h"
#include "dashboard_queries.h"
#include "dashboard_view.h"
#include "engine/engine.h"
#include "engine_fixture.h"
#include "explorer_view.h"
#include "metric_chart.h"
#include "metrics_settings.h"
#include "metrics_widget.h"
#include "scraper.h"
#include "shell/shell_context.h"
#include "test_http_client.h"

#include <QChart>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;
using namespace bb::plugins::metrics;

namespace {
bool anyPositive(const ChartData &data)
{
    for (const ChartLine &line : data.lines) {
        for (const auto &p : line.points) {
            if (p.value > 0)
                return true;
        }
    }
    return false;
}
} // namespace

class TestMetricsPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("BackbenchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_metricspanel"));
        m_fixture = std::make_unique<bbtest::EngineFixture>();
        if (!m_fixture->unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fixture->unavailableReason()));
        m_engine = std::make_unique<engine::Engine>(m_fixture->config());
        auto port = m_engine->start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_port = *port;
        m_base = QStringLiteral("http://127.0.0.1:%1").arg(m_port);
        bbtest::defaultHeaders() = {
            {"Authorization", "Bearer " + m_engine->issueLocalAdminToken().toLatin1()}};
    }

    void cleanupTestCase()
    {
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        m_fixture.reset();
    }

    void init() { QSettings().clear(); }

    void dashboardShowsRequestRateFromARealEngine()
    {
        shell::ShellContext ctx(nullptr);
        MetricsWidget w(&ctx);
        w.resize(1200, 800);
        w.show();
        w.setIntervalSeconds(1);
        w.useUrlTarget(m_base + QStringLiteral("/metrics"), m_engine->issueLocalAdminToken());
        MetricChart *rate = w.dashboard()->chart(QStringLiteral("requestRate"));
        QVERIFY(rate);
        // Requests between scrapes, until the chart shows a rate above zero.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int i = 0; i < 5; ++i)
                    bbtest::request(m_port, "GET",
                                    QByteArray("/api/v1/posts/") + QByteArray::number(1 + i));
                return anyPositive(rate->data());
            }(),
            15000);
        QCOMPARE(rate->data().unit, ChartUnit::PerSecond);
        QVERIFY(rate->pointCount() > 0);
        // The engine exports everything the dashboard reads: no chart says otherwise.
        for (MetricChart *chart : w.dashboard()->charts())
            QVERIFY2(chart->data().emptyText != notExportedText(), qPrintable(chart->data().id));
        QTRY_VERIFY_WITH_TIMEOUT(w.dashboard()->chart(QStringLiteral("latency"))->pointCount() > 0,
                                 10000);
        const ChartData &latency = w.dashboard()->chart(QStringLiteral("latency"))->data();
        QCOMPARE(int(latency.lines.size()), 3);
        QCOMPARE(latency.lines[2].name, QStringLiteral("p99"));
        QVERIFY(anyPositive(w.dashboard()->chart(QStringLiteral("rss"))->data()));
        QVERIFY(w.statusLabel()->text().contains(QStringLiteral("samples")));
    }

    void explorerChartsACounterAsARate()
    {
        shell::ShellContext ctx(nullptr);
        MetricsWidget w(&ctx);
        w.resize(1200, 800);
        w.show();
        w.setIntervalSeconds(1);
        w.tabs()->setCurrentIndex(1);
        w.useUrlTarget(m_base + QStringLiteral("/metrics"), m_engine->issueLocalAdminToken());
        ExplorerView *explorer = w.explorer();
        QTRY_VERIFY_WITH_TIMEOUT(explorer->visibleFamilyCount() > 10, 10000);
        // The search matches HELP text too: "Response cache" finds the cache counters.
        explorer->searchEdit()->setText(QStringLiteral("response cache"));
        QCOMPARE(explorer->visibleFamilyCount(), 2);
        explorer->searchEdit()->clear();

        explorer->setMetric(QStringLiteral("http_requests_total"));
        explorer->setFilter(QStringLiteral("{method=\"GET\",status=~\"2..\"}"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                bbtest::request(m_port, "GET", "/api/v1/posts/3");
                return anyPositive(explorer->chart()->data());
            }(),
            15000);
        const ChartData &data = explorer->chart()->data();
        QCOMPARE(data.unit, ChartUnit::PerSecond);
        QVERIFY(data.note.contains(QStringLiteral("rate")));
        // Labels every line shares are said once in the note, not in each name.
        QVERIFY2(data.note.contains(QStringLiteral("method=\"GET\"")), qPrintable(data.note));
        QSet<QString> names;
        for (const ChartLine &line : data.lines) {
            QVERIFY2(!line.name.contains(QStringLiteral("method=")), qPrintable(line.name));
            QVERIFY(!line.name.contains(QStringLiteral("status=\"404\"")));
            names.insert(line.name);
        }
        QCOMPARE(names.size(), qsizetype(data.lines.size()));

        // A bad filter says where it is wrong and charts nothing.
        explorer->setFilter(QStringLiteral("{status=5}"));
        QCOMPARE(explorer->filterError().left(9), QStringLiteral("Column 9:"));
        QVERIFY(!explorer->chart()->data().emptyText.isEmpty());
        // A histogram is charted as quantiles.
        explorer->setFilter({});
        explorer->setMetric(QStringLiteral("http_request_duration_seconds"));
        QCOMPARE(explorer->chart()->data().unit, ChartUnit::Seconds);
        QCOMPARE(int(explorer->chart()->data().lines.size()), 3);
    }

    void clickingAPointShowsTheLogsAroundIt()
    {
        shell::ShellContext ctx(nullptr);
        MetricsWidget w(&ctx);
        w.resize(1200, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.setIntervalSeconds(1);
        w.useUrlTarget(m_base + QStringLiteral("/metrics"), m_engine->issueLocalAdminToken());
        MetricChart *rate = w.dashboard()->chart(QStringLiteral("requestRate"));
        QTRY_VERIFY_WITH_TIMEOUT(rate->pointCount() >= 2, 15000);
        w.setPaused(true); // hold the chart still while clicking on it
        QVERIFY(!w.scraper()->isRunning());

        // Without the Logs panel the click is refused with a reason.
        QVERIFY(w.clickUnavailableReason().contains(QStringLiteral("showLogs")));
        const auto &points = rate->data().lines.front().points;
        const auto target = points[points.size() / 2];
        QVERIFY(!w.showLogsAround(target.tMs));
        QVERIFY(w.statusLabel()->text().contains(QStringLiteral("showLogs")));

        QVariantMap received;
        int calls = 0;
        ctx.registerAction(QStringLiteral("showLogs"), [&](const QVariantMap &args) {
            received = args;
            ++calls;
        });
        QVERIFY(w.clickUnavailableReason().isEmpty());
        // A real click on that point of the chart.
        auto *series = qobject_cast<QLineSeries *>(rate->chart()->series().front());
        const QPointF inChart = rate->chart()->mapToPosition(
            QPointF(double(target.tMs), target.value * unitScale(rate->data().unit)), series);
        const QPoint inView = rate->mapFromScene(rate->chart()->mapToScene(inChart));
        QCOMPARE(rate->timeAt(inView), target.tMs);
        QTest::mouseClick(rate->viewport(), Qt::LeftButton, {}, inView);
        QCOMPARE(calls, 1);
        QCOMPARE(received.value(QStringLiteral("from")).toLongLong(), target.tMs - 1000);
        QCOMPARE(received.value(QStringLiteral("to")).toLongLong(), target.tMs + 1000);
        // A click outside the plot area (on the title) does nothing.
        QTest::mouseClick(rate->viewport(), Qt::LeftButton, {}, QPoint(rate->width() / 2, 4));
        QCOMPARE(calls, 1);
        QVERIFY(!received.contains(QStringLiteral("query")));
        // The error chart's click asks for the 5xx lines only.
        MetricChart *errors = w.dashboard()->chart(QStringLiteral("errorRate"));
        QTRY_VERIFY_WITH_TIMEOUT(errors->pointCount() > 0, 5000);
        emit errors->pointClicked(target.tMs);
        QCOMPARE(calls, 2);
        QCOMPARE(received.value(QStringLiteral("query")).toString(), QStringLiteral("status>=500"));
    }

    void exportsCsvAndPng()
    {
        shell::ShellContext ctx(nullptr);
        MetricsWidget w(&ctx);
        w.resize(1200, 800);
        w.show();
        w.setIntervalSeconds(1);
        // The bare address of a backend means its /metrics.
        w.useUrlTarget(m_base, m_engine->issueLocalAdminToken());
        MetricChart *rate = w.dashboard()->chart(QStringLiteral("requestRate"));
        QTRY_VERIFY_WITH_TIMEOUT(rate->pointCount() >= 2, 15000);
        w.setPaused(true);
        QTemporaryDir dir;
        const QString csvPath = dir.filePath(QStringLiteral("rate.csv"));
        QCOMPARE(w.exportChartCsv(rate, csvPath), QString());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("time,unix_ms,requests (/s)"));
        const auto &points = rate->data().lines.front().points;
        QCOMPARE(lines.size(), qsizetype(points.size()) + 1);
        const QStringList first = lines[1].split(QLatin1Char(','));
        QCOMPARE(first.size(), 3);
        QVERIFY(first[0].endsWith(QLatin1Char('Z')));
        QCOMPARE(first[1].toLongLong(), points.front().tMs);
        QCOMPARE(first[2].toDouble(), points.front().value);

        const QString pngPath = dir.filePath(QStringLiteral("rate.png"));
        QCOMPARE(w.exportChartPng(rate, pngPath), QString());
        QImage image(pngPath);
        QVERIFY(!image.isNull());
        QCOMPARE(image.width(), rate->width() * int(rate->devicePixelRatio()));
        // A folder that does not exist is an error, not a crash.
        QVERIFY(
            !w.exportChartCsv(rate, dir.filePath(QStringLiteral("no/such/dir/x.csv"))).isEmpty());
    }

    void failingTargetsSayWhy()
    {
        shell::ShellContext ctx(nullptr);
        MetricsWidget w(&ctx);
        w.show();
        w.useUrlTarget(m_base + QStringLiteral("/no/metrics/here"));
        QTRY_VERIFY_WITH_TIMEOUT(w.statusLabel()->text().contains(QStringLiteral("HTTP 404")),
                                 10000);
        QCOMPARE(w.scraper()->status().state, ScrapeStatus::State::Failed);
        QCOMPARE(w.scraper()->status().httpStatus, 404);
        // A page that answers but is not Prometheus text: the parse error with its position.
        w.useUrlTarget(m_base + QStringLiteral("/healthz"));
        QTRY_VERIFY_WITH_TIMEOUT(w.statusLabel()->text().contains(
                                     QStringLiteral("Not Prometheus text: line 1, column 1")),
                                 10000);
        // Nothing listening.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 closed = probe.serverPort();
        probe.close();
        w.useUrlTarget(QStringLiteral("http://127.0.0.1:%1/metrics").arg(closed));
        QTRY_VERIFY_WITH_TIMEOUT(w.scraper()->status().state == ScrapeStatus::State::Failed, 10000);
        QVERIFY(w.statusLabel()->text().contains(QStringLiteral("Scrape failed")));
        // Every dashboard chart says why it is empty rather than drawing nothing.
        for (MetricChart *chart : w.dashboard()->charts())
            QVERIFY(!chart->data().emptyText.isEmpty());
    }

    void closingWhileAScrapeHangs()
    {
        // A target that accepts and never answers: the panel goes away mid-scrape, cleanly.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        {
            shell::ShellContext ctx(nullptr);
            MetricsWidget w(&ctx);
            w.useUrlTarget(QStringLiteral("http://127.0.0.1:%1/metrics").arg(silent.serverPort()),
                           QStringLiteral("t"));
            QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 5000);
            QCOMPARE(w.scraper()->status().state, ScrapeStatus::State::Idle);
        }
        QVERIFY(silent.isListening());
    }

    void stateSurvivesARestart()
    {
        {
            shell::ShellContext ctx(nullptr);
            MetricsWidget w(&ctx);
            w.useUrlTarget(m_base + QStringLiteral("/metrics"), QStringLiteral("secret"));
            w.setIntervalSeconds(7);
            w.setWindowMinutes(15);
            w.tabs()->setCurrentIndex(1);
            w.explorer()->setMetric(QStringLiteral("process_open_fds"));
            w.explorer()->setFilter(QStringLiteral("{a=\"b\"}"));
            w.setPaused(true);
        }
        const MetricsSettings saved = MetricsSettings::load();
        QCOMPARE(saved.embedded, false);
        QCOMPARE(saved.url, m_base + QStringLiteral("/metrics"));
        QCOMPARE(saved.intervalSeconds, 7);
        QCOMPARE(saved.windowMinutes, 15);
        QCOMPARE(saved.tab, 1);
        QCOMPARE(saved.explorerMetric, QStringLiteral("process_open_fds"));
        QCOMPARE(saved.explorerFilter, QStringLiteral("{a=\"b\"}"));
        QVERIFY(saved.paused);
        // The token is not written anywhere in the settings.
        QSettings settings;
        for (const QString &key : settings.allKeys())
            QVERIFY(settings.value(key).toString() != QStringLiteral("secret"));

        shell::ShellContext ctx(nullptr);
        MetricsWidget again(&ctx);
        QCOMPARE(again.tabs()->currentIndex(), 1);
        QCOMPARE(again.scraper()->interval(), 7000);
        QVERIFY(again.scraper()->isPaused());
        QCOMPARE(again.explorer()->metric(), QStringLiteral("process_open_fds"));
        QCOMPARE(again.explorer()->filter(), QStringLiteral("{a=\"b\"}"));
    }

private:
    std::unique_ptr<bbtest::EngineFixture> m_fixture;
    std::unique_ptr<engine::Engine> m_engine;
    quint16 m_port = 0;
    QString m_base;
};

QTEST_MAIN(TestMetricsPanel)
#include "tst_metricspanel.moc"
