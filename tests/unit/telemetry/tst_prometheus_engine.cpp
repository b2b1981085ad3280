// The Prometheus reader against the real thing: the engine's own /metrics, and promtool's verdict
// on the same texts (what it accepts we accept; what it rejects we reject on the same line).
#include "engine/engine.h"
#include "engine_fixture.h"
#include "telemetry/prometheus_text.h"
#include "telemetry/scrape_store.h"
#include "test_http_client.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

using namespace bb::telemetry;

namespace {
struct PromtoolVerdict {
    bool parsed = false;
    int line = 0; ///< the line of a parse error
    QString output;
};

PromtoolVerdict promtool(const QByteArray &text)
{
    PromtoolVerdict v;
    const QString exe = QStandardPaths::findExecutable(QStringLiteral("promtool"));
    if (exe.isEmpty())
        return v;
    QProcess p;
    p.start(exe, {QStringLiteral("check"), QStringLiteral("metrics")});
    if (!p.waitForStarted(10'000))
        return v;
    p.write(text);
    p.closeWriteChannel();
    p.waitForFinished(30'000);
    v.output = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    // Exit 0 = clean, 3 = lint findings only (e.g. no HELP); 1 = the text did not parse.
    v.parsed = p.exitStatus() == QProcess::NormalExit && p.exitCode() != 1;
    const auto m =
        QRegularExpression(QStringLiteral("parsing error in line (\\d+)")).match(v.output);
    if (m.hasMatch())
        v.line = m.captured(1).toInt();
    return v;
}
} // namespace

class tst_PrometheusEngine : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty())
            QFAIL("promtool not found: ./dev deps installs the prometheus package");
        m_fixture = std::make_unique<bbtest::EngineFixture>();
        if (!m_fixture->unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fixture->unavailableReason()));
        m_engine = std::make_unique<bb::engine::Engine>(m_fixture->config());
        auto port = m_engine->start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_port = *port;
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

    void readsTheEnginesOwnMetrics()
    {
        for (int i = 0; i < 5; ++i)
            QCOMPARE(bbtest::request(m_port, "GET", "/api/v1/posts/1").status, 200);
        QCOMPARE(bbtest::request(m_port, "GET", "/api/v1/no_such_table").status, 404);
        const auto r = bbtest::request(m_port, "GET", "/metrics");
        QCOMPARE(r.status, 200);
        const auto parsed = prom::parseText(r.body.toStdString());
        if (auto *e = std::get_if<prom::ParseError>(&parsed))
            QFAIL(e->toString().c_str());
        const prom::Exposition &e = std::get<prom::Exposition>(parsed);

        const auto expectType = [&](const char *name, prom::MetricType type) {
            const prom::MetricFamily *f = e.find(name);
            QVERIFY2(f, name);
            QCOMPARE(f->type, type);
            QVERIFY2(!f->help.empty(), name);
        };
        expectType("http_requests_total", prom::MetricType::Counter);
        expectType("http_request_duration_seconds", prom::MetricType::Histogram);
        expectType("db_query_duration_seconds", prom::MetricType::Histogram);
        expectType("http_requests_in_flight", prom::MetricType::Gauge);
        expectType("cache_hits_total", prom::MetricType::Counter);
        expectType("process_cpu_seconds_total", prom::MetricType::Counter);
        expectType("process_resident_memory_bytes", prom::MetricType::Gauge);

        // Our requests are what the engine counted (routes are patterns, so count by status).
        double ok = 0, notFound = 0;
        for (const prom::Sample &s : e.find("http_requests_total")->samples) {
            const std::string *status = prom::findLabel(s.labels, "status");
            QVERIFY(status && prom::findLabel(s.labels, "route") &&
                    prom::findLabel(s.labels, "method"));
            ok += *status == "200" ? s.value : 0;
            notFound += *status == "404" ? s.value : 0;
        }
        QCOMPARE(ok, 5.0);
        QCOMPARE(notFound, 1.0);
        // Every histogram series ends with +Inf equal to its _count.
        const prom::MetricFamily *h = e.find("http_request_duration_seconds");
        double infTotal = 0, countTotal = 0;
        for (const prom::Sample &s : h->samples) {
            const std::string *le = prom::findLabel(s.labels, "le");
            if (le && *le == "+Inf")
                infTotal += s.value;
            if (s.name == "http_request_duration_seconds_count")
                countTotal += s.value;
        }
        QVERIFY(countTotal >= 6);
        QCOMPARE(infTotal, countTotal);

        const PromtoolVerdict verdict = promtool(r.body);
        QVERIFY2(verdict.parsed, qPrintable(verdict.output));

        // Two scrapes through the store give a request rate and a latency quantile.
        ScrapeStore store;
        store.ingest(0, e);
        QCOMPARE(bbtest::request(m_port, "GET", "/api/v1/posts/2").status, 200);
        const auto again =
            prom::parseText(bbtest::request(m_port, "GET", "/metrics").body.toStdString());
        QVERIFY(std::holds_alternative<prom::Exposition>(again));
        store.ingest(1'000, std::get<prom::Exposition>(again));
        const auto rate = scrape_query::sumRate(store, "http_requests_total");
        QCOMPARE(int(rate.size()), 1);
        QVERIFY(rate[0].value >= 1.0); // at least the posts request, over 1 s
        const auto p99 = scrape_query::quantile(store, "http_request_duration_seconds", 0.99);
        QCOMPARE(int(p99.size()), 1);
        QVERIFY(p99[0].value > 0 && p99[0].value <= 10);
    }

    void agreesWithPromtool_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("spec sample") << [] {
            QFile f(
                QStringLiteral(BB_SOURCE_DIR "/tests/unit/telemetry/data/exposition_spec.prom"));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        QTest::newRow("bad value") << QByteArray("a 1\nb{x=\"y\"} one\n");
        QTest::newRow("bad escape") << QByteArray("a{x=\"\\t\"} 1\n");
        QTest::newRow("bad type") << QByteArray("# TYPE a countr\n");
        QTest::newRow("duplicate label") << QByteArray("a{x=\"1\",x=\"2\"} 1\n");
        QTest::newRow("float timestamp") << QByteArray("a 1 12.5\n");
        QTest::newRow("text after timestamp") << QByteArray("a 1 12 13\n");
        QTest::newRow("dot in name") << QByteArray("a.b 1\n");
        QTest::newRow("bad le") << QByteArray("# TYPE h histogram\nh_bucket{le=\"big\"} 1\n");
        QTest::newRow("type twice") << QByteArray("# TYPE a gauge\n# TYPE a gauge\n");
        QTest::newRow("type after samples") << QByteArray("a 1\n# TYPE a gauge\n");
        QTest::newRow("unterminated labels") << QByteArray("a{x=\"y\" 1\n");
        QTest::newRow("bad label name") << QByteArray("a{1x=\"y\"} 1\n");
        QTest::newRow("bad help name") << QByteArray("# HELP 9x y\n");
        QTest::newRow("bare help") << QByteArray("# HELP\n");
        QTest::newRow("no +Inf bucket") << QByteArray("# TYPE h histogram\nh_bucket{le=\"1\"} 1\n");
        QTest::newRow("interleaved family")
            << QByteArray("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nother 1\nh_sum 3\n");
        QTest::newRow("specials") << QByteArray("a NaN\nb +Inf\nc -Inf 5\n");
        QTest::newRow("trailing comma") << QByteArray("a{x=\"1\",} 1\n");
    }
    void agreesWithPromtool()
    {
        QFETCH(QByteArray, text);
        const PromtoolVerdict verdict = promtool(text);
        const auto ours = prom::parseText(text.toStdString());
        const auto *error = std::get_if<prom::ParseError>(&ours);
        QVERIFY2(verdict.parsed == !error,
                 qPrintable(QStringLiteral("promtool: %1; ours: %2")
                                .arg(verdict.output.trimmed(),
                                     error ? QString::fromStdString(error->toString())
                                           : QStringLiteral("parsed"))));
        if (error && verdict.line > 0)
            QCOMPARE(error->line, verdict.line);
    }

private:
    std::unique_ptr<bbtest::EngineFixture> m_fixture;
    std::unique_ptr<bb::engine::Engine> m_engine;
    quint16 m_port = 0;
};

QTEST_GUILESS_MAIN(tst_PrometheusEngine)
#include "tst_prometheus_engine.moc"
