// Values as SQL literals per dialect, and bound statements with their values inlined: what the
// staged-edit preview shows must read back as the value that is bound.
#include "dbx/sql_literal.h"
#include <QDateTime>
#include <QtTest>
#include <limits>

using namespace bb;
using namespace bb::dbx;
using store::Dialect;

class TestSqlLiteral : public QObject {
    Q_OBJECT

private slots:
    void literals_data()
    {
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<int>("dialect");
        QTest::addColumn<QString>("expected");
        const int sq = int(Dialect::Sqlite), pg = int(Dialect::Postgres), my = int(Dialect::Mysql);
        QTest::newRow("null") << QVariant() << sq << "NULL";
        QTest::newRow("null string") << QVariant(QMetaType::fromType<QString>()) << pg << "NULL";
        QTest::newRow("int") << QVariant(-42) << pg << "-42";
        QTest::newRow("int64") << QVariant(qlonglong(9007199254740993)) << sq << "9007199254740993";
        QTest::newRow("double") << QVariant(0.1) << sq << "0.1";
        QTest::newRow("infinity") << QVariant(std::numeric_limits<double>::infinity()) << pg
                                  << "'inf'";
        QTest::newRow("bool sqlite") << QVariant(true) << sq << "1";
        QTest::newRow("bool postgres") << QVariant(false) << pg << "FALSE";
        QTest::newRow("bool mysql") << QVariant(true) << my << "TRUE";
        QTest::newRow("quote doubled") << QVariant(QStringLiteral("it's")) << sq << "'it''s'";
        QTest::newRow("backslash kept") << QVariant(QStringLiteral("a\\b")) << pg << "'a\\b'";
        QTest::newRow("blob sqlite") << QVariant(QByteArray("\x00\xff", 2)) << sq << "X'00ff'";
        QTest::newRow("blob mysql") << QVariant(QByteArray("\x01", 1)) << my << "X'01'";
        QTest::newRow("blob postgres") << QVariant(QByteArray("\xab", 1)) << pg << "'\\xab'";
        QTest::newRow("datetime") << QVariant(
                                         QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 10), Qt::UTC))
                                  << pg << "'2024-05-06T07:08:09.010Z'";
    }

    void literals()
    {
        QFETCH(QVariant, value);
        QFETCH(int, dialect);
        QFETCH(QString, expected);
        QCOMPARE(sqlLiteral(value, Dialect(dialect)), expected);
    }

    void inlining()
    {
        const Statement st{QStringLiteral("UPDATE \"a?b\" SET \"x\" = ?, y = '?' WHERE rowid = ?"),
                           {QStringLiteral("o'k"), 3}};
        // Placeholders inside quotes are text, not parameters.
        QCOMPARE(inlineParameters(st, Dialect::Sqlite),
                 QStringLiteral("UPDATE \"a?b\" SET \"x\" = 'o''k', y = '?' WHERE rowid = 3"));
        // Fewer values than marks: the rest stay as written.
        const Statement shortOne{QStringLiteral("SELECT ?, ?"), {1}};
        QCOMPARE(inlineParameters(shortOne, Dialect::Postgres), QStringLiteral("SELECT 1, ?"));
    }
};

QTEST_GUILESS_MAIN(TestSqlLiteral)
#include "tst_sql_literal.moc"
