// `backbench run` side by side with newman on the same collection, environment and data file
// against a real engine: the same requests, assertions and failures, iteration by iteration.
#include "runner_fixture.h"

#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTest>

using namespace runnertest;

namespace {

/// One request execution, reduced to what both reports carry.
struct Execution {
    int iteration = 0;
    QString request;
    QStringList passed;
    QStringList failed;

    QString describe() const
    {
        return QStringLiteral("#%1 %2 passed[%3] failed[%4]")
            .arg(iteration)
            .arg(request, passed.join(u'|'), failed.join(u'|'));
    }
};

QList<Execution> fromNewman(const QJsonObject &report)
{
    QList<Execution> out;
    for (const QJsonValue &v : report["run"]["executions"].toArray()) {
        const QJsonObject e = v.toObject();
        Execution x;
        x.iteration = e["cursor"]["iteration"].toInt();
        x.request = e["item"]["name"].toString();
        for (const QJsonValue &a : e["assertions"].toArray()) {
            const QJsonObject o = a.toObject();
            (o.contains("error") ? x.failed : x.passed).append(o["assertion"].toString());
        }
        out.append(x);
    }
    return out;
}

QList<Execution> fromBackbench(const QJsonObject &report)
{
    QList<Execution> out;
    for (const QJsonValue &v : report["executions"].toArray()) {
        const QJsonObject e = v.toObject();
        Execution x;
        x.iteration = e["iteration"].toInt();
        x.request = e["name"].toString();
        for (const QJsonValue &t : e["tests"].toArray())
            (t["passed"].toBool() ? x.passed : x.failed).append(t["name"].toString());
        out.append(x);
    }
    return out;
}

QString findNewman()
{
    const QString fromEnv = qEnvironmentVariable("BB_NEWMAN");
    if (!fromEnv.isEmpty())
        return QFileInfo(fromEnv).isExecutable() ? fromEnv : QString();
    // ./dev installs it here (ensure_node_tools); a developer's build has it too.
    const QString local = QStringLiteral(BB_BINARY_DIR "/tools/node_modules/.bin/newman");
    return QFileInfo(local).isExecutable() ? local : QString();
}

} // namespace

class TestNewmanCompare : public QObject {
    Q_OBJECT
private slots:
    void sameResultsAsNewman()
    {
        const QString newman = findNewman();
        if (newman.isEmpty())
            QSKIP("newman not found: set BB_NEWMAN or run ./dev test, which installs it into "
                  "build/tools");
        RunnerEngine engine;
        const QString why = engine.start();
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        QTemporaryDir dir;
        const QString env = engine.writeEnvironment(dir);
        const QString collection = dataPath("engine_api.postman_collection.json");
        const QString data = dataPath("tags.csv");

        const QString newmanOut = dir.filePath("newman.json");
        const Process n =
            runProcess(newman, {"run", collection, "-e", env, "-d", data, "-n", "3", "--reporters",
                                "json", "--reporter-json-export", newmanOut});
        QVERIFY2(n.exitCode == 1, qPrintable(n.err + n.out)); // the collection fails on purpose

        const QString bbOut = dir.filePath("backbench.json");
        const Process b = runProcess(QStringLiteral(BB_BACKBENCH_EXE),
                                     {"run", collection, "-e", env, "-d", data, "-n", "3",
                                      "--reporter", "json", "--reporter-json-export", bbOut});
        QVERIFY2(b.exitCode == 1, qPrintable(b.err + b.out));

        const QJsonObject nr = readJson(newmanOut);
        const QJsonObject br = readJson(bbOut);
        QVERIFY2(!nr.isEmpty(), "newman wrote no report");
        QVERIFY2(!br.isEmpty(), "backbench wrote no report");

        const QJsonObject ns = nr["run"]["stats"].toObject();
        const QJsonObject bs = br["stats"].toObject();
        QCOMPARE(bs["iterations"]["total"].toInt(), ns["iterations"]["total"].toInt());
        QCOMPARE(bs["requests"]["total"].toInt(), ns["requests"]["total"].toInt());
        QCOMPARE(bs["requests"]["failed"].toInt(), ns["requests"]["failed"].toInt());
        QCOMPARE(bs["assertions"]["total"].toInt(), ns["assertions"]["total"].toInt());
        QCOMPARE(bs["assertions"]["failed"].toInt(), ns["assertions"]["failed"].toInt());
        QCOMPARE(bs["testScripts"]["failed"].toInt(), ns["testScripts"]["failed"].toInt());
        // Guard against both sides agreeing on nothing: the collection has real work in it.
        QCOMPARE(bs["requests"]["total"].toInt(), 3 * 9);
        QCOMPARE(bs["assertions"]["failed"].toInt(), 3 + 1);

        const QList<Execution> ne = fromNewman(nr);
        const QList<Execution> be = fromBackbench(br);
        QCOMPARE(be.size(), ne.size());
        for (qsizetype i = 0; i < ne.size(); ++i)
            QCOMPARE(be[i].describe(), ne[i].describe());
    }
};

QTEST_GUILESS_MAIN(TestNewmanCompare)
#include "tst_newman_compare.moc"
