// ShellContext: cross-panel actions, the target backend, per-plugin settings scope.
#include "engine/engine_controller.h"
#include "shell/engine_settings.h"
#include "shell/shell_context.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace bb::shell;

class TestShellContext : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("BackbenchTest");
        QCoreApplication::setApplicationName("tst_shellcontext");
        QSettings().clear();
    }

    void invokeUnknownActionFailsWithReason()
    {
        ShellContext ctx(nullptr);
        QString reason;
        QVERIFY(!ctx.invoke("openInTester", {}, &reason));
        QVERIFY2(reason.contains("openInTester"), qPrintable(reason));
    }

    void invokeRegisteredAction()
    {
        ShellContext ctx(nullptr);
        QVariantMap got;
        ctx.registerAction("openInTester", [&](const QVariantMap &args) { got = args; });
        QVERIFY(ctx.hasAction("openInTester"));
        QString reason;
        QVERIFY(ctx.invoke("openInTester", {{"url", "http://x/y"}}, &reason));
        QCOMPARE(got.value("url").toString(), QString("http://x/y"));
        QVERIFY(reason.isEmpty());
        ctx.unregisterAction("openInTester");
        QVERIFY(!ctx.invoke("openInTester"));
    }

    void actionMayUnregisterItself()
    {
        ShellContext ctx(nullptr);
        int calls = 0;
        ctx.registerAction("once", [&](const QVariantMap &) {
            ++calls;
            ctx.unregisterAction("once");
        });
        QVERIFY(ctx.invoke("once"));
        QVERIFY(!ctx.invoke("once"));
        QCOMPARE(calls, 1);
    }

    void showPanelNeedsAHost()
    {
        ShellContext ctx(nullptr);
        QVERIFY(!ctx.showPanel("server"));
        QSignalSpy spy(&ctx, &ShellContext::panelRequested);
        QVERIFY(ctx.showPanel("server"));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(0).toString(), QString("server"));
    }

    void localTargetFollowsEngineConfig()
    {
        bb::engine::EngineController controller;
        auto cfg = controller.config();
        cfg.bindAddress = "127.0.0.1";
        cfg.port = 9123;
        controller.setConfig(cfg);
        ShellContext ctx(&controller);
        QVERIFY(ctx.target().local);
        QCOMPARE(ctx.target().baseUrl, QUrl("http://127.0.0.1:9123"));
    }

    void remoteTargetEmitsAndSticks()
    {
        ShellContext ctx(nullptr);
        QSignalSpy spy(&ctx, &ShellContext::targetChanged);
        TargetBackend remote{"staging", QUrl("https://staging.example:8443"), "tok", false};
        ctx.setTarget(remote);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(ctx.target(), remote);
        ctx.setTarget(remote);
        QCOMPARE(spy.size(), 1); // unchanged: no signal
        ctx.useLocalTarget();
        QCOMPARE(spy.size(), 2);
        QVERIFY(ctx.target().local);
        QVERIFY(ctx.target().token.isEmpty());
    }

    void pluginSettingsAreScoped()
    {
        ShellContext ctx(nullptr);
        PluginSettings a = ctx.settings("a");
        PluginSettings b = ctx.settings("b");
        a.setValue("port", 1);
        b.setValue("port", 2);
        QCOMPARE(ctx.settings("a").value("port").toInt(), 1);
        QCOMPARE(ctx.settings("b").value("port").toInt(), 2);
        QVERIFY(!ctx.settings("c").contains("port"));
        QCOMPARE(QSettings().value("plugins/a/port").toInt(), 1);
        a.remove("port");
        QVERIFY(!a.contains("port"));
        QCOMPARE(b.keys(), QStringList{"port"});
    }

    void engineSettingsRoundTripAndValidate()
    {
        EngineSettings e;
        e.port = 9999;
        e.bindAddress = "0.0.0.0";
        e.dataDir = "/tmp/x";
        e.threads = 3;
        e.logRingRecords = 5'000;
        e.logFileMaxMB = 7;
        e.save();
        QCOMPARE(EngineSettings::load(), e);
        QVERIFY(e.validate().isEmpty());
        e.bindAddress = "localhost:1";
        QVERIFY(e.validate().contains("localhost:1"));
        e.bindAddress = "127.0.0.1";
        e.logRingRecords = 10;
        QVERIFY(e.validate().contains("log ring"));
        e.logRingRecords = 5'000;
        e.logFileMaxMB = -1;
        QVERIFY(e.validate().contains("log file"));
        e.logFileMaxMB = 7;
        const auto applied = e.applyTo({});
        QCOMPARE(applied.logCapacity, 5'000);
        QVERIFY(applied.logToFile);
        QCOMPARE(applied.logFileMaxBytes, qint64(7) * 1024 * 1024);
        e.logFileMaxMB = 0;
        QVERIFY(!e.applyTo({}).logToFile);
        e.dbUrl = "mongodb://x";
        QVERIFY(!e.validate().isEmpty());
        // Corrupt stored values fall back to defaults instead of failing the start.
        QSettings().setValue("engine/port", 70000);
        QCOMPARE(EngineSettings::load().port, EngineSettings::kDefaultPort);
        const auto cfg = EngineSettings{}.applyTo({});
        QCOMPARE(cfg.port, quint16(EngineSettings::kDefaultPort));
        QCOMPARE(cfg.dataDir, EngineSettings::defaultDataDir());
        QVERIFY(cfg.dataDir.endsWith("/engine"));
    }
};

QTEST_GUILESS_MAIN(TestShellContext)
#include "tst_shellcontext.moc"
