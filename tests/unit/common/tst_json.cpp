#include "common/json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

class tst_Json : public QObject {
    Q_OBJECT
private slots:
    void quotedStringsParseBack_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << "hello";
        QTest::newRow("empty") << "";
        QTest::newRow("quotes and backslash") << "a\"b\\c";
        QTest::newRow("controls") << QString("line\nbreak\ttab\r\x01\x1f");
        QTest::newRow("utf-8") << QString::fromUtf8("caf\xc3\xa9 \xe2\x9a\xa1");
    }
    void quotedStringsParseBack()
    {
        QFETCH(QString, text);
        std::string out = "[";
        bb::json::appendQuoted(out, text.toStdString());
        out += "]";
        QJsonParseError err{};
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(out), &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        QCOMPARE(doc.array().first().toString(), text);
    }

    void scriptQuotedIsSafeInline()
    {
        std::string out;
        bb::json::appendScriptQuoted(out, "a</script>\b\f\x01 \xe2\x80\xa8\xe2\x80\xa9 a/b");
        QCOMPARE(out, std::string(R"("a<\/script>\b\f\u0001 \u2028\u2029 a/b")"));
        std::string plain;
        bb::json::appendQuoted(plain, "</\b");
        QCOMPARE(plain, std::string(R"("</\u0008")"));
    }

    void problemDocument()
    {
        const QJsonObject p =
            bb::json::problem(413, "Payload Too Large", "The body is over 10 MiB.");
        QCOMPARE(p["status"].toInt(), 413);
        QCOMPARE(p["type"].toString(), QString("about:blank"));
        QCOMPARE(p["detail"].toString(), QString("The body is over 10 MiB."));
        QVERIFY(!bb::json::problem(500, "Internal Server Error").contains("detail"));
    }
};

QTEST_GUILESS_MAIN(tst_Json)
#include "tst_json.moc"
