// The filter language and the sort list: SQL and parameters for valid input, the error
// position for invalid input, and the size and nesting limits.
#include "filter_test_table.h"
#include "store/filter.h"

#include <QtTest>

using namespace bb::store;

Q_DECLARE_METATYPE(bb::store::Dialect)

namespace {

Table postsTable()
{
    return bbtest::filterTestTable();
}

} // namespace

class TestFilter : public QObject {
    Q_OBJECT

private slots:
    void compilesValidFilters_data();
    void compilesValidFilters();
    void reportsErrorPositions_data();
    void reportsErrorPositions();
    void enforcesLengthLimit();
    void limitsNesting();
    void compilesSort_data();
    void compilesSort();
    void quotesIdentifiers();
};

void TestFilter::compilesValidFilters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<Dialect>("dialect");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QVariantList>("params");

    const Dialect lite = Dialect::Sqlite;
    const Dialect pg = Dialect::Postgres;
    QTest::newRow("empty") << "   " << lite << "" << QVariantList{};
    QTest::newRow("text equality")
        << "title = 'Hello'" << lite << "\"title\" = ?" << QVariantList{"Hello"};
    QTest::newRow("double quotes")
        << "title=\"Hi there\"" << lite << "\"title\" = ?" << QVariantList{"Hi there"};
    QTest::newRow("escaped quote")
        << "title = 'it\\'s'" << lite << "\"title\" = ?" << QVariantList{"it's"};
    QTest::newRow("and") << "views > 10 && published = true" << lite
                         << "(\"views\" > ? AND \"published\" = ?)" << QVariantList{10LL, 1};
    QTest::newRow("and binds tighter than or")
        << "title = 'a' || views >= 1 && views <= 5" << lite
        << "(\"title\" = ? OR (\"views\" >= ? AND \"views\" <= ?))" << QVariantList{"a", 1LL, 5LL};
    QTest::newRow("parentheses") << "(title = 'a' || title = 'b') && views != 3" << lite
                                 << "((\"title\" = ? OR \"title\" = ?) AND \"views\" <> ?)"
                                 << QVariantList{"a", "b", 3LL};
    QTest::newRow("is null") << "created_at = null" << lite << "\"created_at\" IS NULL"
                             << QVariantList{};
    QTest::newRow("is not null") << "created_at != NULL" << lite << "\"created_at\" IS NOT NULL"
                                 << QVariantList{};
    QTest::newRow("contains escapes wildcards")
        << "title ~ '50%_off\\\\'" << lite << "\"title\" LIKE ? ESCAPE '\\'"
        << QVariantList{"%50\\%\\_off\\\\%"};
    QTest::newRow("not contains") << "title !~ 'draft'" << lite
                                  << "\"title\" NOT LIKE ? ESCAPE '\\'" << QVariantList{"%draft%"};
    QTest::newRow("negative decimal")
        << "rating < -1.5" << lite << "\"rating\" < ?" << QVariantList{-1.5};
    QTest::newRow("numeric text for a number column")
        << "views = '42'" << lite << "\"views\" = ?" << QVariantList{42LL};
    QTest::newRow("number for a text column")
        << "title = 7" << lite << "\"title\" = ?" << QVariantList{"7"};
    QTest::newRow("boolean false on sqlite")
        << "published = false" << lite << "\"published\" = ?" << QVariantList{0};
    QTest::newRow("boolean on postgres")
        << "published = false" << pg << "\"published\" = ?" << QVariantList{false};
    QTest::newRow("contains casts non-text on postgres")
        << "views ~ 4" << pg << "CAST(\"views\" AS text) ILIKE ? ESCAPE '\\'"
        << QVariantList{"%4%"};
    QTest::newRow("contains on text on postgres")
        << "title ~ 'sql'" << pg << "\"title\" ILIKE ? ESCAPE '\\'" << QVariantList{"%sql%"};
    QTest::newRow("whitespace everywhere")
        << "  ( views>1 )&&( title!='x' ) " << lite << "(\"views\" > ? AND \"title\" <> ?)"
        << QVariantList{1LL, "x"};
    QTest::newRow("date text") << "created_at >= '2024-01-01'" << lite << "\"created_at\" >= ?"
                               << QVariantList{"2024-01-01"};
}

void TestFilter::compilesValidFilters()
{
    QFETCH(QString, filter);
    QFETCH(Dialect, dialect);
    QFETCH(QString, sql);
    QFETCH(QVariantList, params);

    const auto r = compileFilter(filter, postsTable(), dialect);
    QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
    QCOMPARE(r->sql, sql);
    QCOMPARE(r->params.size(), params.size());
    for (int i = 0; i < params.size(); ++i) {
        QCOMPARE(r->params[i], params[i]);
        QCOMPARE(r->params[i].typeId(), params[i].typeId());
    }
}

void TestFilter::reportsErrorPositions_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");

    QTest::newRow("unknown field") << "titel = 'x'" << 0 << "unknown field 'titel' at 0";
    QTest::newRow("missing value") << "views > 5 && title =" << 20 << "expected a value at 20";
    QTest::newRow("unterminated string")
        << "views > 1 && title = 'abc" << 21 << "unterminated string at 21";
    QTest::newRow("missing operator") << "title 'x'" << 6 << "expected an operator at 6";
    QTest::newRow("dangling and") << "views > 5 &&" << 12 << "expected a field name at 12";
    QTest::newRow("unclosed parenthesis")
        << "(views > 5" << 10 << "expected ')' but found end of filter at 10";
    QTest::newRow("stray parenthesis") << "views > 5)" << 9 << "unexpected ')' at 9";
    QTest::newRow("null with ordering")
        << "views < null" << 6 << "null can only be compared with = or != at 6";
    QTest::newRow("text for a number") << "views = 'abc'" << 8 << "'views' needs a number at 8";
    QTest::newRow("field as value") << "title = views" << 8 << "expected a value at 8";
    QTest::newRow("bad character") << "title # 'x'" << 6 << "unexpected character '#' at 6";
    QTest::newRow("single ampersand")
        << "title = 'x' & views = 1" << 12 << "unexpected character '&' at 12";
    QTest::newRow("bad boolean") << "published = 'maybe'" << 12
                                 << "'published' needs true or false at 12";
    QTest::newRow("value first") << "= 'x'" << 0 << "expected a field name at 0";
    QTest::newRow("keyword as field") << "true = 1" << 0 << "expected a field name at 0";
    QTest::newRow("malformed number") << "views = 12abc" << 8 << "malformed number at 8";
    QTest::newRow("empty parentheses") << "()" << 1 << "expected a field name at 1";
    QTest::newRow("two comparisons without joiner")
        << "views = 1 views = 2" << 10 << "unexpected 'views' at 10";
    QTest::newRow("injection attempt")
        << "title = 'x'; DROP TABLE posts" << 11 << "unexpected character ';' at 11";
}

void TestFilter::reportsErrorPositions()
{
    QFETCH(QString, filter);
    QFETCH(int, position);
    QFETCH(QString, message);

    for (Dialect d : {Dialect::Sqlite, Dialect::Postgres}) {
        const auto r = compileFilter(filter, postsTable(), d);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, bb::ErrorCode::Invalid);
        QCOMPARE(r.error().position, position);
        QCOMPARE(r.error().message, message);
    }
}

void TestFilter::enforcesLengthLimit()
{
    const QString prefix = QStringLiteral("title = '");
    const QString longest = prefix + QString(kMaxFilterLength - prefix.size() - 1, u'x') + u'\'';
    QCOMPARE(longest.size(), kMaxFilterLength);
    const auto ok = compileFilter(longest, postsTable(), Dialect::Sqlite);
    QVERIFY(ok.ok());
    QCOMPARE(ok->params.first().toString().size(), kMaxFilterLength - prefix.size() - 1);

    const auto tooLong = compileFilter(longest + u' ', postsTable(), Dialect::Sqlite);
    QVERIFY(!tooLong.ok());
    QCOMPARE(tooLong.error().code, bb::ErrorCode::Invalid);
    QCOMPARE(tooLong.error().position, kMaxFilterLength);
}

void TestFilter::limitsNesting()
{
    const auto nested = [](int depth) {
        return QString(depth, u'(') + QStringLiteral("views = 1") + QString(depth, u')');
    };
    const auto ok = compileFilter(nested(64), postsTable(), Dialect::Sqlite);
    QVERIFY(ok.ok());
    QCOMPARE(ok->sql, QStringLiteral("\"views\" = ?"));

    const auto deep = compileFilter(nested(65), postsTable(), Dialect::Sqlite);
    QVERIFY(!deep.ok());
    QCOMPARE(deep.error().position, 64);

    // As deep as the length limit allows: refused, not a stack overflow.
    const auto deepest =
        compileFilter(QString(kMaxFilterLength, u'('), postsTable(), Dialect::Postgres);
    QVERIFY(!deepest.ok());
    QCOMPARE(deepest.error().position, 64);
}

void TestFilter::compilesSort_data()
{
    QTest::addColumn<QString>("sort");
    QTest::addColumn<QString>("sql");
    QTest::addColumn<int>("errorPosition");

    QTest::newRow("empty") << ""
                           << "" << -1;
    QTest::newRow("desc and asc") << "-views,title"
                                  << "\"views\" DESC, \"title\" ASC" << -1;
    QTest::newRow("plus and spaces") << " +title , -id "
                                     << "\"title\" ASC, \"id\" DESC" << -1;
    QTest::newRow("unknown") << "nope"
                             << "" << 0;
    QTest::newRow("unknown after sign") << "views,-nope"
                                        << "" << 7;
    QTest::newRow("empty item") << "views,,title"
                                << "" << 6;
    QTest::newRow("sign alone") << "views,-"
                                << "" << 7;
    QTest::newRow("injection") << "views; DROP TABLE posts"
                               << "" << 0;
}

void TestFilter::compilesSort()
{
    QFETCH(QString, sort);
    QFETCH(QString, sql);
    QFETCH(int, errorPosition);

    const auto r = compileSort(sort, postsTable(), Dialect::Sqlite);
    if (errorPosition < 0) {
        QVERIFY2(r.ok(), qPrintable(r.ok() ? QString() : r.error().message));
        QCOMPARE(*r, sql);
    } else {
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, bb::ErrorCode::Invalid);
        QCOMPARE(r.error().position, errorPosition);
        QVERIFY(r.error().message.endsWith(QStringLiteral(" at %1").arg(errorPosition)));
    }
}

void TestFilter::quotesIdentifiers()
{
    QCOMPARE(quoteIdentifier(QStringLiteral("title")), QStringLiteral("\"title\""));
    QCOMPARE(quoteIdentifier(QStringLiteral("we\"ird")), QStringLiteral("\"we\"\"ird\""));
}

QTEST_GUILESS_MAIN(TestFilter)
#include "tst_filter.moc"
