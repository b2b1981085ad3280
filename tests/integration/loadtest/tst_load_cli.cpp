// `backbench load` as users run it: the summary, exit codes (0, 99 on a failed threshold, 1 for
// an unreachable target, 2 for bad arguments with the reason, 130 on SIGINT), exactly -n
// requests, and the report files.
#include "loadtest_server.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {

struct Result {
    int code = -1;
    QString out, err;
};

Result run(const QStringList &args, int timeoutMs = 30000)
{
    QProcess p;
    p.start(QStringLiteral(BB_BACKBENCH_EXE), QStringList{"load"} + args);
    Result r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

} // namespace

class tst_LoadCli : public QObject {
    Q_OBJECT

private slots:
    void badArgumentsExit2WithTheReason_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("stages") << QStringList{"http://127.0.0.1:1/", "--stages", "10x:5"}
                                << R"(--stages: "10x:5" at 3: expected s, m or h)";
        QTest::newRow("threshold") << QStringList{"http://127.0.0.1:1/", "--threshold", "p95<fast"}
                                   << R"(--threshold: "p95<fast" at 5: expected a number)";
        QTest::newRow("no url") << QStringList{"-c", "5"} << "URL: missing";
        QTest::newRow("bad url") << QStringList{"ftp://x/"} << "expected http:// or https://";
        QTest::newRow("connections")
            << QStringList{"http://h/", "-c", "0"} << "-c: \"0\": expected 1 to 100000";
        QTest::newRow("unknown") << QStringList{"http://h/", "--frobnicate", "1"}
                                 << "--frobnicate: unknown option";
        QTest::newRow("rate and -n")
            << QStringList{"http://h/", "--rate", "5", "-n", "3"} << "-n: counts requests";
        QTest::newRow("missing data")
            << QStringList{"http://h/", "--data", "/nonexistent/rows.csv"} << "--data:";
    }
    void badArgumentsExit2WithTheReason()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }

    void helpExits0()
    {
        const Result r = run({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("Usage: backbench load URL"));
    }

    void exactCountAndPassingThreshold()
    {
        LoadTestServer server;
        const Result r = run({QString::fromStdString(server.url("/")), "-n", "200", "-c", "4",
                              "--quiet", "--threshold", "p99<5s", "--check", "status=200"});
        QCOMPARE(r.code, 0);
        QCOMPARE(server.requests(), std::uint64_t(200));
        QVERIFY2(r.out.contains("200 requests in"), qPrintable(r.out));
        QVERIFY2(r.out.contains("Requests/sec:"), qPrintable(r.out));
        QVERIFY(r.err.isEmpty());
    }

    void dataRowsAndABodyFromAFile()
    {
        LoadTestServer server;
        QTemporaryDir dir;
        QFile rows(dir.filePath("rows.csv"));
        QVERIFY(rows.open(QIODevice::WriteOnly));
        rows.write("id,name\n1,ann\n2,bob\n");
        rows.close();
        QFile body(dir.filePath("body.json"));
        QVERIFY(body.open(QIODevice::WriteOnly));
        body.write(R"({"name":"{{name}}"})");
        body.close();
        const Result r = run({QString::fromStdString(server.url("/item/{{id}}")), "-n", "6", "-c",
                              "1", "-m", "post", "-H", "Content-Type: application/json", "-b",
                              "@" + body.fileName(), "--data", rows.fileName(), "--quiet"});
        QCOMPARE(r.code, 0);
        QCOMPARE(server.requests(), std::uint64_t(6));
        QCOMPARE(server.paths(), (std::set<std::string>{"/item/1", "/item/2"}));
    }

    void failedThresholdExits99()
    {
        LoadTestServer server;
        const Result r = run({QString::fromStdString(server.url("/delay/20")), "-d", "1s", "-c",
                              "2", "--threshold", "p50<1ms"});
        QCOMPARE(r.code, 99);
        QVERIFY2(r.out.contains("p50<1ms"), qPrintable(r.out));
        QVERIFY2(r.err.contains("req/s"), "progress lines on stderr");
    }

    void unreachableExits1()
    {
        quint16 port;
        {
            boost::asio::io_context io;
            boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
            port = a.local_endpoint().port();
        }
        const Result r =
            run({QStringLiteral("http://127.0.0.1:%1/").arg(port), "-d", "5s", "--quiet"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("cannot be reached"), qPrintable(r.out));
    }

    void reportsAreWritten()
    {
        LoadTestServer server;
        QTemporaryDir dir;
        const QString json = dir.filePath("s.json"), csv = dir.filePath("s.csv"),
                      html = dir.filePath("r.html"), k6 = dir.filePath("t.js");
        const Result r = run({QString::fromStdString(server.url("/")), "--rate", "200", "-d", "1s",
                              "-H", "Authorization: Bearer cli-secret-42", "--quiet", "--json",
                              json, "--csv", csv, "--html", html, "--k6", k6});
        QCOMPARE(r.code, 0);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray jsonText = f.readAll();
        const QJsonObject o = QJsonDocument::fromJson(jsonText).object();
        QVERIFY2(o.contains("metrics"), "k6's summary shape");
        QVERIFY(QFile(csv).size() > 0);
        QVERIFY(QFile(html).size() > 1000);
        QVERIFY(QFile(k6).size() > 0);
        // The token is in none of the files, nor in what was printed.
        QVERIFY(jsonText.contains("Bearer \u2022\u2022\u2022\u2022") ||
                jsonText.contains("Bearer ••••"));
        for (const QString &path : {json, csv, html, k6}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("cli-secret-42"), qPrintable(path));
        }
        QVERIFY(!r.out.contains("cli-secret-42") && !r.err.contains("cli-secret-42"));
        const Result bad = run({QString::fromStdString(server.url("/")), "-n", "5", "--quiet",
                                "--json", "/nonexistent-dir/s.json"});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("cannot write"), qPrintable(bad.err));
    }

    void sigintStillPrintsTheSummary()
    {
        LoadTestServer server;
        QProcess p;
        p.start(QStringLiteral(BB_BACKBENCH_EXE),
                {"load", QString::fromStdString(server.url("/")), "-d", "60s", "-c", "2"});
        QVERIFY(p.waitForStarted());
        // Progress lines show the run is under way.
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("req/s"), 10000);
        ::kill(pid_t(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 130);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains("Requests/sec:"), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(tst_LoadCli)
#include "tst_load_cli.moc"
