// The engine's REST contract (DESIGN §3), end to end over real sockets against a real database.
#include "engine_fixture.h"
#include "test_http_client.h"

#include "engine/engine.h"
#include "telemetry/trace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using bbtest::HttpResult;
using bbtest::request;

class tst_EngineApi : public QObject {
    Q_OBJECT

private:
    bbtest::EngineFixture *m_fixture = nullptr;
    std::unique_ptr<bb::engine::Engine> m_engine;
    quint16 m_port = 0;

    HttpResult get(const QByteArray &target,
                   const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return request(m_port, "GET", target, {}, headers);
    }

    static QString tool(const char *envName, const QString &fallback)
    {
        const QString fromEnv = qEnvironmentVariable(envName);
        return fromEnv.isEmpty() ? fallback : fromEnv;
    }

private slots:
    void initTestCase()
    {
        m_fixture = new bbtest::EngineFixture;
        if (!m_fixture->unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fixture->unavailableReason()));
        m_engine = std::make_unique<bb::engine::Engine>(m_fixture->config());
        auto port = m_engine->start();
        QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
        m_port = *port;
        QVERIFY(m_port != 0);
        // The contract below is exercised as an admin; identity has its own suites.
        const QString token = m_engine->issueLocalAdminToken();
        QVERIFY(!token.isEmpty());
        bbtest::defaultHeaders() = {{"Authorization", "Bearer " + token.toLatin1()}};
    }

    void cleanupTestCase()
    {
        if (m_engine)
            m_engine->stop();
        m_engine.reset();
        delete m_fixture;
    }

    void health()
    {
        const auto r = get("/healthz");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["status"].toString(), QString("ok"));
        QCOMPARE(get("/readyz").status, 200);
    }

    void resourcesIndexListsDemoTables()
    {
        const auto r = get("/api/v1");
        QCOMPARE(r.status, 200);
        QStringList names;
        for (const auto &v : r.json()["resources"].toArray())
            names << v.toObject()["name"].toString();
        for (const char *t : {"authors", "comments", "post_tags", "posts", "tags"})
            QVERIFY2(names.contains(t), t);
        QVERIFY(!names.contains("_users"));
        QCOMPARE(get("/api/v1/_users").status, 404);
    }

    void listDefaults()
    {
        const auto r = get("/api/v1/posts");
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        QCOMPARE(o["page"].toInt(), 1);
        QCOMPARE(o["perPage"].toInt(), 30);
        QCOMPARE(o["totalItems"].toInt(), 2000);
        QCOMPARE(o["totalPages"].toInt(), 67);
        QCOMPARE(o["items"].toArray().size(), 30);
        QVERIFY(!r.header("etag").isEmpty());
    }

    void listParameters_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<int>("items");
        QTest::addColumn<int>("total");
        QTest::newRow("page 2 of 10") << QByteArray("page=2&perPage=10") << 10 << 2000;
        QTest::newRow("last page") << QByteArray("page=67") << 20 << 2000;
        QTest::newRow("past the end") << QByteArray("page=1000") << 0 << 2000;
        QTest::newRow("filter") << QByteArray("filter=id%3C%3D5") << 5 << 5;
        QTest::newRow("filter or") << QByteArray("filter=(id%3D1%20%7C%7C%20id%3D2)") << 2 << 2;
        QTest::newRow("perPage clamped") << QByteArray("perPage=100000") << 500 << 2000;
        QTest::newRow("skipTotal") << QByteArray("skipTotal=1&perPage=3") << 3 << -1;
    }
    void listParameters()
    {
        QFETCH(QByteArray, query);
        QFETCH(int, items);
        QFETCH(int, total);
        const auto r = get("/api/v1/posts?" + query);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["items"].toArray().size(), items);
        QCOMPARE(r.json()["totalItems"].toInt(), total);
    }

    void sortAndFields()
    {
        const auto r = get("/api/v1/posts?sort=-id&perPage=2&fields=id,title");
        QCOMPARE(r.status, 200);
        const QJsonArray items = r.json()["items"].toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].toObject()["id"].toInt(), 2000);
        QCOMPARE(items[1].toObject()["id"].toInt(), 1999);
        QCOMPARE(items[0].toObject().keys(), QStringList({"id", "title"}));
    }

    void badListParameters_data()
    {
        QTest::addColumn<QByteArray>("query");
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<int>("position");
        QTest::newRow("unknown field") << QByteArray("filter=titel%3D'x'") << "filter" << 0;
        QTest::newRow("missing value") << QByteArray("filter=id%3E") << "filter" << 3;
        QTest::newRow("unknown sort column") << QByteArray("sort=id,-nope") << "sort" << 4;
        QTest::newRow("page not a number") << QByteArray("page=abc") << "page" << -1;
        QTest::newRow("unknown fields") << QByteArray("fields=id,nope") << "fields" << -2;
    }
    void badListParameters()
    {
        QFETCH(QByteArray, query);
        QFETCH(QString, parameter);
        QFETCH(int, position);
        const auto r = get("/api/v1/posts?" + query);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.header("content-type"), QByteArray("application/problem+json"));
        const QJsonObject o = r.json();
        QCOMPARE(o["status"].toInt(), 400);
        QVERIFY(!o["detail"].toString().isEmpty());
        if (position >= 0)
            QCOMPARE(o["position"].toInt(), position);
        if (position != -2)
            QCOMPARE(o["parameter"].toString(), parameter);
    }

    void filterTooLong()
    {
        const QByteArray longFilter = "filter=" + QByteArray(2100, 'a');
        const auto r = get("/api/v1/posts?" + longFilter);
        QCOMPARE(r.status, 400);
    }

    void getWithEtagAnd304()
    {
        const auto r = get("/api/v1/posts/1");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["id"].toInt(), 1);
        const QByteArray etag = r.header("etag");
        QVERIFY(etag.startsWith('"'));
        const auto again = get("/api/v1/posts/1", {{"If-None-Match", etag}});
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.isEmpty());
        QCOMPARE(get("/api/v1/posts/1", {{"If-None-Match", "\"other\""}}).status, 200);
    }

    void notFound()
    {
        auto r = get("/api/v1/posts/999999");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.header("content-type"), QByteArray("application/problem+json"));
        QCOMPARE(get("/api/v1/posts/not-a-number").status, 404);
        QCOMPARE(get("/api/v1/nosuchtable").status, 404);
        QCOMPARE(get("/nowhere").status, 404);
    }

    void methodNotAllowed()
    {
        const auto r = request(m_port, "DELETE", "/healthz");
        QCOMPARE(r.status, 405);
        QVERIFY(r.header("allow").contains("GET"));
    }

    void createReadUpdateDelete()
    {
        auto created = request(m_port, "POST", "/api/v1/tags", R"({"name":"crud-test"})");
        QCOMPARE(created.status, 201);
        const int id = created.json()["id"].toInt();
        QVERIFY(id > 0);
        QCOMPARE(created.header("location"), QByteArray("/api/v1/tags/") + QByteArray::number(id));
        QVERIFY(!created.json()["created_at"].toString().isEmpty());

        const QByteArray path = "/api/v1/tags/" + QByteArray::number(id);
        const QByteArray etag = get(path).header("etag");

        // A stale If-Match is refused and changes nothing.
        auto stale = request(m_port, "PATCH", path, R"({"name":"x"})",
                             {{"If-Match", "\"0000000000000000\""}});
        QCOMPARE(stale.status, 412);
        QCOMPARE(get(path).json()["name"].toString(), QString("crud-test"));

        auto patched =
            request(m_port, "PATCH", path, R"({"name":"crud-renamed"})", {{"If-Match", etag}});
        QCOMPARE(patched.status, 200);
        QCOMPARE(patched.json()["name"].toString(), QString("crud-renamed"));
        QCOMPARE(patched.json()["created_at"], created.json()["created_at"]);
        QVERIFY(patched.header("etag") != etag);

        auto replaced = request(m_port, "PUT", path, R"({"name":"crud-put"})");
        QCOMPARE(replaced.status, 200);
        QCOMPARE(replaced.json()["name"].toString(), QString("crud-put"));

        auto deleted = request(m_port, "DELETE", path);
        QCOMPARE(deleted.status, 204);
        QVERIFY(deleted.body.isEmpty());
        QCOMPARE(get(path).status, 404);
        QCOMPARE(request(m_port, "DELETE", path).status, 404);
    }

    void cacheIsInvalidatedByWrites()
    {
        const QByteArray list = "/api/v1/tags?perPage=500";
        const int before = get(list).json()["totalItems"].toInt();
        QCOMPARE(get(list).json()["totalItems"].toInt(), before); // served from the cache
        QCOMPARE(request(m_port, "POST", "/api/v1/tags", R"({"name":"cache-test"})").status, 201);
        QCOMPARE(get(list).json()["totalItems"].toInt(), before + 1);
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("field");
        QTest::newRow("missing required") << QByteArray(R"({})") << 400 << "name";
        QTest::newRow("wrong type") << QByteArray(R"({"name":12})") << 400 << "name";
        QTest::newRow("unknown field") << QByteArray(R"({"name":"a","bogus":1})") << 400 << "bogus";
        QTest::newRow("duplicate unique") << QByteArray(R"({"name":"dup"})") << 409 << "name";
    }
    void validation()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, field);
        if (status == 409) // make the value exist first
            request(m_port, "POST", "/api/v1/tags", R"({"name":"dup"})");
        const auto r = request(m_port, "POST", "/api/v1/tags", body);
        QCOMPARE(r.status, status);
        const QJsonObject errors = r.json()["errors"].toObject();
        QVERIFY2(errors.contains(field), r.body.constData());
        QVERIFY(!errors[field].toArray().isEmpty());
    }

    void badBodies()
    {
        auto r = request(m_port, "POST", "/api/v1/tags", R"({"name": )");
        QCOMPARE(r.status, 400);
        QVERIFY(r.json().contains("position"));
        QCOMPARE(request(m_port, "POST", "/api/v1/tags", "[1,2]").status, 400);
        QCOMPARE(request(m_port, "POST", "/api/v1/tags", "name=x",
                         {{"Content-Type", "application/x-www-form-urlencoded"}})
                     .status,
                 415);
    }

    void foreignKeyViolation()
    {
        const auto r = request(m_port, "POST", "/api/v1/comments",
                               R"({"post_id":99999999,"body":"orphan","author_name":"x"})");
        QCOMPARE(r.status, 400);
        QVERIFY2(r.json()["errors"].toObject().contains("post_id"), r.body.constData());
    }

    void traceparentAndTraceSpans()
    {
        const QByteArray traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        const auto r =
            get("/api/v1/posts/7", {{"traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"}});
        QCOMPARE(r.status, 200);
        const auto tp = bb::telemetry::parseTraceParent(r.header("traceparent").toStdString());
        QVERIFY(tp.has_value());
        QCOMPARE(QByteArray::fromStdString(tp->traceId), traceId);

        // Stored once written; poll briefly because the write completes on an I/O thread.
        HttpResult trace;
        QTRY_VERIFY_WITH_TIMEOUT((trace = get("/api/admin/traces/" + traceId)).status == 200, 5000);
        const QJsonObject t = trace.json();
        QCOMPARE(t["parentSpanId"].toString(), QString("00f067aa0ba902b7"));
        QCOMPARE(t["route"].toString(), QString("/api/v1/{resource}/{id}"));
        QStringList names;
        bool sawSql = false;
        for (const auto &v : t["spans"].toArray()) {
            names << v.toObject()["name"].toString();
            sawSql = sawSql || (v.toObject()["name"].toString() == "sql" &&
                                v.toObject()["detail"].toString().contains("posts"));
        }
        for (const char *stage :
             {"request", "trace", "access log", "cors", "rate limit", "route", "authenticate",
              "authorize", "response cache", "handler", "serialize", "write"})
            QVERIFY2(names.contains(stage), stage);
        QVERIFY2(sawSql, qPrintable(names.join(',')));

        const auto list = get("/api/admin/traces?limit=5");
        QCOMPARE(list.status, 200);
        QVERIFY(!list.json()["items"].toArray().isEmpty());
        QCOMPARE(get("/api/admin/traces/ffffffffffffffffffffffffffffffff").status, 404);
    }

    void repeatedGetIsACacheHit()
    {
        get("/api/v1/authors/3");
        const QByteArray traceId = "0af7651916cd43dd8448eb211c80319c";
        QCOMPARE(
            get("/api/v1/authors/3", {{"traceparent", "00-" + traceId + "-b7ad6b7169203331-01"}})
                .status,
            200);
        HttpResult trace;
        QTRY_VERIFY_WITH_TIMEOUT((trace = get("/api/admin/traces/" + traceId)).status == 200, 5000);
        QString cacheNote;
        bool sawSql = false;
        for (const auto &v : trace.json()["spans"].toArray()) {
            if (v.toObject()["name"].toString() == "response cache")
                cacheNote = v.toObject()["detail"].toString();
            sawSql = sawSql || v.toObject()["name"].toString() == "sql";
        }
        QCOMPARE(cacheNote, QString("hit"));
        QVERIFY(!sawSql);
    }

    void freshTraceWhenNoneSent()
    {
        const auto r = get("/healthz");
        QVERIFY(bb::telemetry::parseTraceParent(r.header("traceparent").toStdString()).has_value());
    }

    void corsPreflight()
    {
        const auto r = request(
            m_port, "OPTIONS", "/api/v1/posts", {},
            {{"Origin", "http://localhost:3000"}, {"Access-Control-Request-Method", "POST"}});
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("access-control-allow-origin"), QByteArray("*"));
        QVERIFY(r.header("access-control-allow-methods").contains("POST"));
        QCOMPARE(get("/healthz", {{"Origin", "http://x"}}).header("access-control-allow-origin"),
                 QByteArray("*"));
    }

    void logsAndSchema()
    {
        const auto logs = get("/api/admin/logs?level=info&limit=10");
        QCOMPARE(logs.status, 200);
        QVERIFY(!logs.json()["items"].toArray().isEmpty());
        QCOMPARE(get("/api/admin/logs?level=loud").status, 400);
        const auto schema = get("/api/admin/schema");
        QCOMPARE(schema.status, 200);
        bool sawPosts = false;
        for (const auto &v : schema.json()["tables"].toArray())
            if (v.toObject()["name"].toString() == "posts") {
                sawPosts = true;
                QCOMPARE(v.toObject()["primaryKey"].toString(), QString("id"));
                QVERIFY(!v.toObject()["foreignKeys"].toArray().isEmpty());
                QVERIFY(!v.toObject()["indexes"].toArray().isEmpty());
            }
        QVERIFY(sawPosts);
        QCOMPARE(request(m_port, "POST", "/api/admin/schema/reload").status, 200);
    }

    void metricsPassPromtool()
    {
        get("/api/v1/posts/1");
        const auto r = get("/metrics");
        QCOMPARE(r.status, 200);
        QVERIFY(r.header("content-type").startsWith("text/plain; version=0.0.4"));
        for (const char *name :
             {"http_requests_total{", "http_request_duration_seconds_bucket{",
              "http_requests_in_flight", "db_query_duration_seconds_bucket", "cache_hits_total",
              "cache_misses_total", "auth_logins_total", "process_cpu_seconds_total",
              "process_resident_memory_bytes", "process_open_fds", "process_start_time_seconds"})
            QVERIFY2(r.body.contains(name), name);
        const QString promtool = QStandardPaths::findExecutable("promtool");
        QVERIFY2(!promtool.isEmpty(),
                 "promtool not found: ./dev deps installs the prometheus package");
        QProcess p;
        p.start(promtool, {"check", "metrics"});
        QVERIFY(p.waitForStarted());
        p.write(r.body);
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QVERIFY2(p.exitCode() == 0,
                 (p.readAllStandardOutput() + p.readAllStandardError()).constData());
    }

    void openApiPassesRedocly()
    {
        const auto r = get("/api/openapi.json");
        QCOMPARE(r.status, 200);
        const QJsonObject doc = r.json();
        QCOMPARE(doc["openapi"].toString(), QString("3.1.0"));
        const QJsonObject paths = doc["paths"].toObject();
        for (const char *p : {"/healthz", "/readyz", "/metrics", "/api/v1", "/api/v1/posts",
                              "/api/v1/posts/{id}", "/api/admin/traces/{traceId}"})
            QVERIFY2(paths.contains(p), p);
        QVERIFY(doc["components"].toObject()["schemas"].toObject().contains("posts"));

        const QString redocly =
            tool("BB_REDOCLY", QStringLiteral(BB_BINARY_DIR "/tools/node_modules/.bin/redocly"));
        QVERIFY2(QFile::exists(redocly),
                 qPrintable("the OpenAPI validator is missing at " + redocly +
                            ": ./dev test installs @redocly/cli there"));
        QTemporaryDir dir;
        QFile f(dir.filePath("openapi.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(r.body);
        f.close();
        QProcess p;
        p.setWorkingDirectory(dir.path());
        // No network here: keep the validator from phoning home or checking for updates.
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("REDOCLY_TELEMETRY", "off");
        env.insert("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        p.setProcessEnvironment(env);
        p.start(redocly, {"lint", f.fileName(), "--format=stylish"});
        QVERIFY(p.waitForFinished(180000));
        const QByteArray output = p.readAllStandardOutput() + p.readAllStandardError();
        QVERIFY2(p.exitCode() == 0, output.constData());
        for (const QByteArray &line : output.split('\n'))
            if (line.contains("warning") || line.contains("valid"))
                qInfo().noquote() << "redocly:" << line.trimmed();
    }

    void malformedRequestsLeaveServerServing_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::newRow("CL+TE")
            << QByteArray("POST /api/v1/tags HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                          "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << 400;
        QTest::newRow("bad chunk size")
            << QByteArray("POST /api/v1/tags HTTP/1.1\r\nHost: x\r\n"
                          "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n")
            << 400;
        QTest::newRow("oversized header")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(20000, 'a') +
                          "\r\n\r\n")
            << 431;
        QTest::newRow("garbage") << QByteArray("\x01\x02\x03 nonsense\r\n\r\n") << 400;
    }
    void malformedRequestsLeaveServerServing()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        const auto r = bbtest::parseResponse(bbtest::sendRaw(m_port, raw));
        QCOMPARE(r.status, status);
        QCOMPARE(get("/healthz").status, 200);
    }

    void statsAndRecentRequests()
    {
        get("/healthz");
        const auto stats = m_engine->stats();
        QVERIFY(stats.requestsTotal > 10);
        QVERIFY(stats.clientErrorsTotal > 0);
        QVERIFY(stats.p99Ms >= stats.p50Ms);
        QVERIFY(stats.p50Ms > 0);
        const auto recent = m_engine->recentRequests(0, 5);
        QCOMPARE(recent.size(), 5u);
        QVERIFY(recent.back().seq > recent.front().seq);
        const auto none = m_engine->recentRequests(recent.back().seq + 1000, 5);
        QVERIFY(none.empty());
        bool sawResourceRoute = false;
        for (const auto &r : m_engine->routes())
            sawResourceRoute =
                sawResourceRoute || (r.pattern == "/api/v1/posts/{id}" && r.method == "GET");
        QVERIFY(sawResourceRoute);
    }

    void rateLimitAnswers429()
    {
        auto cfg = m_fixture->config();
        cfg.demo = false;
        cfg.rateLimitPerSecond = 0.5;
        cfg.rateLimitBurst = 2;
        cfg.dataDir = m_fixture->dataDir() + "/ratelimited";
        if (m_fixture->isPostgres())
            cfg.dbUrl = m_engine->config().dbUrl;
        bb::engine::Engine limited(cfg);
        auto port = limited.start();
        QVERIFY(port.ok());
        QCOMPARE(request(*port, "GET", "/healthz").status, 200);
        QCOMPARE(request(*port, "GET", "/healthz").status, 200);
        const auto r = request(*port, "GET", "/healthz");
        QCOMPARE(r.status, 429);
        QVERIFY(r.header("retry-after").toInt() >= 1);
        limited.stop();
    }
};

QTEST_GUILESS_MAIN(tst_EngineApi)
#include "tst_engine_api.moc"
