// Postman environment files: read what Postman exports, write what Postman and newman read.
#include "workspace/postman_environment.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

class TestPostmanEnvironment : public QObject {
    Q_OBJECT
private slots:
    void importsValuesTypesAndEnabled()
    {
        const auto env = bb::workspace::importPostmanEnvironment(
            "{\"id\": \"x\", \"name\": \"Local\", \"values\": ["
            "{\"key\": \"baseUrl\", \"value\": \"http://127.0.0.1:8080\", \"type\": \"default\", "
            "\"enabled\": true},"
            "{\"key\": \"token\", \"value\": \"s3cret\", \"type\": \"secret\", \"enabled\": true},"
            "{\"key\": \"limit\", \"value\": 25, \"enabled\": false},"
            "{\"key\": \"flag\", \"value\": true}],"
            "\"_postman_variable_scope\": \"environment\"}");
        QVERIFY(env.ok());
        QCOMPARE(env->name, QStringLiteral("Local"));
        QCOMPARE(env->variables.size(), 4);
        QCOMPARE(env->variables[0].value, QStringLiteral("http://127.0.0.1:8080"));
        QVERIFY(!env->variables[0].secret);
        QVERIFY(env->variables[1].secret);
        QCOMPARE(env->variables[2].value, QStringLiteral("25"));
        QVERIFY(!env->variables[2].enabled);
        QCOMPARE(env->variables[3].value, QStringLiteral("true"));
        QVERIFY(env->variables[3].enabled);
    }
    void rejectsBadInput()
    {
        auto r = bb::workspace::importPostmanEnvironment("{\"values\": [");
        QVERIFY(!r.ok());
        QVERIFY(r.error().position >= 0);
        r = bb::workspace::importPostmanEnvironment(R"({"values": {}})");
        QVERIFY(!r.ok());
        r = bb::workspace::importPostmanEnvironment(R"({"values": [{"key":"a"},{"value":"b"}]})");
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains("values[1]"));
    }
    void exportRoundTrips()
    {
        bb::workspace::Environment env;
        env.name = QStringLiteral("Staging");
        env.variables = {{"a", "1", true, false}, {"b", "two", false, true}};
        const QByteArray bytes = bb::workspace::exportPostmanEnvironment(env);
        const QJsonObject o = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(o.value("_postman_variable_scope").toString(), QStringLiteral("environment"));
        QCOMPARE(o.value("values").toArray().at(1).toObject().value("type").toString(),
                 QStringLiteral("secret"));
        const auto back = bb::workspace::importPostmanEnvironment(bytes);
        QVERIFY(back.ok());
        QCOMPARE(back.value(), env);
    }
};

QTEST_GUILESS_MAIN(TestPostmanEnvironment)
#include "tst_postman_environment.moc"
