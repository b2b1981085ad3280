// bb::tester::ScriptEngine: chai assertions and their messages, pm.response, variables, request
// mutation, legacy globals, error lines, the timeout and the Postman fixtures' scripts.
#include "tester/script_engine.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace bb::tester;
namespace ws = bb::workspace;
namespace cl = bb::client;

namespace {
cl::HttpResponse jsonResponse()
{
    cl::HttpResponse r;
    r.status = 404;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}, {"X-Id", "42"}};
    r.body =
        R"({"id": 7, "name": "ann", "tags": ["a", "b"], "nested": {"deep": [1, {"x": true}]}})";
    r.bodySize = r.body.size();
    r.timings.totalUs = 12'345;
    return r;
}
} // namespace

class tst_ScriptEngine : public QObject {
    Q_OBJECT

    ScriptOutcome test(const QString &script, const cl::HttpResponse &response = jsonResponse())
    {
        ScriptEngine engine;
        VariableScopes vars;
        ws::HttpRequest request;
        request.url = "http://127.0.0.1/x";
        ScriptContext ctx;
        ctx.variables = &vars;
        ctx.request = &request;
        ctx.response = &response;
        ctx.requestName = "Get x";
        return engine.runTests(script, ctx);
    }

private slots:
    void assertions_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("message"); // empty = passes

        const auto row = [](const char *expr, const char *msg = "") {
            QTest::newRow(expr) << QString(expr) << QString(msg);
        };
        row("pm.expect(200).to.equal(200)");
        row("pm.expect(404).to.equal(200)", "expected 404 to equal 200");
        row("pm.expect(404).to.not.equal(404)", "expected 404 to not equal 404");
        row("pm.expect('a').to.eq('a')");
        row("pm.expect('a').equals('b')", "expected 'a' to equal 'b'");
        row("pm.expect({a: [1]}).to.eql({a: [1]})");
        row("pm.expect({a: [1]}).to.deep.equal({a: [2]})",
            "expected { a: [ 1 ] } to deeply equal { a: [ 2 ] }");
        row("pm.expect({a: 1}).to.not.eql({a: 1})",
            "expected { a: 1 } to not deeply equal { a: 1 }");
        row("pm.expect({a: 1}).to.equal({a: 1})", "expected { a: 1 } to equal { a: 1 }");
        row("pm.expect('hello').to.include('ell')");
        row("pm.expect('hello').to.contain('xyz')", "expected 'hello' to include 'xyz'");
        row("pm.expect([1, 2]).to.include(2)");
        row("pm.expect([1, 2]).to.not.include(2)", "expected [ 1, 2 ] to not include 2");
        row("pm.expect({a: 1, b: 2}).to.include({a: 1})");
        row("pm.expect({a: 1}).to.includes({a: 2})", "expected { a: 1 } to include { a: 2 }");
        row("pm.expect([{a: 1}]).to.deep.include({a: 1})");
        row("pm.expect({a: 1}).to.have.property('a')");
        row("pm.expect({a: 1}).to.have.property('b')", "expected { a: 1 } to have property 'b'");
        row("pm.expect({a: 1}).to.have.property('a', 1)");
        row("pm.expect({a: 1}).to.have.property('a', 2)",
            "expected { a: 1 } to have property 'a' of 2, but got 1");
        row("pm.expect({a: 1}).to.not.have.property('a')",
            "expected { a: 1 } to not have property 'a'");
        row("pm.expect({a: {b: 3}}).to.have.property('a').that.has.property('b', 3)");
        row("pm.expect('s').to.be.a('string')");
        row("pm.expect([]).to.be.an('array')");
        row("pm.expect(null).to.be.a('null')");
        row("pm.expect(undefined).to.be.an('undefined')");
        row("pm.expect(true).to.be.a('boolean')");
        row("pm.expect(function () {}).to.be.a('function')");
        row("pm.expect({}).to.be.an('object')");
        row("pm.expect([]).to.be.an('object')", "expected [] to be an object");
        row("pm.expect(1).to.be.a('string')", "expected 1 to be a string");
        row("pm.expect('x').to.not.be.a('string')", "expected 'x' not to be a string");
        row("pm.expect(5).to.be.above(3)");
        row("pm.expect(5).to.be.gt(5)", "expected 5 to be above 5");
        row("pm.expect(5).to.not.be.greaterThan(3)", "expected 5 to be at most 3");
        row("pm.expect(2).to.be.below(3)");
        row("pm.expect(4).to.be.lessThan(3)", "expected 4 to be below 3");
        row("pm.expect(4).to.not.be.lt(5)", "expected 4 to be at least 5");
        row("pm.expect(3).to.be.at.least(3)");
        row("pm.expect(2).to.be.gte(3)", "expected 2 to be at least 3");
        row("pm.expect(3).to.not.be.at.least(2)", "expected 3 to be below 2");
        row("pm.expect(true).to.not.be.false");
        row("pm.expect(false).to.not.be.false", "expected false to be true");
        row("pm.expect(undefined).to.not.be.undefined", "expected undefined not to be undefined");
        row("pm.expect({a: 1, b: 2}).to.not.include({b: 2})",
            "expected { a: 1, b: 2 } to not include { b: 2 }");
        row("pm.expect('abc').to.not.include('z')");
        row("pm.expect([1]).to.not.be.an('array')", "expected [ 1 ] not to be an array");
        row("pm.expect(2).to.not.equal(3)");
        row("pm.expect(5).to.be.within(1, 10)");
        row("pm.expect([1, 2]).to.have.members([2, 1])");
        row("pm.expect([1, 2]).to.have.members([1])",
            "expected [ 1, 2 ] to have the same members as [ 1 ]");
        row("pm.expect(4).to.satisfy(n => n % 2 === 0)");
        row("pm.expect(3).to.be.at.most(3)");
        row("pm.expect(4).to.be.lte(3)", "expected 4 to be at most 3");
        row("pm.expect(4).to.not.be.at.most(5)", "expected 4 to be above 5");
        row("pm.expect([1, 2, 3]).to.have.lengthOf(3)");
        row("pm.expect('ab').to.have.length(3)", "expected 'ab' to have a length of 3 but got 2");
        row("pm.expect([1]).to.not.have.lengthOf(1)", "expected [ 1 ] to not have a length of 1");
        row("pm.expect(1).to.be.ok");
        row("pm.expect(0).to.be.ok", "expected 0 to be truthy");
        row("pm.expect('x').to.not.be.ok", "expected 'x' to be falsy");
        row("pm.expect(true).to.be.true");
        row("pm.expect(1).to.be.true", "expected 1 to be true");
        row("pm.expect(true).to.not.be.true", "expected true to be false");
        row("pm.expect(false).to.be.false");
        row("pm.expect(0).to.be.false", "expected 0 to be false");
        row("pm.expect(null).to.be.null");
        row("pm.expect(0).to.be.null", "expected 0 to be null");
        row("pm.expect(null).to.not.be.null", "expected null not to be null");
        row("pm.expect(undefined).to.be.undefined");
        row("pm.expect(null).to.be.undefined", "expected null to be undefined");
        row("pm.expect(1).to.exist");
        row("pm.expect(null).to.exist", "expected null to exist");
        row("pm.expect(0).to.not.exist", "expected 0 to not exist");
        row("pm.expect([]).to.be.empty");
        row("pm.expect('').to.be.empty");
        row("pm.expect({a: 1}).to.be.empty", "expected { a: 1 } to be empty");
        row("pm.expect([]).to.not.be.empty", "expected [] not to be empty");
        row("pm.expect('abc').to.match(/b/)");
        row("pm.expect('abc').to.match(/^b/)", "expected 'abc' to match /^b/");
        row("pm.expect('abc').to.not.match(/b/)", "expected 'abc' not to match /b/");
        row("pm.expect(2).to.be.oneOf([1, 2])");
        row("pm.expect(3).to.be.oneOf([1, 2])", "expected 3 to be one of [ 1, 2 ]");
        row("pm.expect(1).to.not.be.oneOf([1, 2])", "expected 1 to not be one of [ 1, 2 ]");
        row("pm.expect({a: 1, b: 2}).to.have.keys('a', 'b')");
        row("pm.expect({a: 1, b: 2}).to.have.keys(['a'])",
            "expected { a: 1, b: 2 } to have key 'a'");
        row("pm.expect({a: 1, b: 2}).to.contain.keys('a')");
        row("pm.expect({a: 1}).to.have.any.keys('a', 'z')");
        row("pm.expect({a: 1, b: 2}).to.not.have.keys('a', 'b')",
            "expected { a: 1, b: 2 } to not have keys 'a', and 'b'");
        row("pm.expect(1, 'custom').to.equal(2)", "custom: expected 1 to equal 2");
        row("pm.expect({aaaaaaaa: 1, bbbbbbbbbb: 2, cccccccccc: 3, d: 4}).to.equal(1)",
            "expected { Object (aaaaaaaa, bbbbbbbbbb, ...) } to equal 1");
        row("pm.expect(1).to.be.with.at.of.same.does.still.that.which.and.has.have.is.been.equal("
            "1)");
    }
    void assertions()
    {
        QFETCH(QString, expression);
        QFETCH(QString, message);
        const ScriptOutcome o = test(QString("pm.test('t', function () { %1; });").arg(expression));
        QVERIFY2(o.ok(), qPrintable(o.error));
        QCOMPARE(o.tests.size(), 1);
        QCOMPARE(o.tests[0].name, QString("t"));
        QCOMPARE(o.tests[0].error, message);
        QCOMPARE(o.tests[0].passed, message.isEmpty());
    }

    void responseApi_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *expr, const char *msg = "") {
            QTest::newRow(expr) << QString(expr) << QString(msg);
        };
        row("pm.expect(pm.response.code).to.equal(404)");
        row("pm.expect(pm.response.status).to.equal('Not Found')");
        row("pm.expect(pm.response.headers.get('x-id')).to.equal('42')");
        row("pm.expect(pm.response.headers.has('X-ID')).to.be.true");
        row("pm.expect(pm.response.headers.toObject()['x-id']).to.equal('42')");
        row("pm.expect(pm.response.json().tags).to.eql(['a', 'b'])");
        row("pm.expect(pm.response.text()).to.include('ann')");
        row("pm.expect(pm.response.responseTime).to.equal(12)");
        row("pm.expect(pm.response.responseSize).to.be.above(10)");
        row("pm.response.to.have.status(404)");
        row("pm.response.to.have.status('Not Found')");
        row("pm.response.to.have.status(200)",
            "expected response to have status code 200 but got 404");
        row("pm.response.to.not.have.status(404)", "expected response to not have status code 404");
        row("pm.expect(pm.response).to.have.status(201)",
            "expected response to have status code 201 but got 404");
        row("pm.response.to.have.header('X-Id')");
        row("pm.response.to.have.header('X-Id', '42')");
        row("pm.response.to.have.header('X-Nope')",
            "expected response to have header with key 'X-Nope'");
        row("pm.response.to.have.header('X-Id', '1')",
            "expected 'X-Id' response header to be '1' but got '42'");
        row("pm.response.to.have.jsonBody()");
        row("pm.response.to.have.jsonBody('nested.deep[1].x')");
        row("pm.response.to.have.jsonBody('name', 'ann')");
        row("pm.response.to.have.jsonBody('missing')",
            "expected response body json to have path 'missing'");
        row("pm.response.to.be.json");
        row("pm.response.to.be.ok", "expected response code to be 2XX but found 404");
        row("pm.response.to.be.success", "expected response code to be 2XX but found 404");
        row("pm.response.to.not.be.ok");
        row("pm.response.to.be.clientError");
    }
    void responseApi()
    {
        QFETCH(QString, expression);
        QFETCH(QString, message);
        const ScriptOutcome o = test(QString("pm.test('t', function () { %1; });").arg(expression));
        QVERIFY2(o.ok(), qPrintable(o.error));
        QCOMPARE(o.tests.size(), 1);
        QCOMPARE(o.tests[0].error, message);
        QCOMPARE(o.tests[0].passed, message.isEmpty());
    }

    void oneFailingTestDoesNotStopTheOthers()
    {
        const ScriptOutcome o = test("pm.test('a', () => { throw new TypeError('boom'); });\n"
                                     "pm.test('b', () => pm.expect(1).to.equal(1));\n"
                                     "pm.test.skip('c', () => {});\n"
                                     "pm.test('d', (done) => { done(); });\n"
                                     "pm.test('e', (done) => {});");
        QVERIFY(o.ok());
        QCOMPARE(o.tests.size(), 5);
        QCOMPARE(o.tests[0].error, QString("TypeError: boom"));
        QVERIFY(!o.tests[0].passed);
        QVERIFY(o.tests[1].passed);
        QVERIFY(o.tests[2].skipped);
        QVERIFY(o.tests[3].passed);
        QCOMPARE(o.tests[4].error, QString("the test did not call done()"));
        QVERIFY(!o.allPassed());
    }

    void legacyGlobals()
    {
        cl::HttpResponse r = jsonResponse();
        r.status = 200;
        const ScriptOutcome o =
            test("tests['code'] = responseCode.code === 200;\n"
                 "tests['has'] = responseBody.has('ann');\n"
                 "var body = JSON.parse(responseBody);\n"
                 "tests['lodash'] = _.has(body, 'nested.deep') && _.get(body, 'tags[1]') === 'b';\n"
                 "tests['header'] = postman.getResponseHeader('x-id') === '42';\n"
                 "tests['false one'] = 0;\n"
                 "tests['buffer'] = Buffer.from('us@r:p').toString('base64') === 'dXNAcjpw' && "
                 "atob(btoa('x')) === 'x';\n",
                 r);
        QVERIFY2(o.ok(), qPrintable(o.error));
        QCOMPARE(o.tests.size(), 6);
        for (const auto &t : o.tests)
            QVERIFY2(t.passed == (t.name != "false one"), qPrintable(t.name));
        QCOMPARE(o.tests[4].name, QString("false one"));
        QCOMPARE(o.tests[4].error, QString("tests[\"false one\"] was 0"));
    }

    void variablesRoundTrip()
    {
        ScriptEngine engine;
        VariableScopes vars;
        vars.setEnvironment({"staging", {{"count", "4"}, {"base", "http://{{host}}"}}});
        vars.setScope(Scope::Global, {{"host", "127.0.0.1"}});
        vars.setScope(Scope::Data, {{"row", "r1"}});
        vars.setScope(Scope::Collection, {{"c", "1"}});
        ScriptContext ctx;
        ctx.variables = &vars;
        const ScriptOutcome o = engine.runPreRequest(
            "var n = parseInt(postman.getEnvironmentVariable('count'));\n"
            "postman.setEnvironmentVariable('count', n + 1);\n"
            "pm.environment.set('obj', {a: 1});\n"
            "pm.globals.set('g', 'G');\n"
            "pm.collectionVariables.unset('c');\n"
            "pm.variables.set('local', 'L');\n"
            "console.log('env', pm.environment.name, pm.environment.get('base'));\n"
            "console.log(pm.variables.replaceIn('{{base}}/x'), pm.iterationData.get('row'));\n"
            "console.warn(pm.variables.has('local'), pm.environment.has('local'), "
            "pm.variables.toObject().host);\n"
            "console.log(typeof pm.environment.get('nope'));\n",
            ctx);
        QVERIFY2(o.ok(), qPrintable(o.error));
        QCOMPARE(vars.value("count"), QString("5"));
        QCOMPARE(vars.value("obj"), QString(R"({"a":1})"));
        QCOMPARE(vars.scopeOf("obj"), Scope::Environment);
        QCOMPARE(vars.value("g"), QString("G"));
        QVERIFY(!vars.has("c"));
        QCOMPARE(vars.scopeOf("local"), Scope::Local);
        QCOMPARE(o.console, (QStringList{"env staging http://{{host}}", "http://127.0.0.1/x r1",
                                         "[warn] true false 127.0.0.1", "undefined"}));
    }

    void preRequestChangesTheRequest()
    {
        ScriptEngine engine;
        VariableScopes vars;
        ws::HttpRequest request;
        request.url = "http://127.0.0.1/a";
        request.headers = {{"X-Old", "1"}, {"X-Keep", "k"}};
        request.body.kind = ws::Body::Kind::Raw;
        request.body.text = "old";
        ScriptContext ctx{&vars, &request, nullptr, "r", 2, 3, nullptr};
        const ScriptOutcome o =
            engine.runPreRequest("pm.request.headers.add({key: 'X-New', value: 'n'});\n"
                                 "pm.request.headers.upsert({key: 'x-keep', value: 'k2'});\n"
                                 "pm.request.headers.remove('X-Old');\n"
                                 "pm.request.url = pm.request.url.toString() + '?q=1';\n"
                                 "pm.request.method = 'POST';\n"
                                 "pm.request.body.raw = JSON.stringify({n: pm.info.iteration, of: "
                                 "pm.info.iterationCount,"
                                 " name: pm.info.requestName, ev: pm.info.eventName});\n"
                                 "pm.execution.setNextRequest('Other');\n",
                                 ctx);
        QVERIFY2(o.ok(), qPrintable(o.error));
        QCOMPARE(request.url, QString("http://127.0.0.1/a?q=1"));
        QCOMPARE(request.method, QString("POST"));
        QCOMPARE(request.headers, (QList<ws::KeyValue>{{"X-Keep", "k2"}, {"X-New", "n"}}));
        QCOMPARE(request.body.text, QString(R"({"n":2,"of":3,"name":"r","ev":"prerequest"})"));
        QCOMPARE(o.nextRequest, std::optional<QString>("Other"));

        const ScriptOutcome stop = engine.runTests("postman.setNextRequest(null);", ctx);
        QCOMPARE(stop.nextRequest, std::optional<QString>(QString()));
        QVERIFY(!engine.runTests("1;", ctx).nextRequest.has_value());
    }

    void errorsReportTheUsersLine()
    {
        ScriptOutcome o = test("var a = 1;\n\nnull.x;\n");
        QCOMPARE(o.error, QString("TypeError: Cannot read property 'x' of null"));
        QCOMPARE(o.errorLine, 3);
        o = test("var a = 1;\nvar b = ;\n");
        QVERIFY(o.error.startsWith("SyntaxError"));
        QCOMPARE(o.errorLine, 2);
        o = test("\npm.response.json();\nthrow new Error('after');", [] {
            cl::HttpResponse r;
            r.status = 200;
            r.body = "not json";
            return r;
        }());
        QVERIFY(o.error.startsWith("SyntaxError: JSON.parse"));
        QCOMPARE(o.errorLine, 2);
        o = test("require('lodash');");
        QCOMPARE(o.error, QString("Error: require('lodash') is not supported in Backbench "
                                  "scripts (see docs/scripting.md)"));
        QCOMPARE(o.errorLine, 1);
        o = test("\n\nvar c = pm.cookies.get('a');");
        QCOMPARE(o.error, QString("Error: pm.cookies is not supported in Backbench scripts (see "
                                  "docs/scripting.md)"));
        QCOMPARE(o.errorLine, 3);
        o = test("CryptoJS.MD5('x');");
        QVERIFY2(o.error.startsWith("Error: CryptoJS.MD5 is not supported"), qPrintable(o.error));
        o = test("setTimeout(function () {}, 10);");
        QVERIFY2(o.error.startsWith("Error: setTimeout is not supported"), qPrintable(o.error));
        o = test("pm.test('schema', () => pm.response.to.have.jsonSchema({}));");
        QVERIFY(o.ok());
        QCOMPARE(o.tests.value(0).error,
                 QString("Error: pm.response.to.have.jsonSchema is not "
                         "supported in Backbench scripts (see docs/scripting.md)"));
        o = test("pm.test('before', () => {});\nundefinedFunction();");
        QCOMPARE(o.tests.size(), 1); // tests recorded before the error are kept
        QVERIFY(o.error.startsWith("ReferenceError"));
    }

    // A body over the limit scripts may read is never loaded; reading it fails with its size and
    // the limit, while code, headers and responseSize still work.
    void oversizedBodyFailsWithItsSize()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("body");
        constexpr qint64 size = 40 * 1024 * 1024;
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(size)); // sparse: no 40 MB written
        }
        cl::HttpResponse r = jsonResponse();
        r.body.clear();
        r.bodyFile = std::make_shared<cl::BodyFile>(path);
        r.bodySize = size;

        const ScriptOutcome ok = test("pm.test('meta', function () {"
                                      "  pm.expect(pm.response.code).to.equal(404);"
                                      "  pm.expect(pm.response.headers.get('x-id')).to.equal('42');"
                                      "  pm.expect(pm.response.responseSize).to.equal(41943040);"
                                      "});",
                                      r);
        QVERIFY2(ok.ok(), qPrintable(ok.error));
        QCOMPARE(ok.tests.size(), 1);
        QVERIFY2(ok.tests[0].passed, qPrintable(ok.tests[0].error));

        for (const char *read :
             {"pm.response.json()", "pm.response.text()", "responseBody.length"}) {
            const ScriptOutcome o = test(QStringLiteral("var x = %1;").arg(QLatin1String(read)), r);
            QVERIFY2(o.error.contains("41943040 bytes") && o.error.contains("33554432"),
                     qPrintable(QStringLiteral("%1: %2").arg(QLatin1String(read), o.error)));
            QCOMPARE(o.errorLine, 1);
        }
    }

    void runawayScriptIsInterrupted()
    {
        ScriptEngine engine;
        engine.setTimeoutMs(300);
        VariableScopes vars;
        ScriptContext ctx;
        ctx.variables = &vars;
        QElapsedTimer t;
        t.start();
        const ScriptOutcome o = engine.runTests("pm.test('ran', () => {});\nwhile (true) {}", ctx);
        QVERIFY(t.elapsed() < 5000);
        QVERIFY(o.timedOut);
        QCOMPARE(o.error, QString("the script ran longer than 300 ms and was stopped"));
        QCOMPARE(o.tests.size(), 1);
        // The engine is usable again afterwards.
        const ScriptOutcome next = engine.runTests("pm.test('ok', () => {});", ctx);
        QVERIFY2(next.ok(), qPrintable(next.error));
        QCOMPARE(next.tests.size(), 1);
        QVERIFY(next.tests[0].passed);
    }

    void sendRequestWithoutClientReportsToTheCallback()
    {
        const ScriptOutcome o = test(
            "pm.sendRequest('http://127.0.0.1:1/', function (err, res) {\n"
            "  pm.test('got error', () => { pm.expect(err.message).to.include('no HTTP client'); "
            "pm.expect(res).to.be.undefined; });\n"
            "});");
        QVERIFY2(o.ok(), qPrintable(o.error));
        QCOMPARE(o.tests.size(), 1);
        QVERIFY2(o.tests[0].passed, qPrintable(o.tests[0].error));
    }

    void topLevelVarsDoNotLeakBetweenRuns()
    {
        ScriptEngine engine;
        ScriptContext ctx;
        QVERIFY(engine.runTests("var leaked = 1; implicitGlobal = 2;", ctx).ok());
        const ScriptOutcome implicit = engine.runTests(
            "pm.test('t', () => pm.expect(typeof implicitGlobal).to.equal('undefined'));", ctx);
        QVERIFY2(implicit.tests.value(0).passed, qPrintable(implicit.tests.value(0).error));
        const ScriptOutcome o = engine.runTests(
            "pm.test('t', () => pm.expect(typeof leaked).to.equal('undefined'));", ctx);
        QVERIFY(o.tests.value(0).passed);
    }

    void runsOnAThreadOfItsOwn()
    {
        ScriptOutcome outcome, timedOut;
        std::thread worker([&] {
            ScriptEngine engine;
            engine.setTimeoutMs(200);
            VariableScopes vars;
            ScriptContext ctx;
            ctx.variables = &vars;
            outcome = engine.runTests("pm.test('t', () => pm.expect(1).to.be.below(2));", ctx);
            timedOut = engine.runTests("for (;;) {}", ctx);
        });
        worker.join();
        QVERIFY(outcome.allPassed());
        QCOMPARE(outcome.tests.size(), 1);
        QVERIFY(timedOut.timedOut);
    }

    void postmanFixtureScriptsRun()
    {
        const QDir dir(QStringLiteral(BB_FIXTURES_DIR "/postman"));
        const QStringList files = dir.entryList({"*.postman_collection.json"});
        QVERIFY(files.size() >= 4);
        int scripts = 0, withTests = 0;
        ScriptEngine engine;
        engine.setTimeoutMs(5000);
        for (const QString &name : files) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QList<QJsonValue> stack{QJsonDocument::fromJson(f.readAll()).object()};
            while (!stack.isEmpty()) {
                const QJsonValue v = stack.takeLast();
                if (v.isArray()) {
                    for (const auto &x : v.toArray())
                        stack.append(x);
                    continue;
                }
                if (!v.isObject())
                    continue;
                const QJsonObject o = v.toObject();
                for (auto it = o.begin(); it != o.end(); ++it)
                    stack.append(it.value());
                if (!o.contains("listen") || !o.contains("script"))
                    continue;
                const QJsonValue exec = o["script"].toObject()["exec"];
                QString source;
                if (exec.isArray())
                    for (const auto &line : exec.toArray())
                        source += line.toString() + '\n';
                else
                    source = exec.toString();
                if (source.trimmed().isEmpty())
                    continue;
                ++scripts;
                // No server: an empty 0 response stands in, so scripts that need a body fail
                // their tests or throw on JSON.parse, but never crash or time out.
                cl::HttpResponse none;
                VariableScopes vars;
                ws::HttpRequest request;
                request.url = "http://127.0.0.1:1/";
                ScriptContext ctx{&vars, &request, &none, name, 0, 1, nullptr};
                const bool isTest = o["listen"].toString() == "test";
                const ScriptOutcome out =
                    isTest ? engine.runTests(source, ctx) : engine.runPreRequest(source, ctx);
                const QString where = name + ": " + source.left(60);
                QVERIFY2(!out.timedOut, qPrintable(where));
                QVERIFY2(!out.error.startsWith("SyntaxError") || out.error.contains("JSON.parse"),
                         qPrintable(where + " " + out.error));
                QVERIFY2(!out.error.startsWith("internal"), qPrintable(where + " " + out.error));
                // A script may throw on the missing body (Postman would too), but never because
                // the sandbox lacks something it uses.
                QVERIFY2(!out.error.contains("is not a function"),
                         qPrintable(where + " " + out.error));
                static const QRegularExpression undefinedName(
                    "^ReferenceError: (\\S+) is not defined");
                if (const auto m = undefinedName.match(out.error); m.hasMatch()) // its own global
                    QVERIFY2(source.contains(m.captured(1) + " = "),
                             qPrintable(where + " " + out.error));
                const bool ranTests = std::any_of(out.tests.begin(), out.tests.end(),
                                                  [](const TestResult &t) { return !t.skipped; });
                if (isTest && ranTests) {
                    ++withTests;
                    QVERIFY2(!out.allPassed(),
                             qPrintable(where)); // nothing can pass without a server
                }
            }
        }
        QVERIFY(scripts >= 50);
        QVERIFY(withTests >= 20);
    }
};

QTEST_GUILESS_MAIN(tst_ScriptEngine)
#include "tst_script_engine.moc"
