// Iteration data: CSV per RFC 4180 and JSON arrays, with errors that name their line.
#include "tester/run_data.h"

#include <QTemporaryDir>
#include <QTest>

using bb::tester::DataParse;

namespace {

QString valueOf(const bb::tester::DataRow &row, const QString &name)
{
    for (const auto &kv : row)
        if (kv.name == name)
            return kv.value;
    return QStringLiteral("<missing>");
}

} // namespace

class TestRunData : public QObject {
    Q_OBJECT
private slots:
    void csvPlain()
    {
        const DataParse p = bb::tester::parseCsvData("user,pass\nalice,1\nbob,2\n");
        QVERIFY(p.ok());
        QCOMPARE(p.rows.size(), 2);
        QCOMPARE(valueOf(p.rows[0], "user"), QStringLiteral("alice"));
        QCOMPARE(valueOf(p.rows[1], "pass"), QStringLiteral("2"));
    }
    void csvQuotesCrlfAndEscapes()
    {
        const DataParse p = bb::tester::parseCsvData(
            "\xEF\xBB\xBFname,note\r\n\"Smith, J\",\"said \"\"hi\"\"\"\r\n\"multi\r\nline\",x\r\n");
        QVERIFY(p.ok());
        QCOMPARE(p.rows.size(), 2);
        QCOMPARE(valueOf(p.rows[0], "name"), QStringLiteral("Smith, J"));
        QCOMPARE(valueOf(p.rows[0], "note"), QStringLiteral("said \"hi\""));
        QCOMPARE(valueOf(p.rows[1], "name"), QStringLiteral("multi\r\nline"));
    }
    void csvEmptyFieldsAndBlankLines()
    {
        const DataParse p = bb::tester::parseCsvData("a,b\n,\n\nx,\n");
        QVERIFY(p.ok());
        QCOMPARE(p.rows.size(), 2);
        QCOMPARE(valueOf(p.rows[0], "a"), QString());
        QCOMPARE(valueOf(p.rows[1], "a"), QStringLiteral("x"));
        QCOMPARE(valueOf(p.rows[1], "b"), QString());
    }
    void csvRaggedRowNamesItsLine()
    {
        const DataParse p = bb::tester::parseCsvData("a,b\n1,2\n\"q\nq\",2\n1,2,3\n");
        QVERIFY(!p.ok());
        QCOMPARE(p.error->line, 5);
        QCOMPARE(p.error->message, QStringLiteral("3 fields, the header has 2"));
    }
    void csvErrors_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<int>("line");
        QTest::newRow("unterminated") << QByteArray("a\n\"open\n") << 2;
        QTest::newRow("junk after quote") << QByteArray("a,b\n\"x\"y,1\n") << 2;
        QTest::newRow("quote in unquoted") << QByteArray("a\nx\"y\n") << 2;
        QTest::newRow("empty") << QByteArray("") << 0;
        QTest::newRow("header without name") << QByteArray("a,,c\n1,2,3\n") << 1;
    }
    void csvErrors()
    {
        QFETCH(QByteArray, csv);
        QFETCH(int, line);
        const DataParse p = bb::tester::parseCsvData(csv);
        QVERIFY(!p.ok());
        QCOMPARE(p.error->line, line);
        QVERIFY(!p.error->message.isEmpty());
    }
    void jsonValuesStringified()
    {
        const DataParse p = bb::tester::parseJsonData(
            R"([{"s":"x","n":3,"f":1.5,"b":true,"z":null,"o":{"k":[1,2]}},{"s":"y"}])");
        QVERIFY(p.ok());
        QCOMPARE(p.rows.size(), 2);
        QCOMPARE(valueOf(p.rows[0], "s"), QStringLiteral("x"));
        QCOMPARE(valueOf(p.rows[0], "n"), QStringLiteral("3"));
        QCOMPARE(valueOf(p.rows[0], "f"), QStringLiteral("1.5"));
        QCOMPARE(valueOf(p.rows[0], "b"), QStringLiteral("true"));
        QCOMPARE(valueOf(p.rows[0], "z"), QStringLiteral("null"));
        QCOMPARE(valueOf(p.rows[0], "o"), QStringLiteral(R"({"k":[1,2]})"));
        QCOMPARE(valueOf(p.rows[1], "s"), QStringLiteral("y"));
    }
    void jsonErrors()
    {
        DataParse p = bb::tester::parseJsonData("[\n{\"a\":1},\n{\"a\" 2}\n]");
        QVERIFY(!p.ok());
        QCOMPARE(p.error->line, 3);
        p = bb::tester::parseJsonData(R"({"a":1})");
        QVERIFY(!p.ok());
        p = bb::tester::parseJsonData(R"([{"a":1}, 5])");
        QVERIFY(!p.ok());
        QVERIFY(p.error->message.contains("element 1"));
    }
    void readDataFileChoosesFormatAndPrefixesTheName()
    {
        QTemporaryDir dir;
        QFile csv(dir.filePath("data.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("a,b\n1,2\n3,4\n5,6,7\n");
        csv.close();
        auto r = bb::tester::readDataFile(csv.fileName());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().message, QStringLiteral("data.csv:4: 3 fields, the header has 2"));

        QFile json(dir.filePath("rows.json"));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(R"([{"a":"1"},{"a":"2"}])");
        json.close();
        r = bb::tester::readDataFile(json.fileName());
        QVERIFY(r.ok());
        QCOMPARE(r.value().size(), 2);

        r = bb::tester::readDataFile(dir.filePath("missing.csv"));
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.startsWith("missing.csv: "));
    }
};

QTEST_GUILESS_MAIN(TestRunData)
#include "tst_run_data.moc"
