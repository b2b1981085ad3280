// PluginManager against real plugin libraries: one good, one dependent and four broken ones.
#include "shell/ipanel.h"
#include "shell/plugin_manager.h"
#include "shell/shell_context.h"

#include <QApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::shell;

namespace {
const PluginSpec *find(const PluginManager &pm, const QString &id)
{
    for (const PluginSpec &s : pm.plugins()) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}
} // namespace

class TestPluginManager : public QObject {
    Q_OBJECT
private slots:
    void discoverReadsMetadataWithoutLoading()
    {
        PluginManager pm;
        pm.setSearchPaths({BB_TEST_PLUGIN_DIR});
        pm.discover();
        QCOMPARE(pm.plugins().size(), 6);
        QCOMPARE(toString(find(pm, "good")->state), toString(PluginState::Resolved));
        QCOMPARE(find(pm, "good")->name, QString("Good Test Plugin"));
        QCOMPARE(find(pm, "good")->version, QString("1.2.0"));
        QVERIFY(find(pm, "good")->path.contains("bbtest_good"));
        QVERIFY(!find(pm, "good")->instance);
        QCOMPARE(toString(find(pm, "missingdep")->state), toString(PluginState::Broken));
        QCOMPARE(toString(find(pm, "wrongversion")->state), toString(PluginState::Broken));
    }

    void loadAllReportsEachBrokenPluginWithItsReason_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("reason");
        QTest::newRow("missing dependency") << "missingdep"
                                            << "missing dependency \"nosuchplugin\"";
        QTest::newRow("wrong interface version") << "wrongversion"
                                                 << "interface version 2 is not supported";
        QTest::newRow("initialize fails") << "initfails"
                                          << "license server unreachable";
        QTest::newRow("initialize throws") << "initthrows"
                                           << "initialize() threw: config file is corrupt";
    }

    void loadAllReportsEachBrokenPluginWithItsReason()
    {
        QFETCH(QString, id);
        QFETCH(QString, reason);
        ShellContext ctx(nullptr);
        PluginManager pm;
        pm.setSearchPaths({BB_TEST_PLUGIN_DIR});
        pm.loadAll(ctx);
        const PluginSpec *s = find(pm, id);
        QVERIFY(s);
        QCOMPARE(toString(s->state), toString(PluginState::Broken));
        QVERIFY2(s->error.contains(reason), qPrintable(s->error));
        QCOMPARE(pm.brokenCount(), 4);
    }

    void goodPluginsRunInDependencyOrder()
    {
        ShellContext ctx(nullptr);
        PluginManager pm;
        pm.setSearchPaths({BB_TEST_PLUGIN_DIR});
        pm.loadAll(ctx);
        QCOMPARE(toString(find(pm, "good")->state), toString(PluginState::Running));
        // dependent's initialize() fails unless good's ran first.
        QVERIFY2(find(pm, "dependent")->state == PluginState::Running,
                 qPrintable(find(pm, "dependent")->error));
        QStringList running;
        for (const PluginSpec *s : pm.runningPlugins())
            running << s->id;
        QCOMPARE(running, (QStringList{"good", "dependent"}));

        QStringList panelIds;
        for (IPanel *p : pm.panels())
            panelIds << p->id();
        QCOMPARE(panelIds, (QStringList{"alpha", "beta", "gamma"}));

        QVERIFY(ctx.invoke("good.ping", {{"value", 42}}));
        QCOMPARE(ctx.property("lastPing").toInt(), 42);

        pm.shutdown();
        QCOMPARE(toString(find(pm, "good")->state), toString(PluginState::Stopped));
        QCOMPARE(toString(find(pm, "initfails")->state), toString(PluginState::Broken));
    }

    void duplicatesAreReportedNotLoadedTwice()
    {
        ShellContext ctx(nullptr);
        PluginManager pm;
        pm.setSearchPaths({BB_TEST_PLUGIN_DIR, BB_TEST_PLUGIN_DIR "/../out"});
        pm.loadAll(ctx);
        QCOMPARE(pm.plugins().size(), 12);
        QCOMPARE(pm.runningPlugins().size(), 2);
        int duplicates = 0;
        for (const PluginSpec &s : pm.plugins())
            duplicates += s.error.contains("duplicate of") ? 1 : 0;
        // Every id seen twice except wrongversion, whose metadata is rejected before ids are
        // compared.
        QCOMPARE(duplicates, 5);
    }

    void nonPluginLibraryIsRecordedAndSkipped()
    {
        QTemporaryDir dir;
        QFile junk(dir.filePath("libjunk.so"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("this is not an ELF file");
        junk.close();
        QVERIFY(QFile::copy(QStringLiteral(BB_TEST_PLUGIN_DIR) + "/libbbtest_good.so",
                            dir.filePath("libbbtest_good.so")));
        ShellContext ctx(nullptr);
        PluginManager pm;
        pm.setSearchPaths({dir.path(), dir.filePath("does-not-exist")});
        pm.loadAll(ctx);
        QCOMPARE(pm.plugins().size(), 2);
        QCOMPARE(toString(find(pm, "good")->state), toString(PluginState::Running));
        QCOMPARE(toString(find(pm, "libjunk")->state), toString(PluginState::Broken));
        QVERIFY(find(pm, "libjunk")->error.contains("not a Qt plugin"));
    }

    void defaultSearchPathsIncludeInstallPrefix()
    {
        const QStringList paths = PluginManager::defaultSearchPaths();
        QVERIFY(!paths.isEmpty());
        QVERIFY(paths.last().endsWith("/lib/backbench/plugins"));
    }
};

QTEST_MAIN(TestPluginManager)
#include "tst_pluginmanager.moc"
