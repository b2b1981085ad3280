// Parsing of the top-level options and of every `serve` flag, without starting anything.
#include "app/command_line.h"

#include <QTest>

using namespace bb::app;

class TestCommandLine : public QObject {
    Q_OBJECT
private slots:
    void modes()
    {
        QCOMPARE(int(parseCommandLine({}).mode), int(Mode::Gui));
        QCOMPARE(int(parseCommandLine({"--version"}).mode), int(Mode::Version));
        QCOMPARE(int(parseCommandLine({"--list-plugins"}).mode), int(Mode::ListPlugins));
        QCOMPARE(int(parseCommandLine({"--version", "--help"}).mode), int(Mode::Help));
        const CommandLine shots = parseCommandLine({"--screenshot-panels", "/tmp/s"});
        QCOMPARE(int(shots.mode), int(Mode::Screenshot));
        QCOMPARE(shots.screenshotDir, QString("/tmp/s"));
        QCOMPARE(parseCommandLine({"--screenshot-panels=/x"}).screenshotDir, QString("/x"));
        const CommandLine probe = parseCommandLine({"--startup-probe"});
        QCOMPARE(int(probe.mode), int(Mode::Gui));
        QVERIFY(probe.startupProbe);
        const CommandLine loopProbe = parseCommandLine({"--event-loop-probe", "12"});
        QCOMPARE(int(loopProbe.mode), int(Mode::Gui));
        QCOMPARE(loopProbe.eventLoopProbeSeconds, 12);
        // Qt's own options go through to QApplication.
        QCOMPARE(int(parseCommandLine({"-platform", "offscreen", "-reverse"}).mode),
                 int(Mode::Gui));
        const CommandLine serve = parseCommandLine({"serve", "--port", "1"});
        QCOMPARE(int(serve.mode), int(Mode::Serve));
        QCOMPARE(serve.serveArgs, (QStringList{"--port", "1"}));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("flag") << QStringList{"--nope"} << "unknown option '--nope'";
        QTest::newRow("command") << QStringList{"load"} << "unknown command 'load'";
        QTest::newRow("no dir") << QStringList{"--screenshot-panels"}
                                << "'--screenshot-panels' needs a folder";
        QTest::newRow("two modes")
            << QStringList{"--version", "--list-plugins"} << "'--list-plugins' cannot be combined";
        QTest::newRow("qt option value") << QStringList{"-style"} << "'-style' needs a value";
        QTest::newRow("probe without seconds") << QStringList{"--event-loop-probe"}
                                               << "'--event-loop-probe' needs a number of seconds";
        QTest::newRow("probe bad seconds") << QStringList{"--event-loop-probe", "x"}
                                           << "'--event-loop-probe' needs a number of seconds";
    }

    void errors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const CommandLine c = parseCommandLine(args);
        QCOMPARE(int(c.mode), int(Mode::Error));
        QVERIFY2(c.error.contains(message), qPrintable(c.error));
    }

    void serveFlags()
    {
        const ServeOptions o = parseServeArguments(
            {"--port", "8081", "--bind", "::1", "--data", "/d", "--db", "postgres://u@h/db",
             "--threads=4", "--demo", "--log-file", "--no-response-cache", "--tls-cert", "c.pem",
             "--tls-key", "k.pem"},
            "/default");
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.config.port, quint16(8081));
        QCOMPARE(o.config.bindAddress, QString("::1"));
        QCOMPARE(o.config.dataDir, QString("/d"));
        QCOMPARE(o.config.dbUrl, QString("postgres://u@h/db"));
        QCOMPARE(o.config.threads, 4);
        QVERIFY(o.config.demo);
        QVERIFY(o.config.logToFile);
        QVERIFY(!o.config.responseCache);
        QCOMPARE(o.config.tlsCertFile, QString("c.pem"));
        QCOMPARE(o.config.tlsKeyFile, QString("k.pem"));
    }

    void serveLogRetentionFlags()
    {
        const ServeOptions o = parseServeArguments(
            {"--log-ring", "5000", "--log-max-bytes=20M", "--log-keep", "3"}, "/d");
        QVERIFY2(o.error.isEmpty(), qPrintable(o.error));
        QCOMPARE(o.config.logCapacity, 5000);
        QCOMPARE(o.config.logFileMaxBytes, qint64(20) * 1024 * 1024);
        QCOMPARE(o.config.logFileKeep, 3);
        QCOMPARE(parseServeArguments({"--log-max-bytes", "65536"}, "/d").config.logFileMaxBytes,
                 qint64(65536));
        QCOMPARE(parseServeArguments({"--log-max-bytes", "8k"}, "/d").config.logFileMaxBytes,
                 qint64(8192));
        // Defaults: the ring holds 100,000 records, the file rotates at 50 MiB, keeps 5.
        const ServeOptions d = parseServeArguments({}, "/d");
        QCOMPARE(d.config.logCapacity, 100'000);
        QCOMPARE(d.config.logFileMaxBytes, qint64(50) * 1024 * 1024);
        QCOMPARE(d.config.logFileKeep, 5);
    }

    void serveDefaults()
    {
        const ServeOptions o = parseServeArguments({}, "/home/u/.local/share/Backbench/engine");
        QVERIFY(o.error.isEmpty());
        QCOMPARE(o.config.port, quint16(8080));
        QCOMPARE(o.config.bindAddress, QString("127.0.0.1"));
        QCOMPARE(o.config.dataDir, QString("/home/u/.local/share/Backbench/engine"));
        QVERIFY(!o.config.demo);
        QVERIFY(!o.config.logToFile);
        QVERIFY(o.config.responseCache);
        QVERIFY(parseServeArguments({"-h"}, "/d").help);
    }

    void serveErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("port text") << QStringList{"--port", "abc"} << "'--port abc': not a number";
        QTest::newRow("log ring small")
            << QStringList{"--log-ring", "10"} << "'--log-ring 10': must be between 1000";
        QTest::newRow("log bytes text")
            << QStringList{"--log-max-bytes", "lots"} << "'--log-max-bytes lots': not a size";
        QTest::newRow("log bytes small")
            << QStringList{"--log-max-bytes", "2k"} << "must be at least 4096 bytes";
        QTest::newRow("log keep zero")
            << QStringList{"--log-keep", "0"} << "'--log-keep 0': must be between 1 and 100";
        QTest::newRow("port range")
            << QStringList{"--port", "65536"} << "'--port 65536': must be between 0 and 65535";
        QTest::newRow("port missing") << QStringList{"--port"} << "'--port' needs a value";
        QTest::newRow("port then flag")
            << QStringList{"--port", "--demo"} << "'--port' needs a value";
        QTest::newRow("empty eq") << QStringList{"--data="} << "'--data' needs a value";
        QTest::newRow("key alone")
            << QStringList{"--tls-key", "k"} << "'--tls-key' needs '--tls-cert'";
        QTest::newRow("stray") << QStringList{"extra"} << "unexpected argument 'extra'";
        QTest::newRow("threads") << QStringList{"--threads", "5000"} << "'--threads 5000'";
    }

    void serveErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const ServeOptions o = parseServeArguments(args, "/d");
        QVERIFY2(o.error.contains(message), qPrintable(o.error));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
