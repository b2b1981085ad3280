// The SQL runner's splitter: quotes, comments, dollar quotes, trigger bodies, offsets with their
// lines and columns, the statement under the cursor, and a selection split on its own.
#include "dbx/sql_splitter.h"
#include <QtTest>

using namespace bb::dbx;

class TestSqlSplitter : public QObject {
    Q_OBJECT

    static QStringList texts(const QList<SqlStatement> &statements)
    {
        QStringList out;
        for (const auto &s : statements)
            out << s.text;
        return out;
    }

private slots:
    void splits_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("plain") << "SELECT 1; SELECT 2;" << QStringList{"SELECT 1", "SELECT 2"};
        QTest::newRow("no trailing semicolon")
            << "SELECT 1;\nSELECT 2" << QStringList{"SELECT 1", "SELECT 2"};
        QTest::newRow("single quotes")
            << "SELECT 'a;b'; SELECT 'it''s;'" << QStringList{"SELECT 'a;b'", "SELECT 'it''s;'"};
        QTest::newRow("double and back quotes")
            << "SELECT \"a;\"\"b\" FROM t; SELECT `x;y`"
            << QStringList{"SELECT \"a;\"\"b\" FROM t", "SELECT `x;y`"};
        QTest::newRow("E string with backslash quote")
            << "SELECT E'it\\';s'; SELECT 2" << QStringList{"SELECT E'it\\';s'", "SELECT 2"};
        QTest::newRow("line comment")
            << "SELECT 1; -- a; b\nSELECT 2" << QStringList{"SELECT 1", "-- a; b\nSELECT 2"};
        QTest::newRow("block comment") << "SELECT /* ; */ 1;" << QStringList{"SELECT /* ; */ 1"};
        QTest::newRow("comment-only statements dropped")
            << "SELECT 1; -- just a note\n; /* and this */ ;" << QStringList{"SELECT 1"};
        QTest::newRow("dollar quotes")
            << "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql; SELECT f();"
            << QStringList{"CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
                           "SELECT f()"};
        QTest::newRow("tagged dollar quotes")
            << "DO $body$ BEGIN PERFORM 1; END $body$; SELECT 3"
            << QStringList{"DO $body$ BEGIN PERFORM 1; END $body$", "SELECT 3"};
        QTest::newRow("parameters are not dollar quotes")
            << "SELECT $1; SELECT $2" << QStringList{"SELECT $1", "SELECT $2"};
        QTest::newRow("sqlite trigger body")
            << "CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; "
               "SELECT CASE WHEN 1 THEN 2 END; END; SELECT 4;"
            << QStringList{"CREATE TRIGGER tr AFTER INSERT ON t BEGIN UPDATE t SET a = 1; "
                           "SELECT CASE WHEN 1 THEN 2 END; END",
                           "SELECT 4"};
        QTest::newRow("trigger after a comment")
            << "-- make it\nCREATE TEMP TRIGGER tr AFTER DELETE ON t BEGIN DELETE FROM u; END;"
            << QStringList{
                   "-- make it\nCREATE TEMP TRIGGER tr AFTER DELETE ON t BEGIN DELETE FROM u; END"};
        QTest::newRow("postgres BEGIN ATOMIC body")
            << "CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; "
               "END; SELECT one()"
            << QStringList{"CREATE OR REPLACE FUNCTION one() RETURNS int LANGUAGE sql BEGIN "
                           "ATOMIC SELECT 1; END",
                           "SELECT one()"};
        QTest::newRow("transaction BEGIN is not a block")
            << "BEGIN; INSERT INTO t VALUES (1); COMMIT;"
            << QStringList{"BEGIN", "INSERT INTO t VALUES (1)", "COMMIT"};
        QTest::newRow("unterminated quote runs to the end")
            << "SELECT 1; SELECT 'oops; SELECT 2"
            << QStringList{"SELECT 1", "SELECT 'oops; SELECT 2"};
        QTest::newRow("empty") << "  \n\t " << QStringList{};
    }

    void splits()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, expected);
        QCOMPARE(texts(splitSql(script)), expected);
    }

    void offsetsLinesColumns()
    {
        const QString script = QStringLiteral("SELECT 1;\n\n  SELECT\n 2 ;  UPDATE t SET a = 1");
        const auto st = splitSql(script);
        QCOMPARE(st.size(), 3);
        QCOMPARE(st[0].begin, 0);
        QCOMPARE(st[0].end, 8);
        QCOMPARE(st[1].begin, script.indexOf(QLatin1String("SELECT\n")));
        QCOMPARE(st[1].line, 3);
        QCOMPARE(st[1].column, 3);
        QCOMPARE(st[1].text, QStringLiteral("SELECT\n 2"));
        QCOMPARE(st[2].line, 4);
        QCOMPARE(st[2].column, 7);
        QCOMPARE(script.mid(st[2].begin, st[2].end - st[2].begin), st[2].text);
    }

    void statementUnderCursor()
    {
        const QString script = QStringLiteral("SELECT 1;\n\nSELECT 2;\nSELECT 3");
        const auto st = splitSql(script);
        QCOMPARE(statementAt(st, 0), 0);
        QCOMPARE(statementAt(st, 4), 0);
        QCOMPARE(statementAt(st, 9), 0);  // right after the ';'
        QCOMPARE(statementAt(st, 10), 0); // the blank line after it
        QCOMPARE(statementAt(st, script.indexOf(QLatin1String("SELECT 2"))), 1);
        QCOMPARE(statementAt(st, script.indexOf(QLatin1String("2;")) + 1), 1);
        QCOMPARE(statementAt(st, int(script.size())), 2);
        QCOMPARE(statementAt({}, 3), -1);
        // A cursor before the first statement picks the first.
        const auto indented = splitSql(QStringLiteral("\n\n  SELECT 5"));
        QCOMPARE(statementAt(indented, 0), 0);
    }

    void selectionSplitOnItsOwn()
    {
        const QString script = QStringLiteral("SELECT 1;\nSELECT 2; SELECT 3;\nSELECT 4;");
        const int b = script.indexOf(QLatin1String("SELECT 2"));
        const int e = script.indexOf(QLatin1String("SELECT 4"));
        const auto st = splitSqlSelection(script, e, b); // reversed bounds are fine
        QCOMPARE(texts(st), (QStringList{"SELECT 2", "SELECT 3"}));
        QCOMPARE(st[0].begin, b);
        QCOMPARE(st[0].line, 2);
        QCOMPARE(st[1].column, 11);
        // Half a statement selected runs just that half, as typed.
        const auto part = splitSqlSelection(script, 0, 6);
        QCOMPARE(texts(part), QStringList{"SELECT"});
    }

    void positions()
    {
        const QString s = QStringLiteral("a\nbc\n\ndef");
        QCOMPARE(positionOf(s, 0).line, 1);
        QCOMPARE(positionOf(s, 3).line, 2);
        QCOMPARE(positionOf(s, 3).column, 2);
        QCOMPARE(positionOf(s, 7).line, 4);
        QCOMPARE(positionOf(s, 7).column, 2);
        QCOMPARE(positionOf(s, 999).line, 4); // clamped
    }
};

QTEST_GUILESS_MAIN(TestSqlSplitter)
#include "tst_sql_splitter.moc"
