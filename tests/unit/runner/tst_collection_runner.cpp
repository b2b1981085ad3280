// CollectionRunner against a real engine: order, folders, variables across requests and
// iterations, data rows, setNextRequest, bail, delay, timeout and cancel.
#include "../../support/engine_fixture.h"
#include "tester/collection_runner.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace bb::tester;
using bb::workspace::Collection;
using bb::workspace::Folder;
using bb::workspace::HttpRequest;

namespace {

HttpRequest get(const QString &name, const QString &url, const QString &tests = {},
                const QString &pre = {})
{
    HttpRequest r;
    r.name = name;
    r.url = url;
    r.testScript = tests;
    r.preRequestScript = pre;
    return r;
}

RunSummary runToEnd(CollectionRunner &runner, const Collection &c, const QString &folder,
                    const bb::workspace::Environment &env, const RunOptions &o)
{
    QSignalSpy finished(&runner, &CollectionRunner::finished);
    runner.start(c, folder, env, o);
    if (!finished.wait(60000))
        return {};
    return finished.at(0).at(0).value<RunSummary>();
}

QStringList names(const RunSummary &s)
{
    QStringList out;
    for (const RequestRun &r : s.executions)
        out << QStringLiteral("%1:%2").arg(r.iteration).arg(r.name);
    return out;
}

} // namespace

class TestCollectionRunner : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!m_fx.unavailableReason().isEmpty())
            QSKIP(qPrintable(m_fx.unavailableReason()));
        m_engine = std::make_unique<bb::engine::Engine>(m_fx.config());
        auto port = m_engine->start();
        QVERIFY(port.ok());
        m_env.name = QStringLiteral("test");
        m_env.variables = {
            {"baseUrl", QStringLiteral("http://127.0.0.1:%1").arg(*port), true, false}};
    }
    void cleanupTestCase()
    {
        if (m_engine)
            m_engine->stop();
    }

    void planOrderAndFolders()
    {
        Collection c;
        c.root.requests = {get("top", "u")};
        Folder a{"A", {get("a1", "u")}, {}, {{"fa", "1", true}}};
        Folder b{"B", {get("b1", "u"), get("b2", "u")}, {}, {{"fb", "2", true}}};
        a.folders = {b};
        c.root.folders = {a, Folder{"C", {get("c1", "u")}, {}, {}}};
        auto all = planRun(c);
        QVERIFY(all.ok());
        QStringList paths;
        for (const PlannedRequest &p : *all)
            paths << p.path;
        QCOMPARE(paths, QStringList({"top", "A/a1", "A/B/b1", "A/B/b2", "C/c1"}));
        QCOMPARE(all->at(2).folders.size(), 2);
        QCOMPARE(all->at(2).folders.at(1).at(0).name, QStringLiteral("fb"));
        auto byPath = planRun(c, "A/B");
        QVERIFY(byPath.ok());
        QCOMPARE(byPath->size(), 2);
        auto byName = planRun(c, "B");
        QVERIFY(byName.ok());
        QCOMPARE(byName->first().path, QStringLiteral("A/B/b1"));
        auto missing = planRun(c, "Z");
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message, QStringLiteral("no folder 'Z' in the collection"));
    }

    void variablesCarryOverAndDataRowsApply()
    {
        Collection c;
        c.name = "vars";
        c.variables = {{"path", "/healthz", true}};
        c.root.requests = {
            get("first", "{{baseUrl}}{{path}}",
                "pm.test('status 200', () => pm.response.to.have.status(200));"
                "var n = Number(pm.environment.get('count') || 0) + 1;"
                "pm.environment.set('count', String(n));"),
            get("second", "{{baseUrl}}/healthz?row={{row}}",
                "pm.test('row is the data row', () => pm.expect(pm.iterationData.get('row'))"
                ".to.eql(String(pm.info.iteration + 1)));"
                "pm.test('count carried over', () => pm.expect(pm.environment.get('count'))"
                ".to.eql(String(pm.info.iteration + 1)));"),
        };
        RunOptions o;
        o.iterations = 0; // one per data row
        o.data = {{{"row", "1", true}}, {{"row", "2", true}}, {{"row", "3", true}}};
        CollectionRunner runner;
        QSignalSpy perRequest(&runner, &CollectionRunner::requestFinished);
        QSignalSpy progress(&runner, &CollectionRunner::progress);
        const RunSummary s = runToEnd(runner, c, {}, m_env, o);
        QCOMPARE(s.iterations.total, 3);
        QCOMPARE(s.requests.total, 6);
        QCOMPARE(s.assertions.total, 9);
        QVERIFY2(s.assertions.failed == 0,
                 qPrintable(s.failures.isEmpty() ? QString() : s.failures.first().message));
        QVERIFY(s.passed());
        QCOMPARE(perRequest.size(), 6);
        QCOMPARE(progress.last().at(0).toInt(), 6);
        QCOMPARE(progress.last().at(1).toInt(), 6);
        QVERIFY(s.executions[1].url.endsWith("/healthz?row=1"));
        QCOMPARE(s.executions[0].status, 200);
        QCOMPARE(s.executions[0].statusText, QStringLiteral("OK"));
        QVERIFY(s.executions[0].responseBytes > 0);
        bool found = false;
        for (const auto &v : runner.finalEnvironment().variables)
            found |= v.name == u"count" && v.value == u"3";
        QVERIFY(found);
    }

    void failuresScriptErrorsAndBail()
    {
        Collection c;
        c.root.requests = {
            get("missing", "{{baseUrl}}/no/such/route",
                "pm.test('is 200', () => pm.response.to.have.status(200));"
                "pm.test('is 404', () => pm.response.to.have.status(404));"),
            get("broken script", "{{baseUrl}}/healthz", "var x = 1;\nnotDefined();"),
            get("broken pre", "{{baseUrl}}/healthz", "pm.test('still runs', () => {});",
                "throw new Error('no');"),
        };
        CollectionRunner runner;
        RunSummary s = runToEnd(runner, c, {}, m_env, RunOptions{});
        QCOMPARE(s.executions[0].status, 404);
        // As newman: the request whose pre-request script threw is still sent and tested.
        QCOMPARE(s.assertions.total, 3);
        QCOMPARE(s.assertions.failed, 1);
        QCOMPARE(s.testScripts.failed, 1);
        QCOMPARE(s.prerequestScripts.failed, 1);
        QCOMPARE(s.executions[1].testError.line, 2);
        QCOMPARE(s.executions[2].preRequestError.message.contains("no"), true);
        QCOMPARE(s.executions[2].status, 200);
        QCOMPARE(s.requests.total, 3);
        QCOMPARE(s.failures.size(), 3);
        QVERIFY(!s.passed());

        RunOptions bail;
        bail.bail = true;
        bail.iterations = 2;
        s = runToEnd(runner, c, {}, m_env, bail);
        QVERIFY(s.bailed);
        QCOMPARE(s.executions.size(), 1);
    }

    void setNextRequestJumpsAndNullEndsTheIteration()
    {
        Collection c;
        c.root.requests = {
            get("a", "{{baseUrl}}/healthz", "pm.execution.setNextRequest('c');"),
            get("b", "{{baseUrl}}/healthz"),
            get("c", "{{baseUrl}}/healthz",
                "if (!pm.environment.get('looped')) { pm.environment.set('looped', '1');"
                " postman.setNextRequest('b'); } else { pm.execution.setNextRequest(null); }"),
            get("d", "{{baseUrl}}/healthz"),
        };
        CollectionRunner runner;
        RunOptions o;
        o.iterations = 2;
        const RunSummary s = runToEnd(runner, c, {}, m_env, o);
        QCOMPARE(names(s), QStringList({"0:a", "0:c", "0:b", "0:c", "1:a", "1:c"}));
    }

    void delayTimeoutAndCancel()
    {
        Collection c;
        c.root.requests = {get("one", "{{baseUrl}}/healthz"), get("two", "{{baseUrl}}/healthz")};
        CollectionRunner runner;
        RunOptions slow;
        slow.delayMs = 300;
        slow.iterations = 2;
        QElapsedTimer t;
        t.start();
        RunSummary s = runToEnd(runner, c, {}, m_env, slow);
        QCOMPARE(s.requests.total, 4);
        QVERIFY(t.elapsed() >= 900); // three pauses between four requests

        // A port that accepts nothing: the connection fails fast, a request error each.
        bb::workspace::Environment closed;
        closed.variables = {{"baseUrl", "http://127.0.0.1:1", true, false}};
        RunOptions timeout;
        timeout.timeoutMs = 2000;
        s = runToEnd(runner, c, {}, closed, timeout);
        QCOMPARE(s.requests.failed, 2);
        QVERIFY(!s.executions[0].error.isEmpty());
        QCOMPARE(s.executions[0].status, 0);

        // Cancel during a long delay: finished comes promptly, marked cancelled.
        RunOptions long_;
        long_.delayMs = 10000;
        long_.iterations = 3;
        QSignalSpy finished(&runner, &CollectionRunner::finished);
        QSignalSpy first(&runner, &CollectionRunner::requestFinished);
        runner.start(c, {}, m_env, long_);
        QVERIFY(runner.isRunning());
        QVERIFY(first.wait(10000));
        t.restart();
        runner.cancel();
        QVERIFY(finished.wait(5000));
        QVERIFY(t.elapsed() < 2000);
        s = finished.at(0).at(0).value<RunSummary>();
        QVERIFY(s.cancelled);
        QCOMPARE(s.executions.size(), 1);
        QVERIFY(!runner.isRunning());
    }

    void startErrorsEndTheRunAtOnce()
    {
        Collection c;
        c.root.requests = {get("one", "{{baseUrl}}/healthz")};
        CollectionRunner runner;
        RunOptions o;
        o.dataFile = QStringLiteral("/nonexistent/data.csv");
        RunSummary s = runToEnd(runner, c, {}, m_env, o);
        QVERIFY(s.error.startsWith("data.csv: "));
        QVERIFY(!s.passed());
        s = runToEnd(runner, c, "nope", m_env, RunOptions{});
        QCOMPARE(s.error, QStringLiteral("no folder 'nope' in the collection"));
    }

    void destroyWhileRunning()
    {
        Collection c;
        c.root.requests = {get("one", "{{baseUrl}}/healthz")};
        RunOptions o;
        o.iterations = 100;
        o.delayMs = 50;
        QElapsedTimer t;
        t.start();
        {
            CollectionRunner runner;
            runner.start(c, {}, m_env, o);
            QTest::qWait(100);
        }
        QVERIFY(t.elapsed() < 3000);
    }

private:
    bbtest::EngineFixture m_fx;
    std::unique_ptr<bb::engine::Engine> m_engine;
    bb::workspace::Environment m_env;
};

QTEST_GUILESS_MAIN(TestCollectionRunner)
#include "tst_collection_runner.moc"
