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
        // newman leaves a request skipped by pm.execution.skipRequest() out of its executions
        // (its pre-request script is still counted); ours lists it, marked skipped.
        if (e["skipped"].toBool())
            continue;
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

/// Runs newman and `backbench run` on the same collection and arguments; fills both reports.
struct Pair {
    QJsonObject newman, backbench;
};

class TestNewmanCompare : public QObject {
    Q_OBJECT

    Pair runBoth(const QString &collection, const QStringList &extra)
    {
        Pair out;
        QTemporaryDir &dir = m_dir;
        const QString env = m_engine.writeEnvironment(dir);
        const QString newmanOut = dir.filePath("newman.json");
        QFile::remove(newmanOut);
        const Process n = runProcess(
            m_newman, QStringList{"run", collection, "-e", env} + extra +
                          QStringList{"--reporters", "json", "--reporter-json-export", newmanOut});
        // Both collections fail on purpose.
        if (n.exitCode != 1)
            qWarning("newman: exit %d\n%s%s", n.exitCode, qPrintable(n.err), qPrintable(n.out));
        const QString bbOut = dir.filePath("backbench.json");
        QFile::remove(bbOut);
        const Process b =
            runProcess(QStringLiteral(BB_BACKBENCH_EXE),
                       QStringList{"run", collection, "-e", env} + extra +
                           QStringList{"--reporter", "json", "--reporter-json-export", bbOut});
        if (b.exitCode != 1)
            qWarning("backbench: exit %d\n%s%s", b.exitCode, qPrintable(b.err), qPrintable(b.out));
        out.newman = readJson(newmanOut);
        out.backbench = readJson(bbOut);
        return out;
    }

    /// The same counters and, execution by execution, the same request and test outcomes.
    static void compare(const Pair &p)
    {
        QVERIFY2(!p.newman.isEmpty(), "newman wrote no report");
        QVERIFY2(!p.backbench.isEmpty(), "backbench wrote no report");
        const QJsonObject ns = p.newman["run"]["stats"].toObject();
        const QJsonObject bs = p.backbench["stats"].toObject();
        for (const char *counter :
             {"iterations", "requests", "testScripts", "prerequestScripts", "assertions"}) {
            for (const char *field : {"total", "failed"}) {
                if (QByteArrayView(counter) == "iterations" && QByteArrayView(field) == "failed")
                    continue; // newman counts only iterations whose scripts threw
                const QString what = QStringLiteral("%1.%2").arg(counter, field);
                QVERIFY2(bs[counter][field].toInt() == ns[counter][field].toInt(),
                         qPrintable(QStringLiteral("%1: backbench %2, newman %3")
                                        .arg(what)
                                        .arg(bs[counter][field].toInt())
                                        .arg(ns[counter][field].toInt())));
            }
        }
        const QList<Execution> ne = fromNewman(p.newman);
        const QList<Execution> be = fromBackbench(p.backbench);
        QStringList nd, bd;
        for (const Execution &e : ne)
            nd << e.describe();
        for (const Execution &e : be)
            bd << e.describe();
        QCOMPARE(bd.join(u'\n'), nd.join(u'\n'));
    }

private slots:
    void initTestCase()
    {
        m_newman = findNewman();
        if (m_newman.isEmpty())
            QSKIP("newman not found: set BB_NEWMAN or run ./dev test, which installs it into "
                  "build/tools");
        const QString why = m_engine.start();
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_dir.isValid());
    }

    /// Login, a token in the environment, CRUD, lists with filters, a 404, data rows and -n,
    /// pm.variables.replaceIn, and assertions failing on purpose.
    void engineApiCollection()
    {
        const Pair p = runBoth(dataPath("engine_api.postman_collection.json"),
                               {"-d", dataPath("tags.csv"), "-n", "3"});
        compare(p);
        // Guard against both sides agreeing on nothing: the collection has real work in it.
        QCOMPARE(p.backbench["stats"]["requests"]["total"].toInt(), 3 * 9);
        QCOMPARE(p.backbench["stats"]["assertions"]["total"].toInt(), 3 * 22);
        QCOMPARE(p.backbench["stats"]["assertions"]["failed"].toInt(), 3 + 1);
    }

    /// setNextRequest (jumps, loops, null), skipRequest, a throwing pre-request script, a
    /// throwing test script and a server that is not there.
    void edgeCases()
    {
        const Pair p = runBoth(dataPath("edge_cases.postman_collection.json"),
                               {"-n", "2", "--env-var", "deadPort=1"});
        compare(p);
        QCOMPARE(p.backbench["stats"]["prerequestScripts"]["failed"].toInt(), 2);
        QCOMPARE(p.backbench["stats"]["testScripts"]["failed"].toInt(), 2);
        QCOMPARE(p.backbench["stats"]["requests"]["failed"].toInt(), 2);
    }

private:
    QString m_newman;
    RunnerEngine m_engine;
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestNewmanCompare)
#include "tst_newman_compare.moc"
