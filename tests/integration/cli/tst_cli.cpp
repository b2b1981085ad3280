// `backbench` as users run it: exit codes, messages, and `serve` answering HTTP until SIGTERM.
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

namespace {
struct Run {
    int exitCode = -1;
    QString out, err;
};

Run run(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(BB_BACKBENCH_EXE), args);
    Run r;
    if (!p.waitForFinished(30'000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}
} // namespace

class TestCli : public QObject {
    Q_OBJECT
private slots:
    void version()
    {
        const Run r = run({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("backbench 0."), qPrintable(r.out));
    }

    void help()
    {
        const Run r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Usage: backbench"));
        QVERIFY(r.out.contains("serve"));
        QVERIFY(r.out.contains("--screenshot-panels"));
        const Run s = run({"serve", "--help"});
        QCOMPARE(s.exitCode, 0);
        QVERIFY(s.out.contains("--tls-cert"));
    }

    void badArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown flag") << QStringList{"--frobnicate"} << "'--frobnicate'";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "'frobnicate'";
        QTest::newRow("run: unknown reporter")
            << QStringList{"run", "c.json", "-r", "html"} << "'html'";
        QTest::newRow("load: bad stages")
            << QStringList{"load", "http://x", "--stages", "10x:5"} << "\"10x:5\" at 3";
        QTest::newRow("port not a number")
            << QStringList{"serve", "--port", "abc"} << "'--port abc'";
        QTest::newRow("port out of range")
            << QStringList{"serve", "--port", "70000"} << "'--port 70000'";
        QTest::newRow("missing value") << QStringList{"serve", "--data"} << "'--data'";
        QTest::newRow("cert without key")
            << QStringList{"serve", "--tls-cert", "c.pem"} << "'--tls-cert'";
        QTest::newRow("unknown serve flag") << QStringList{"serve", "--fast"} << "'--fast'";
        QTest::newRow("bad bind") << QStringList{"serve", "--bind", "nowhere"}
                                  << "'--bind nowhere'";
        QTest::newRow("bad threads") << QStringList{"serve", "--threads", "-3"} << "'--threads -3'";
    }

    void badArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const Run r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(named), qPrintable(r.err));
        QVERIFY2(r.err.contains("--help"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1); // one clear line
        QVERIFY(!r.err.contains("not implemented", Qt::CaseInsensitive));
    }

    void serveFailsCleanlyOnABadDatabase()
    {
        QTemporaryDir dir;
        const Run r = run({"serve", "--port", "0", "--data", dir.path(), "--db",
                           "postgres://nobody@127.0.0.1:1/nothing"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("cannot start"), qPrintable(r.err));
    }

    void serveAnswersUntilSigterm()
    {
        QTemporaryDir dir;
        QProcess p;
        p.setProcessChannelMode(QProcess::SeparateChannels);
        p.start(QStringLiteral(BB_BACKBENCH_EXE),
                {"serve", "--port", "0", "--data", dir.path(), "--demo", "--threads", "2"});
        QVERIFY(p.waitForStarted());

        // The first line names the address it listens on.
        static const QRegularExpression re(QStringLiteral("(http://127\\.0\\.0\\.1:\\d+)"));
        QString url;
        QString seen;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                seen += QString::fromUtf8(p.readAllStandardOutput());
                const auto m = re.match(seen);
                if (m.hasMatch())
                    url = m.captured(1);
                return !url.isEmpty() || p.state() == QProcess::NotRunning;
            }(),
            60'000);
        QVERIFY2(!url.isEmpty(), qPrintable(seen + p.readAllStandardError()));

        QNetworkAccessManager net;
        QNetworkReply *reply = net.get(QNetworkRequest(QUrl(url + "/healthz")));
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(15'000));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(reply->readAll().contains("\"ok\""));
        reply->deleteLater();

        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains("Stopped"));
    }

    void serveRefusesABusyPort()
    {
        QTemporaryDir dir;
        QProcess first;
        first.start(QStringLiteral(BB_BACKBENCH_EXE),
                    {"serve", "--port", "0", "--data", dir.filePath("a"), "--threads", "1"});
        QVERIFY(first.waitForStarted());
        static const QRegularExpression re(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"));
        QString seen, port;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                seen += QString::fromUtf8(first.readAllStandardOutput());
                port = re.match(seen).captured(1);
                return !port.isEmpty() || first.state() == QProcess::NotRunning;
            }(),
            60'000);
        QVERIFY(!port.isEmpty());
        const Run second = run({"serve", "--port", port, "--data", dir.filePath("b")});
        QCOMPARE(second.exitCode, 1);
        QVERIFY2(second.err.contains("cannot start"), qPrintable(second.err));
        ::kill(pid_t(first.processId()), SIGINT);
        QVERIFY(first.waitForFinished(30'000));
        QCOMPARE(first.exitCode(), 0);
    }

    void listPluginsNeedsNoDisplay()
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove("DISPLAY");
        env.remove("WAYLAND_DISPLAY");
        env.remove("QT_QPA_PLATFORM");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(BB_BACKBENCH_EXE), {"--list-plugins"});
        QVERIFY(p.waitForFinished(30'000));
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        QVERIFY2(out.contains("Plugin folders:"), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
