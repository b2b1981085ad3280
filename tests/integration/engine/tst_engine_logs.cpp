// GET /api/admin/logs and /api/admin/traces over real sockets: every parameter, seq paging in
// both directions, bad input answered with the parameter (and the position for q), retention.
#include "engine_fixture.h"
#include "test_http_client.h"

#include "engine/engine.h"
#include "telemetry/log_ring.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTest>
#include <QUrl>

using bb::telemetry::Level;
using bb::telemetry::LogRecord;
using bbtest::HttpResult;
using bbtest::request;

namespace {

QList<quint64> seqsOf(const HttpResult &r)
{
    QList<quint64> out;
    for (const auto &v : r.json()["items"].toArray())
        out << quint64(v.toObject()["seq"].toDouble());
    return out;
}

QByteArray encoded(const QString &text)
{
    return QUrl::toPercentEncoding(text);
}

} // namespace

class tst_EngineLogs : public QObject {
    Q_OBJECT

private:
    bbtest::EngineFixture *m_fixture = nullptr;
    std::unique_ptr<bb::engine::Engine> m_engine;
    quint16 m_port = 0;
    QList<quint64> m_probeSeqs; ///< the 300 records appended by initTestCase, oldest first
    qint64 m_probeStartMs = 0;

    HttpResult get(const QByteArray &target) { return request(m_port, "GET", target); }

    std::uint64_t append(const std::string &msg, Level level, int status = 0,
                         std::vector<std::pair<std::string, std::string>> fields = {})
    {
        LogRecord r;
        r.msg = msg;
        r.level = level;
        if (status) {
            r.method = "GET";
            r.path = "/probe";
            r.status = status;
            r.durationMs = status / 100.0;
        }
        r.fields = std::move(fields);
        return m_engine->logs().append(std::move(r));
    }

private slots:
    void initTestCase()
    {
        m_fixture = new bbtest::EngineFixture;
        if (!m_fixture->unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fixture->unavailableReason()));
        auto config = m_fixture->config();
        config.demo = false;
        m_engine = std::make_unique<bb::engine::Engine>(config);
        auto port = m_engine->start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_port = *port;
        bbtest::defaultHeaders() = {
            {"Authorization", "Bearer " + m_engine->issueLocalAdminToken().toLatin1()}};
        m_probeStartMs = QDateTime::currentMSecsSinceEpoch();
        // 300 probes: every third a warn with status 5xx, the rest info with 200.
        for (int i = 0; i < 300; ++i) {
            const bool bad = i % 3 == 0;
            m_probeSeqs << append("probe " + std::to_string(i) + (bad ? " Upstream TIMEOUT" : ""),
                                  bad ? Level::Warn : Level::Info, bad ? 503 : 200,
                                  {{"region", i % 2 ? "eu" : "us"}});
        }
    }

    void cleanupTestCase()
    {
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        bbtest::defaultHeaders().clear();
        delete m_fixture;
    }

    void newestPageByDefault()
    {
        const auto r = get("/api/admin/logs?q=" + encoded("msg ~ 'probe '"));
        QCOMPARE(r.status, 200);
        const auto seqs = seqsOf(r);
        QCOMPARE(seqs.size(), 200); // the default limit
        QCOMPARE(seqs.last(), m_probeSeqs.last());
        QCOMPARE(seqs.first(), m_probeSeqs.at(100));
        QVERIFY(r.json()["hasMore"].toBool());
        QVERIFY(quint64(r.json()["lastSeq"].toDouble()) >= m_probeSeqs.last());
        // Items keep the log JSON.
        const QJsonObject item = r.json()["items"].toArray().last().toObject();
        QCOMPARE(item["msg"].toString(), QString("probe 299"));
        QCOMPARE(item["level"].toString(), QString("info"));
        QCOMPARE(item["status"].toInt(), 200);
        QCOMPARE(item["method"].toString(), QString("GET"));
        QCOMPARE(item["fields"].toObject()["region"].toString(), QString("eu"));
        QVERIFY(QDateTime::fromString(item["ts"].toString(), Qt::ISODateWithMs).isValid());
    }

    void levelAndQueryFilter()
    {
        const auto warn = get("/api/admin/logs?limit=5000&level=warn&q=" +
                              encoded("msg ~ 'timeout' && status >= 500 && region = 'us'"));
        QCOMPARE(warn.status, 200);
        const auto seqs = seqsOf(warn);
        QCOMPARE(seqs.size(), 50); // i % 3 == 0 and even: i % 6 == 0
        for (const auto &v : warn.json()["items"].toArray()) {
            QCOMPARE(v.toObject()["level"].toString(), QString("warn"));
            QVERIFY(v.toObject()["msg"].toString().contains("TIMEOUT"));
        }
        QVERIFY(!warn.json()["hasMore"].toBool());
        const auto errors = get("/api/admin/logs?level=error&q=" + encoded("msg ~ 'probe'"));
        QCOMPARE(seqsOf(errors).size(), 0);
        QCOMPARE(get("/api/admin/logs?level=loud").status, 400);
    }

    void badQueryPointsAtThePosition()
    {
        const auto r = get("/api/admin/logs?q=" + encoded("status >= 500 && msg ~ 'x"));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.header("content-type"), QByteArray("application/problem+json"));
        QCOMPARE(r.json()["parameter"].toString(), QString("q"));
        QCOMPARE(r.json()["position"].toInt(), 23);
        QVERIFY(r.json()["detail"].toString().contains("unterminated"));
        const auto level = get("/api/admin/logs?q=" + encoded("level >= 'loud'"));
        QCOMPARE(level.status, 400);
        QCOMPARE(level.json()["position"].toInt(), 9);
    }

    void pagingForwardWithAfter()
    {
        const QByteArray q = "&q=" + encoded("msg ~ 'probe '");
        QList<quint64> all;
        quint64 after = m_probeSeqs.first() - 1;
        for (int page = 0; page < 10; ++page) {
            const auto r = get("/api/admin/logs?limit=70&after=" + QByteArray::number(after) + q);
            QCOMPARE(r.status, 200);
            const auto seqs = seqsOf(r);
            all += seqs;
            if (!r.json()["hasMore"].toBool())
                break;
            QCOMPARE(seqs.size(), 70);
            after = seqs.last();
        }
        QCOMPARE(all, m_probeSeqs); // every record once, in order
    }

    void pagingBackWithBefore()
    {
        const QByteArray q = "&q=" + encoded("msg ~ 'probe '");
        QList<quint64> all;
        quint64 before = 0;
        for (int page = 0; page < 10; ++page) {
            QByteArray target = "/api/admin/logs?limit=120" + q;
            if (before)
                target += "&before=" + QByteArray::number(before);
            const auto r = get(target);
            const auto seqs = seqsOf(r);
            all = seqs + all;
            if (!r.json()["hasMore"].toBool())
                break;
            before = seqs.first();
        }
        QCOMPARE(all, m_probeSeqs);
        // Both bounds: the records strictly between.
        const auto window = get("/api/admin/logs?after=" + QByteArray::number(m_probeSeqs[10]) +
                                "&before=" + QByteArray::number(m_probeSeqs[20]));
        QCOMPARE(seqsOf(window), m_probeSeqs.mid(11, 9));
    }

    void limitBounds()
    {
        QCOMPARE(seqsOf(get("/api/admin/logs?limit=0")).size(), 1);
        QCOMPARE(seqsOf(get("/api/admin/logs?limit=3")).size(), 3);
        QVERIFY(seqsOf(get("/api/admin/logs?limit=99999")).size() >= 300);
        for (const QByteArray bad : {"limit=ten", "after=-1", "before=x", "limit=1.5"}) {
            const auto r = get("/api/admin/logs?" + bad);
            QCOMPARE(r.status, 400);
            QCOMPARE(r.json()["parameter"].toString(), QString(bad.split('=').first()));
        }
    }

    void timeRange()
    {
        const QByteArray q = "&q=" + encoded("msg ~ 'probe '");
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        // ms since the epoch and RFC 3339 both work.
        auto r =
            get("/api/admin/logs?limit=5000&since=" + QByteArray::number(m_probeStartMs - 1) + q);
        QCOMPARE(seqsOf(r).size(), 300);
        r = get("/api/admin/logs?limit=5000&until=" + QByteArray::number(m_probeStartMs - 1000) +
                q);
        QCOMPARE(seqsOf(r).size(), 0);
        const QByteArray future = QDateTime::fromMSecsSinceEpoch(now + 3'600'000, Qt::UTC)
                                      .toString(Qt::ISODate)
                                      .toLatin1();
        QVERIFY(future.endsWith('Z'));
        r = get("/api/admin/logs?limit=5000&since=" + future + q);
        QCOMPARE(r.status, 200);
        QCOMPARE(seqsOf(r).size(), 0);
        const QByteArray offset = QDateTime::fromMSecsSinceEpoch(m_probeStartMs - 60'000)
                                      .toOffsetFromUtc(3600)
                                      .toString(Qt::ISODate)
                                      .toLatin1();
        r = get("/api/admin/logs?limit=5000&since=" + encoded(QString::fromLatin1(offset)) +
                "&until=" + future + q);
        QCOMPARE(seqsOf(r).size(), 300);
        const auto bad = get("/api/admin/logs?since=yesterday");
        QCOMPARE(bad.status, 400);
        QCOMPARE(bad.json()["parameter"].toString(), QString("since"));
    }

    void needsAdminLogs()
    {
        const auto r = request(m_port, "GET", "/api/admin/logs", {}, {{"Authorization", ""}});
        QCOMPARE(r.status, 401);
        const auto s =
            request(m_port, "GET", "/api/admin/logs/stream", {}, {{"Authorization", ""}});
        QCOMPARE(s.status, 401);
    }

    void tracesFilters()
    {
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(get("/healthz").status, 200);
            QCOMPARE(get("/api/v1/nosuchtable").status, 404);
        }
        auto r = get("/api/admin/traces?status=4xx");
        QCOMPARE(r.status, 200);
        const auto items = r.json()["items"].toArray();
        QVERIFY(items.size() >= 3);
        for (const auto &v : items)
            QVERIFY(v.toObject()["status"].toInt() / 100 == 4);
        r = get("/api/admin/traces?status=404&limit=2");
        QCOMPARE(r.json()["items"].toArray().size(), 2);
        r = get("/api/admin/traces?route=/healthz");
        QVERIFY(!r.json()["items"].toArray().isEmpty());
        for (const auto &v : r.json()["items"].toArray())
            QCOMPARE(v.toObject()["path"].toString(), QString("/healthz"));
        const QByteArray future = QByteArray::number(QDateTime::currentMSecsSinceEpoch() + 60'000);
        QVERIFY(get("/api/admin/traces?since=" + future).json()["items"].toArray().isEmpty());
        QVERIFY(!get("/api/admin/traces?since=0").json()["items"].toArray().isEmpty());
        // error=true: 5xx or a failed span; none of these requests failed.
        QVERIFY(
            get("/api/admin/traces?error=true&route=/healthz").json()["items"].toArray().isEmpty());
        QVERIFY(!get("/api/admin/traces?error=false").json()["items"].toArray().isEmpty());
        for (const QByteArray bad : {"status=5yy", "status=99", "minDurationMs=fast", "error=maybe",
                                     "since=soon", "limit=x"}) {
            const auto b = get("/api/admin/traces?" + bad);
            QCOMPARE(b.status, 400);
            QCOMPARE(b.json()["parameter"].toString(), QString(bad.split('=').first()));
        }
        const QString id = items.first().toObject()["traceId"].toString();
        const auto one = get("/api/admin/traces/" + id.toLatin1());
        QCOMPARE(one.status, 200);
        QVERIFY(!one.json()["spans"].toArray().isEmpty());
    }

    void openApiListsTheParameters()
    {
        const auto r = get("/api/openapi.json");
        const QJsonObject paths = r.json()["paths"].toObject();
        auto names = [&paths](const char *path) {
            QStringList out;
            const auto get = paths[path].toObject()["get"].toObject();
            for (const auto &p : get["parameters"].toArray())
                out << p.toObject()["name"].toString();
            return out;
        };
        QCOMPARE(names("/api/admin/logs"),
                 QStringList({"level", "q", "since", "until", "after", "before", "limit"}));
        QCOMPARE(names("/api/admin/logs/stream"),
                 QStringList({"level", "q", "lastEventId", "follow"}));
        QCOMPARE(names("/api/admin/traces"),
                 QStringList({"minDurationMs", "status", "route", "since", "error", "limit"}));
        QVERIFY(paths["/api/admin/logs/stream"]
                    .toObject()["get"]
                    .toObject()["responses"]
                    .toObject()["200"]
                    .toObject()["content"]
                    .toObject()
                    .contains("text/event-stream"));
    }

    void ringSizeAndRotationApplied()
    {
        bbtest::EngineFixture fixture;
        if (!fixture.unavailableReason().isEmpty())
            QSKIP(qPrintable(fixture.unavailableReason()));
        auto config = fixture.config();
        config.demo = false;
        config.logCapacity = 50;
        config.logToFile = true;
        config.logFileMaxBytes = 4096;
        config.logFileKeep = 2;
        bb::engine::Engine engine(config);
        QVERIFY(engine.start().ok());
        for (int i = 0; i < 400; ++i) {
            LogRecord r;
            r.msg = "retention probe " + std::to_string(i);
            engine.logs().append(std::move(r));
        }
        const auto token = engine.issueLocalAdminToken().toLatin1();
        const auto r = request(engine.port(), "GET", "/api/admin/logs?limit=5000", {},
                               {{"Authorization", "Bearer " + token}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["items"].toArray().size(), 50);
        QCOMPARE(r.json()["items"].toArray().last().toObject()["msg"].toString(),
                 QString("retention probe 399"));
        engine.stop();
        const QString base = QDir(config.dataDir).filePath("logs/engine.jsonl");
        for (const QString &path : {base, base + ".1", base + ".2"}) {
            QVERIFY2(QFile::exists(path), qPrintable(path));
            QVERIFY(QFileInfo(path).size() <= 4096);
        }
        QVERIFY(!QFile::exists(base + ".3"));
    }
};

QTEST_GUILESS_MAIN(tst_EngineLogs)
#include "tst_engine_logs.moc"
