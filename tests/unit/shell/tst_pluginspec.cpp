// Metadata parsing and dependency ordering, without any library on disk.
#include "shell/plugin_spec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

Q_DECLARE_METATYPE(bb::shell::PluginSpec)

using namespace bb::shell;

namespace {
PluginSpec spec(const QString &id, const QStringList &deps = {}, const QString &version = "1.0")
{
    PluginSpec s;
    s.id = id;
    s.name = id;
    s.version = version;
    s.interfaceVersion = 1;
    for (const QString &d : deps) {
        PluginDependency dep;
        const QStringList parts = d.split(QLatin1Char('@'));
        dep.id = parts.value(0);
        if (parts.size() > 1)
            dep.minVersion = QVersionNumber::fromString(parts.value(1));
        s.dependencies.append(dep);
    }
    return s;
}

QJsonObject loaderMeta(const QString &iid, const QByteArray &metaJson)
{
    QJsonObject o;
    o.insert(QStringLiteral("IID"), iid);
    o.insert(QStringLiteral("MetaData"), QJsonDocument::fromJson(metaJson).object());
    return o;
}
} // namespace

class TestPluginSpec : public QObject {
    Q_OBJECT
private slots:
    void ordersDependenciesFirst()
    {
        QList<PluginSpec> specs{spec("c", {"b"}), spec("a"), spec("b", {"a"})};
        const QList<int> order = resolveLoadOrder(specs);
        QStringList ids;
        for (int i : order)
            ids << specs[i].id;
        QCOMPARE(ids, (QStringList{"a", "b", "c"}));
        for (const PluginSpec &s : specs)
            QCOMPARE(toString(s.state), toString(PluginState::Resolved));
    }

    void brokenPlugins_data()
    {
        QTest::addColumn<QList<PluginSpec>>("specs");
        QTest::addColumn<QString>("brokenId");
        QTest::addColumn<QString>("reasonContains");
        QTest::addColumn<QStringList>("healthy");

        QTest::newRow("missing") << QList<PluginSpec>{spec("a", {"ghost"}), spec("b")} << "a"
                                 << "missing dependency \"ghost\"" << QStringList{"b"};
        QTest::newRow("too old") << QList<PluginSpec>{spec("a", {"b@2.0"}), spec("b", {}, "1.5")}
                                 << "a"
                                 << "needs \"b\" 2.0 or newer, found 1.5" << QStringList{"b"};
        QTest::newRow("cycle") << QList<PluginSpec>{spec("a", {"b"}), spec("b", {"a"}), spec("c")}
                               << "a"
                               << "dependency cycle" << QStringList{"c"};
        QTest::newRow("self cycle") << QList<PluginSpec>{spec("a", {"a"}), spec("b")} << "a"
                                    << "dependency cycle: a -> a" << QStringList{"b"};
        QTest::newRow("on cycle") << QList<PluginSpec>{spec("x", {"a"}), spec("a", {"b"}),
                                                       spec("b", {"a"})}
                                  << "x"
                                  << "dependency \"a\" is broken: dependency cycle"
                                  << QStringList{};
        QTest::newRow("transitive")
            << QList<PluginSpec>{spec("top", {"mid"}), spec("mid", {"no"})} << "top"
            << "dependency \"mid\" is broken: missing" << QStringList{};
    }

    void brokenPlugins()
    {
        QFETCH(QList<PluginSpec>, specs);
        QFETCH(QString, brokenId);
        QFETCH(QString, reasonContains);
        QFETCH(QStringList, healthy);

        const QList<int> order = resolveLoadOrder(specs);
        QStringList ids;
        for (int i : order)
            ids << specs[i].id;
        QCOMPARE(ids, healthy);
        const auto it = std::find_if(specs.cbegin(), specs.cend(),
                                     [&](const PluginSpec &s) { return s.id == brokenId; });
        QVERIFY(it != specs.cend());
        QCOMPARE(toString(it->state), toString(PluginState::Broken));
        QVERIFY2(it->error.contains(reasonContains), qPrintable(it->error));
    }

    void cycleBreaksEveryMember()
    {
        QList<PluginSpec> specs{spec("a", {"b"}), spec("b", {"c"}), spec("c", {"a"})};
        QVERIFY(resolveLoadOrder(specs).isEmpty());
        for (const PluginSpec &s : specs)
            QVERIFY2(s.error.contains("dependency cycle"), qPrintable(s.id + ": " + s.error));
    }

    void readsMetadata()
    {
        const PluginSpec s = specFromMetaData(
            loaderMeta("org.backbench.IPlugin/1",
                       R"({"id":"server","name":"Server","version":"0.1.0","interfaceVersion":1,
                           "description":"d","dependencies":["core",{"id":"x","version":"1.2"}]})"),
            "/p/libserver.so");
        QVERIFY2(!s.isBroken(), qPrintable(s.error));
        QCOMPARE(s.id, QString("server"));
        QCOMPARE(s.name, QString("Server"));
        QCOMPARE(s.dependencies.size(), 2);
        QCOMPARE(s.dependencies[0].id, QString("core"));
        QVERIFY(s.dependencies[0].minVersion.isNull());
        QCOMPARE(s.dependencies[1].minVersion, QVersionNumber(1, 2));
        QCOMPARE(s.path, QString("/p/libserver.so"));
    }

    void rejectsBadMetadata_data()
    {
        QTest::addColumn<QString>("iid");
        QTest::addColumn<QByteArray>("meta");
        QTest::addColumn<QString>("reasonContains");
        QTest::newRow("wrong iid")
            << "org.other/1" << QByteArray(R"({"id":"a","version":"1","interfaceVersion":1})")
            << "wrong plugin interface";
        QTest::newRow("wrong version")
            << "org.backbench.IPlugin/1"
            << QByteArray(R"({"id":"a","version":"1","interfaceVersion":7})")
            << "interface version 7 is not supported";
        QTest::newRow("no id") << "org.backbench.IPlugin/1"
                               << QByteArray(R"({"version":"1","interfaceVersion":1})")
                               << "no \"id\"";
        QTest::newRow("bad deps")
            << "org.backbench.IPlugin/1"
            << QByteArray(R"({"id":"a","version":"1","interfaceVersion":1,"dependencies":"x"})")
            << "must be an array";
        QTest::newRow("no version")
            << "org.backbench.IPlugin/1" << QByteArray(R"({"id":"a","interfaceVersion":1})")
            << "no valid \"version\"";
    }

    void rejectsBadMetadata()
    {
        QFETCH(QString, iid);
        QFETCH(QByteArray, meta);
        QFETCH(QString, reasonContains);
        const PluginSpec s = specFromMetaData(loaderMeta(iid, meta), "/p/x.so");
        QCOMPARE(toString(s.state), toString(PluginState::Broken));
        QVERIFY2(s.error.contains(reasonContains), qPrintable(s.error));
    }

    void emptyMetadataIsNotAPlugin()
    {
        const PluginSpec s = specFromMetaData({}, "/p/libz.so");
        QCOMPARE(toString(s.state), toString(PluginState::Broken));
        QVERIFY(s.error.contains("not a Qt plugin"));
    }
};

QTEST_GUILESS_MAIN(TestPluginSpec)
#include "tst_pluginspec.moc"
