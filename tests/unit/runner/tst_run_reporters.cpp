// Run results: newman's counters, the tree model, and the cli/json/junit reporters.
#include "tester/reporters.h"
#include "tester/run_results.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace bb::tester;

namespace {

RequestRun request(int iteration, const QString &name, int status, QList<TestRun> tests)
{
    RequestRun r;
    r.iteration = iteration;
    r.name = name;
    r.path = QStringLiteral("Folder/") + name;
    r.method = QStringLiteral("GET");
    r.url = QStringLiteral("http://127.0.0.1:1/") + name;
    r.status = status;
    r.statusText = QStringLiteral("OK");
    r.responseBytes = 1234;
    r.timeMs = 34;
    r.ranTestScript = !tests.isEmpty();
    r.tests = std::move(tests);
    return r;
}

RunSummary sample()
{
    RunSummary s;
    s.collectionName = QStringLiteral("Demo <&> API");
    s.started = QDateTime::fromString(QStringLiteral("2026-01-01T00:00:00Z"), Qt::ISODate);
    s.finished = s.started.addMSecs(1500);
    s.executions.append(request(0, "login", 200, {{"status is 200", true, {}}}));
    RequestRun failing = request(
        0, "list", 200,
        {{"has items", true, {}}, {"count is 999", false, "expected 5 to equal 999 ]]> <tag>"}});
    failing.ranPreRequestScript = true;
    s.executions.append(failing);
    RequestRun broken = request(1, "login", 0, {});
    broken.error = QStringLiteral("Couldn't connect to server");
    s.executions.append(broken);
    RequestRun script = request(1, "list", 200, {});
    script.ranTestScript = true;
    script.testError = {QStringLiteral("ReferenceError: foo is not defined"), 3};
    s.executions.append(script);
    s.tally(2);
    return s;
}

} // namespace

class TestRunReporters : public QObject {
    Q_OBJECT
private slots:
    void tallyCountsAsNewman()
    {
        const RunSummary s = sample();
        QCOMPARE(s.iterations.total, 2);
        QCOMPARE(s.iterations.failed, 2);
        QCOMPARE(s.requests.total, 4);
        QCOMPARE(s.requests.failed, 1);
        QCOMPARE(s.testScripts.total, 3);
        QCOMPARE(s.testScripts.failed, 1);
        QCOMPARE(s.prerequestScripts.total, 1);
        QCOMPARE(s.prerequestScripts.failed, 0);
        QCOMPARE(s.assertions.total, 3);
        QCOMPARE(s.assertions.failed, 1);
        QCOMPARE(s.failures.size(), 3);
        QCOMPARE(s.failures[0].test, QStringLiteral("count is 999"));
        QCOMPARE(s.failures[2].line, 3);
        QVERIFY(!s.passed());
    }
    void jsonReportShape()
    {
        const QJsonObject o = QJsonDocument::fromJson(toJsonReport(sample())).object();
        QCOMPARE(o["run"]["collection"].toString(), QStringLiteral("Demo <&> API"));
        QCOMPARE(o["run"]["passed"].toBool(), false);
        QCOMPARE(o["stats"]["assertions"]["failed"].toInt(), 1);
        QCOMPARE(o["stats"]["requests"]["total"].toInt(), 4);
        const QJsonArray ex = o["executions"].toArray();
        QCOMPARE(ex.size(), 4);
        QCOMPARE(ex[1]["tests"][1]["name"].toString(), QStringLiteral("count is 999"));
        QCOMPARE(ex[1]["tests"][1]["passed"].toBool(), false);
        QCOMPARE(ex[3]["testError"]["line"].toInt(), 3);
        QVERIFY(ex[0]["error"].isNull());
        QCOMPARE(o["failures"].toArray().size(), 3);
    }
    void junitIsWellFormedWithFailures()
    {
        const QByteArray xml = toJUnit(sample());
        QXmlStreamReader r(xml);
        int suites = 0, cases = 0, failures = 0, errors = 0;
        QString failureText;
        while (!r.atEnd()) {
            r.readNext();
            if (!r.isStartElement())
                continue;
            if (r.name() == u"testsuites")
                QCOMPARE(r.attributes().value("name").toString(), QStringLiteral("Demo <&> API"));
            suites += r.name() == u"testsuite";
            cases += r.name() == u"testcase";
            errors += r.name() == u"error";
            if (r.name() == u"failure") {
                ++failures;
                QCOMPARE(r.attributes().value("type").toString(),
                         QStringLiteral("AssertionFailure"));
                failureText = r.readElementText();
            }
        }
        QVERIFY2(!r.hasError(), qPrintable(r.errorString()));
        QCOMPARE(suites, 4);
        QCOMPARE(cases, 3);
        QCOMPARE(failures, 1);
        QCOMPARE(errors, 2);
        QCOMPARE(failureText, QStringLiteral("expected 5 to equal 999 ]]> <tag>"));
    }
    void cliLines()
    {
        const RunSummary s = sample();
        int n = 1;
        QString text = cliRequestLines(s.executions[1], n, CliStyle{true});
        QVERIFY2(text.contains(QStringLiteral("→ Folder/list")), qPrintable(text));
        QVERIFY(
            text.contains(QStringLiteral("  GET http://127.0.0.1:1/list [200 OK, 1.2kB, 34ms]")));
        QVERIFY(text.contains(QStringLiteral("  ✓  has items")));
        QVERIFY(text.contains(QStringLiteral("  1. count is 999")));
        QCOMPARE(n, 2);
        text = cliRequestLines(s.executions[2], n, CliStyle{false});
        QVERIFY(text.contains(QStringLiteral("-> Folder/login")));
        QVERIFY(text.contains(QStringLiteral("2. Couldn't connect to server")));
        const QString summary = cliSummary(s, CliStyle{false});
        QVERIFY2(
            summary.contains(QStringLiteral("|              assertions |        3 |        1 |")),
            qPrintable(summary));
        QVERIFY(summary.contains(QStringLiteral("AssertionError")));
        QVERIFY(summary.contains(QStringLiteral("expected 5 to equal 999")));
        QVERIFY(summary.contains(QStringLiteral("at line 3 of the test script")));
        for (QChar c : summary)
            QVERIFY2(c.unicode() < 128, "the ASCII style must stay ASCII");
    }
    void modelTree()
    {
        RunResultsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        const RunSummary s = sample();
        for (const RequestRun &r : s.executions)
            model.addRequest(r);
        QCOMPARE(model.rowCount(), 2);
        const QModelIndex it0 = model.index(0, 0);
        QCOMPARE(model.rowCount(it0), 2);
        const QModelIndex list = model.index(1, 0, it0);
        QCOMPARE(list.data().toString(), QStringLiteral("list"));
        QCOMPARE(model.rowCount(list), 2);
        const QModelIndex failed = model.index(1, 0, list);
        QCOMPARE(failed.data().toString(), QStringLiteral("count is 999"));
        QCOMPARE(failed.data(RunResultsModel::StateRole).toInt(),
                 int(RunResultsModel::State::Failed));
        QCOMPARE(model.index(1, RunResultsModel::DetailColumn, list).data().toString(),
                 QStringLiteral("expected 5 to equal 999 ]]> <tag>"));
        QCOMPARE(model.parent(failed), list);
        QCOMPARE(model.parent(list), it0);
        // The request that could not connect shows its error as a child row.
        const QModelIndex broken = model.index(0, 0, model.index(1, 0));
        QCOMPARE(model.rowCount(broken), 1);
        QCOMPARE(model.index(0, RunResultsModel::DetailColumn, broken).data().toString(),
                 QStringLiteral("Couldn't connect to server"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
    void writeReportFileAtomically()
    {
        QTemporaryDir dir;
        QVERIFY(writeReportFile(dir.filePath("r.json"), "{}").ok());
        QFile f(dir.filePath("r.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("{}"));
        const auto bad = writeReportFile(dir.filePath("missing/r.json"), "{}");
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().message.startsWith("r.json: "));
    }
};

QTEST_GUILESS_MAIN(TestRunReporters)
#include "tst_run_reporters.moc"
