// bb::tester::VariableScopes: precedence, recursion, cycles, disabled entries, dynamic values.
#include "tester/variables.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>

using namespace bb::tester;
using bb::workspace::KeyValue;

class tst_Variables : public QObject {
    Q_OBJECT

private slots:
    void narrowestScopeWins()
    {
        VariableScopes v;
        v.setScope(Scope::Global, {{"x", "global"}, {"g", "G"}});
        v.setScope(Scope::Collection, {{"x", "collection"}});
        QCOMPARE(v.value("x"), QString("collection"));
        v.setEnvironment({"staging", {{"x", "environment"}}});
        QCOMPARE(v.value("x"), QString("environment"));
        QCOMPARE(v.environmentName(), QString("staging"));
        v.setFolders({{{"x", "outer folder"}}, {{"x", "inner folder"}}});
        QCOMPARE(v.value("x"), QString("inner folder"));
        v.setScope(Scope::Request, {{"x", "request"}});
        QCOMPARE(v.value("x"), QString("request"));
        v.setScope(Scope::Data, {{"x", "data"}});
        QCOMPARE(v.value("x"), QString("data"));
        v.set(Scope::Local, "x", "local");
        QCOMPARE(v.value("x"), QString("local"));
        QCOMPARE(v.scopeOf("x"), Scope::Local);
        QCOMPARE(v.scopeOf("g"), Scope::Global);
        v.unset(Scope::Local, "x");
        v.unset(Scope::Data, "x");
        QCOMPARE(v.value("x"), QString("request"));
        QCOMPARE(v.value("g"), QString("G"));
        QVERIFY(!v.has("nope"));
        QCOMPARE(v.value("nope"), QString());
    }

    void disabledEntriesAreIgnored()
    {
        VariableScopes v;
        v.setScope(Scope::Global, {{"a", "on"}});
        v.setScope(Scope::Collection, {{"a", "off", false}});
        QCOMPARE(v.value("a"), QString("on"));
        v.setEnvironment({"e", {{"b", "secret", false, true}}});
        QVERIFY(!v.has("b"));
        QStringList unresolved;
        QCOMPARE(v.resolve("{{b}}", &unresolved), QString("{{b}}"));
        QCOMPARE(unresolved, QStringList{"b"});
    }

    void setReplacesAndEnables()
    {
        VariableScopes v;
        v.setScope(Scope::Collection, {{"a", "1", false}});
        v.set(Scope::Collection, "a", "2");
        QCOMPARE(v.scope(Scope::Collection), (QList<KeyValue>{{"a", "2", true}}));
        v.set(Scope::Collection, "b", "3");
        QCOMPARE(v.scope(Scope::Collection).size(), 2);
        v.set(Scope::Folder, "f", "inner");
        QCOMPARE(v.value("f"), QString("inner"));
        v.setFolders({{{"f", "outer"}, {"o", "1"}}, {{"f", "inner"}}});
        QCOMPARE(v.scope(Scope::Folder), (QList<KeyValue>{{"f", "inner", true}, {"o", "1", true}}));
        v.unset(Scope::Folder, "f");
        QVERIFY(!v.has("f"));
    }

    void resolvesRecursivelyAndReportsUnknown()
    {
        VariableScopes v;
        v.setScope(Scope::Collection, {{"host", "127.0.0.1"}, {"port", "8080"}});
        v.setEnvironment({"e", {{"base", "http://{{host}}:{{ port }}"}}});
        QStringList unresolved;
        QCOMPARE(v.resolve("{{base}}/api/{{missing}}/{{missing}}?k={{other}}", &unresolved),
                 QString("http://127.0.0.1:8080/api/{{missing}}/{{missing}}?k={{other}}"));
        QCOMPARE(unresolved, (QStringList{"missing", "other"}));
        QCOMPARE(v.resolve("no references {{ and an open brace"),
                 QString("no references {{ and an open brace"));
    }

    void cyclesEndUnresolved()
    {
        VariableScopes v;
        v.setScope(Scope::Global, {{"a", "<{{b}}>"}, {"b", "[{{a}}]"}, {"self", "{{self}}!"}});
        QStringList unresolved;
        QCOMPARE(v.resolve("{{a}}", &unresolved), QString("<[{{a}}]>"));
        QCOMPARE(unresolved, QStringList{"a"});
        unresolved.clear();
        QCOMPARE(v.resolve("{{self}}", &unresolved), QString("{{self}}!"));
        QCOMPARE(unresolved, QStringList{"self"});
    }

    void deepChainsStopAtTheBound()
    {
        VariableScopes v;
        QList<KeyValue> chain;
        for (int i = 0; i < 20; ++i)
            chain.append(KeyValue{QString("v%1").arg(i), QString("{{v%1}}").arg(i + 1)});
        chain.append(KeyValue{"v20", "end"});
        v.setScope(Scope::Global, chain);
        QStringList unresolved;
        const QString out = v.resolve("{{v0}}", &unresolved);
        QCOMPARE(out, QString("{{v%1}}").arg(VariableScopes::maxDepth));
        QCOMPARE(unresolved, QStringList{QString("v%1").arg(VariableScopes::maxDepth)});
        QCOMPARE(v.resolve("{{v15}}"), QString("end"));
    }

    void partsKeepVariableTextApart()
    {
        VariableScopes v;
        v.setScope(Scope::Global, {{"q", "a&b"}, {"w", "x{{q}}"}});
        const auto parts = v.resolveParts("k={{w}}!");
        QCOMPARE(parts.size(), 3);
        QCOMPARE(parts[0].text, QString("k="));
        QVERIFY(!parts[0].fromVariable);
        QCOMPARE(parts[1].text, QString("xa&b"));
        QVERIFY(parts[1].fromVariable);
        QCOMPARE(parts[2].text, QString("!"));
    }

    void dynamicVariablesPerOccurrence()
    {
        VariableScopes v;
        QStringList unresolved;
        const QString two = v.resolve("{{$guid}} {{$randomUUID}}", &unresolved);
        const QStringList ids = two.split(' ');
        static const QRegularExpression uuid(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
        QVERIFY2(uuid.match(ids[0]).hasMatch(), qPrintable(ids[0]));
        QVERIFY(uuid.match(ids[1]).hasMatch());
        QVERIFY(ids[0] != ids[1]);

        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const qint64 ts = v.resolve("{{$timestamp}}").toLongLong();
        QVERIFY(qAbs(ts - now) <= 2);
        const QDateTime iso =
            QDateTime::fromString(v.resolve("{{$isoTimestamp}}"), Qt::ISODateWithMs);
        QVERIFY(iso.isValid());
        QVERIFY(qAbs(iso.toSecsSinceEpoch() - now) <= 2);

        QSet<int> seen;
        for (int i = 0; i < 200; ++i) {
            bool ok = false;
            const int n = v.resolve("{{$randomInt}}").toInt(&ok);
            QVERIFY(ok && n >= 0 && n <= 1000);
            const int m = v.resolve("{{$randomInt 5 8}}").toInt(&ok);
            QVERIFY(ok && m >= 5 && m < 8);
            seen.insert(m);
        }
        QCOMPARE(seen.size(), 3);
        QVERIFY(unresolved.isEmpty());

        QCOMPARE(v.resolve("{{$randomInt 9 2}}{{$nope}}", &unresolved),
                 QString("{{$randomInt 9 2}}{{$nope}}"));
        QCOMPARE(unresolved, (QStringList{"$randomInt 9 2", "$nope"}));
    }

    void referencesForHighlighting()
    {
        VariableScopes v;
        v.setScope(Scope::Global, {{"a", "1"}, {"b", "{{zz}}"}});
        const auto refs = v.references("x{{a}}/{{ b }}/{{$guid}}/{{c}}/{{");
        QCOMPARE(refs.size(), 4);
        QCOMPARE(refs[0].start, 1);
        QCOMPARE(refs[0].length, 5);
        QCOMPARE(refs[0].name, QString("a"));
        QVERIFY(refs[0].resolvable);
        QCOMPARE(refs[1].name, QString("b"));
        QVERIFY(!refs[1].resolvable); // its value references an unknown name
        QVERIFY(refs[2].resolvable);
        QCOMPARE(refs[3].name, QString("c"));
        QVERIFY(!refs[3].resolvable);
    }
};

QTEST_GUILESS_MAIN(tst_Variables)
#include "tst_variables.moc"
