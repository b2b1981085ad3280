// `backbench run` as users run it: exit codes, errors with their position, progress lines,
// reports, --folder, --bail, --env-var and collections in other formats.
#include "runner_fixture.h"

#include "workspace/postman.h"
#include "workspace/workspace_store.h"

#include <QTest>
#include <QXmlStreamReader>

#include <csignal>

using namespace runnertest;

namespace {

Process backbench(const QStringList &args)
{
    return runProcess(QStringLiteral(BB_BACKBENCH_EXE), args);
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile f(dir.filePath(name));
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return f.fileName();
}

} // namespace

class TestRunCommand : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        const QString why = m_engine.start();
        if (!why.isEmpty())
            QSKIP(qPrintable(why));
        QVERIFY(m_dir.isValid());
        m_env = m_engine.writeEnvironment(m_dir);
    }

    void help()
    {
        const Process p = backbench({"run", "--help"});
        QCOMPARE(p.exitCode, 0);
        QVERIFY(p.out.contains("Usage: backbench run COLLECTION"));
        QVERIFY(backbench({"--help"}).out.contains("backbench run COLLECTION"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no collection") << QStringList{"run"} << "no collection given";
        QTest::newRow("unknown reporter")
            << QStringList{"run", "c.json", "-r", "html"} << "unknown reporter 'html'";
        QTest::newRow("bad -n") << QStringList{"run", "c.json", "-n", "zero"} << "-n needs";
        QTest::newRow("unknown option")
            << QStringList{"run", "c.json", "--colour"} << "unknown option '--colour'";
        QTest::newRow("env-var") << QStringList{"run", "c.json", "--env-var", "novalue"}
                                 << "--env-var needs NAME=VALUE";
        QTest::newRow("missing file") << QStringList{"run", "/nonexistent/c.json"} << "c.json: ";
    }
    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Process p = backbench(args);
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.startsWith("backbench run: ") && p.err.contains(message), qPrintable(p.err));
    }

    void unreadableInputsNameTheirPosition()
    {
        const QString collection = dataPath("engine_api.postman_collection.json");
        const QString data = writeFile(m_dir, "data.csv", "tagName,minPosts\n a,1\nb,2\nc,3,4\n");
        Process p = backbench({"run", collection, "-e", m_env, "-d", data});
        QCOMPARE(p.exitCode, 2);
        QCOMPARE(p.err.trimmed(),
                 QStringLiteral("backbench run: data.csv:4: 3 fields, the header has 2"));

        const QString env =
            writeFile(m_dir, "broken.json", "{\n  \"values\": [\n    {\"key\": }\n");
        p = backbench({"run", collection, "-e", env});
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains("broken.json:3:"), qPrintable(p.err));

        const QString coll = writeFile(m_dir, "broken.postman_collection.json", "{\"info\": [}");
        p = backbench({"run", coll});
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains("broken.postman_collection.json:1:"), qPrintable(p.err));

        p = backbench({"run", collection, "--folder", "Nope"});
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains("no folder 'Nope'"), qPrintable(p.err));
    }

    void folderRunPrintsProgressAndWritesReports()
    {
        const QString junit = m_dir.filePath("tags.xml");
        const QString results = m_dir.filePath("results.json");
        // Only the Tags folder: without the Login request there is no token, so the API refuses
        // the writes and the folder fails, yet the run completes and reports every request.
        const Process login =
            backbench({"run", dataPath("engine_api.postman_collection.json"), "-e", m_env,
                       "--folder", "Tags", "-n", "1", "--reporter", "cli,junit",
                       "--reporter-junit-export", junit, "--export-results", results});
        QCOMPARE(login.exitCode, 1);
        QVERIFY2(login.out.contains("-> Tags/Create tag"), qPrintable(login.out));
        QVERIFY(login.out.contains("POST " + m_engine.baseUrl() + "/api/v1/tags ["));
        QVERIFY(login.out.contains("assertions"));
        QFile f(junit);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&f);
        int suites = 0;
        while (!xml.atEnd())
            if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == u"testsuite")
                ++suites;
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(suites, 5);
        const QJsonObject r = readJson(results);
        QCOMPARE(r["stats"]["requests"]["total"].toInt(), 5);
        QCOMPARE(r["executions"].toArray().size(), 5);
    }

    void wholeCollectionWithDataFails()
    {
        const Process p = backbench({"run", dataPath("engine_api.postman_collection.json"), "-e",
                                     m_env, "-d", dataPath("tags.csv"), "-r", "json"});
        QCOMPARE(p.exitCode, 1);
        // The json report went to stdout, so progress went nowhere and stdout is pure JSON.
        const QJsonObject r = QJsonDocument::fromJson(p.out.toUtf8()).object();
        QCOMPARE(r["stats"]["iterations"]["total"].toInt(), 3); // one per data row
        QCOMPARE(r["stats"]["assertions"]["failed"].toInt(), 4);
        QCOMPARE(r["failures"].toArray().size(), 4);
    }

    void bailStopsAtTheFirstFailure()
    {
        const Process p = backbench({"run", dataPath("engine_api.postman_collection.json"), "-e",
                                     m_env, "-d", dataPath("tags.csv"), "--bail", "-r", "json"});
        QCOMPARE(p.exitCode, 1);
        const QJsonObject r = QJsonDocument::fromJson(p.out.toUtf8()).object();
        QVERIFY(r["run"]["bailed"].toBool());
        // The first failure is the last request of iteration 1.
        QCOMPARE(r["executions"].toArray().size(), 9);
    }

    void requestErrorsFailTheRun()
    {
        const Process p = backbench({"run", dataPath("engine_api.postman_collection.json"), "-e",
                                     m_env, "--env-var", "baseUrl=http://127.0.0.1:1",
                                     "--timeout-request", "2000", "-r", "json"});
        QCOMPARE(p.exitCode, 1);
        const QJsonObject r = QJsonDocument::fromJson(p.out.toUtf8()).object();
        QCOMPARE(r["stats"]["requests"]["failed"].toInt(), 9);
        // As newman, the test scripts still run, on an empty response: every status check fails.
        QCOMPARE(r["stats"]["testScripts"]["total"].toInt(), 9);
        QVERIFY(r["stats"]["assertions"]["failed"].toInt() > 0);
    }

    void otherFormats()
    {
        const QString http = writeFile(m_dir, "health.http",
                                       ("GET " + m_engine.baseUrl() + "/healthz\n\n###\n\nGET " +
                                        m_engine.baseUrl() + "/readyz\n")
                                           .toUtf8());
        Process p = backbench({"run", http, "-r", "json"});
        QCOMPARE(p.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(p.out.toUtf8())["stats"]["requests"]["total"].toInt(), 2);

        const QString curl = writeFile(m_dir, "health.curl",
                                       ("curl -s " + m_engine.baseUrl() + "/healthz\n").toUtf8());
        p = backbench({"run", curl, "-r", "json"});
        QCOMPARE(p.exitCode, 0);
        const QJsonObject r = QJsonDocument::fromJson(p.out.toUtf8()).object();
        QCOMPARE(r["executions"][0]["status"].toInt(), 200);
    }

    void ctrlCStopsTheRunAndStillReports()
    {
        const QString report = m_dir.filePath("interrupted.json");
        QProcess p;
        p.start(QStringLiteral(BB_BACKBENCH_EXE),
                {"run", dataPath("engine_api.postman_collection.json"), "-e", m_env, "-n", "3",
                 "--delay-request", "10000", "-r", "cli,json", "--reporter-json-export", report});
        QVERIFY(p.waitForStarted());
        QByteArray out;
        // The first request's line arrives before the 10 s pause: interrupt during the pause.
        for (int i = 0; i < 100 && !out.contains("-> Login"); ++i) {
            p.waitForReadyRead(100);
            out += p.readAllStandardOutput();
        }
        QVERIFY2(out.contains("-> Login"), out.constData());
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(5000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 1);
        out += p.readAllStandardOutput();
        QVERIFY2(out.contains("The run was stopped before it finished."), out.constData());
        const QJsonObject r = readJson(report);
        QVERIFY(r["run"]["cancelled"].toBool());
        QCOMPARE(r["executions"].toArray().size(), 1);
    }

    void workspaceFolders()
    {
        const QString root = m_dir.filePath("ws");
        {
            auto store = bb::workspace::WorkspaceStore::open(root);
            QVERIFY(store.ok());
            QFile f(dataPath("engine_api.postman_collection.json"));
            QVERIFY(f.open(QIODevice::ReadOnly));
            auto imported = bb::workspace::importPostman(f.readAll());
            QVERIFY(imported.ok());
            QVERIFY(store.value()->importCollection(imported->collection).ok());
            bb::workspace::Environment env;
            env.name = QStringLiteral("local");
            env.variables = {{"baseUrl", m_engine.baseUrl(), true, false},
                             {"adminEmail", QString::fromLatin1(kAdminEmail), true, false},
                             {"adminPassword", QString::fromLatin1(kAdminPassword), true, false}};
            QVERIFY(store.value()->saveEnvironment(env).ok());
        }
        // DIR with one collection, and -e naming the workspace's environment.
        Process p =
            backbench({"run", root, "-e", "local", "-d", dataPath("tags.csv"), "-r", "json"});
        QCOMPARE(p.exitCode, 1);
        const QJsonObject all = QJsonDocument::fromJson(p.out.toUtf8()).object();
        QCOMPARE(all["stats"]["requests"]["total"].toInt(), 27);
        QCOMPARE(all["stats"]["assertions"]["failed"].toInt(), 4);

        {
            auto store = bb::workspace::WorkspaceStore::open(root);
            QVERIFY(store.ok());
            QVERIFY(store.value()->addCollection(QStringLiteral("Second")).ok());
        }
        p = backbench({"run", root, "-e", "local"});
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains("the workspace has 2 collections"), qPrintable(p.err));
        // DIR/collection-name picks one.
        p = backbench(
            {"run", root + "/Backbench engine API", "-e", "local", "-n", "1", "-r", "json"});
        QCOMPARE(p.exitCode, 1);
        const QJsonObject one = QJsonDocument::fromJson(p.out.toUtf8()).object();
        QCOMPARE(one["stats"]["requests"]["total"].toInt(), 9);
        p = backbench({"run", root + "/Nope", "-e", "local"});
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains("no collection 'Nope'"), qPrintable(p.err));
        p = backbench({"run", root + "/Second", "-e", "missing-env"});
        QCOMPARE(p.exitCode, 2);
        QVERIFY2(p.err.contains("no environment 'missing-env'"), qPrintable(p.err));
    }

private:
    RunnerEngine m_engine;
    QTemporaryDir m_dir;
    QString m_env;
};

QTEST_GUILESS_MAIN(TestRunCommand)
#include "tst_run_command.moc"
