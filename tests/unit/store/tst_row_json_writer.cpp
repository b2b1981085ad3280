// The row JSON writer: its text must be byte for byte what QJsonDocument::toJson(Compact) gives
// for the same row built as a QJsonObject with toJson() (what the engine served before the
// writer existed), for single values and for every row the repository reads: every demo row
// and a table of odd values (blobs, reals, booleans, JSON, NULLs, mismatched storage classes,
// awkward text), through get() and list(), on SQLite and, when configured, PostgreSQL.
#include "store/demo_data.h"
#include "store/filter.h"
#include "store/json_mapping_p.h"
#include "store/repository.h"
#include "store/row_json_writer_p.h"
#include "store_test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace bb::store;
using bb::store::test::TestBackend;

namespace {

std::string qtText(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

// A row the old way: a QJsonObject of toJson() per column.
QJsonObject oldRow(const QSqlQuery &q, const QList<const Column *> &columns)
{
    QJsonObject row;
    for (int i = 0; i < columns.size(); ++i)
        row.insert(columns[i]->name, internal::toJson(q.value(i), columns[i]->type));
    return row;
}

QList<const Column *> columnsOf(const Table &t)
{
    QList<const Column *> out;
    for (const Column &c : t.columns)
        out.append(&c);
    return out;
}

struct Expected {
    QStringList ids;
    QList<std::string> rows;   ///< in key order
    QList<std::string> qtPath; ///< the writer fed through Qt SQL, as PostgreSQL reads are
};

// Every row of `table`, ordered by its key, serialised the old way.
Expected expectedRows(Database &db, const Table &table)
{
    const auto columns = columnsOf(table);
    QStringList names;
    for (const Column *c : columns)
        names.append(quoteIdentifier(c->name));
    Expected out;
    auto rows = db.write<bool>(
        [&](QSqlDatabase &conn) -> bb::Result<bool> {
            auto q = db.exec(conn,
                             QStringLiteral("SELECT %1 FROM %2 ORDER BY %3")
                                 .arg(names.join(QStringLiteral(", ")), quoteIdentifier(table.name),
                                      quoteIdentifier(table.primaryKey)));
            if (!q)
                return q.error();
            const int key = int(columns.indexOf(table.column(table.primaryKey)));
            const internal::RowShape shape(columns);
            while (q->next()) {
                out.ids.append(q->value(key).toString());
                out.rows.append(qtText(oldRow(*q, columns)));
                shape.appendRow(out.qtPath.emplace_back(), *q);
            }
            q->finish();
            return true;
        },
        false);
    if (!rows)
        qWarning("%s", qPrintable(rows.error().message));
    return out;
}

// Mixed storage classes only SQLite allows, next to the values both dialects store.
QStringList oddities(const QString &backend)
{
    if (backend == QLatin1String("sqlite"))
        return {
            "CREATE TABLE oddities (id INTEGER PRIMARY KEY, label TEXT, ratio REAL, flag BOOLEAN, "
            "payload BLOB, doc JSON, seen DATETIME, n INTEGER, anything, \"Zed\" TEXT, "
            "\"a b\"\"c\" TEXT, \"ключ\" TEXT)",
            "INSERT INTO oddities (label, ratio, flag, payload, doc, seen, n, anything, \"ключ\") "
            "VALUES ('tab\there \"q\" back\\slash' || char(1) || char(31) || char(127) || "
            "char(8) || char(12) || char(10) || char(13), 0.1, 1, x'00ff10', "
            "'{\"b\": 1, \"a\": [1, 2.5, \"x\", null, true]}', '2024-02-03T04:05:06.789Z', 42, "
            "'plain', 'значение €😀 \u2028')",
            "INSERT INTO oddities (label, ratio, flag, payload, doc, seen, n, anything) VALUES "
            "(NULL, 2.0, 0, NULL, 'not json', 1700000000, 'text in int', 1.5)",
            "INSERT INTO oddities (label, ratio, flag, doc, seen, n, anything) VALUES "
            "(CAST(x'c3' AS TEXT), 1e300, 'TRUE', '3', 1.25, 1.5, x'cafe')",
            "INSERT INTO oddities (label, ratio, flag, doc, n, anything) VALUES "
            "(CAST(x'eda080' AS TEXT), -0.0, 'no', ' \"s\" ', '12', 9223372036854775807)",
            "INSERT INTO oddities (label, ratio, flag, doc, n, anything) VALUES "
            "(CAST(x'efbfbf' AS TEXT), 123456789012345678, 2, '[]', 9.0, -9223372036854775808)",
            "INSERT INTO oddities (label, ratio, flag, doc, n) VALUES "
            "(CAST(x'f4908080c0af' AS TEXT), 1e-7, 0.5, '{}', 1e20)",
            "INSERT INTO oddities (label, ratio, flag, payload, n) VALUES "
            "(x'0001', 'text in real', 'f', 'text in blob', x'31')",
            "INSERT INTO oddities (label, ratio, flag, n) VALUES "
            "(12, 9007199254740993, 't', 1e300)",
            "INSERT INTO oddities (label, payload, doc, anything, \"Zed\") VALUES "
            "('', x'', '', '', CAST(x'e0809f' AS TEXT))",
        };
    return {
        "CREATE TABLE oddities (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
        "label text, ratio double precision, flag boolean, payload bytea, doc jsonb, "
        "seen timestamptz, n integer, amount numeric(12,3), small real, day date, "
        "span interval, tag uuid, \"Zed\" text, \"a b\"\"c\" text, \"ключ\" text)",
        "INSERT INTO oddities (label, ratio, flag, payload, doc, seen, n, amount, small, day, "
        "span, tag, \"ключ\") VALUES (E'tab\\there \"q\" "
        "back\\\\slash\\x01\\x1f\\x7f\\b\\f\\n\\r', "
        "0.1, true, '\\x00ff10', '{\"b\": 1, \"a\": [1, 2.5, \"x\", null, true]}', "
        "'2024-02-03T04:05:06.789Z', 42, 1234.5, 0.1, '2024-02-03', '1 day 02:00', "
        "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'значение €😀 \u2028')",
        "INSERT INTO oddities (label, ratio, flag, doc, seen, n, amount, small) VALUES "
        "(NULL, 2.0, false, '\"s\"', '1999-12-31T23:59:59Z', -7, 0.001, 2)",
        "INSERT INTO oddities (ratio, doc, amount) VALUES ('NaN', '3', 99999999.999)",
        "INSERT INTO oddities (ratio, doc) VALUES ('Infinity', '[]')",
        "INSERT INTO oddities (ratio, doc) VALUES (-0.0, 'null')",
        "INSERT INTO oddities (ratio, doc) VALUES (1e300, '{\"x\": 1e300, \"y\": 0.1}')",
        "INSERT INTO oddities (ratio) VALUES (123456789012345678)",
        "INSERT INTO oddities (ratio) VALUES (1e-7)",
        "INSERT INTO oddities (label, payload, doc) VALUES ('', '', '\"\"')",
    };
}

} // namespace

class TestRowJsonWriter : public QObject {
    Q_OBJECT

private slots:
    void writesValuesAsQt_data();
    void writesValuesAsQt();
    void sortsKeysAsQJsonObject();
    void matchesQtForEveryRow_data();
    void matchesQtForEveryRow();
};

void TestRowJsonWriter::writesValuesAsQt_data()
{
    QTest::addColumn<QJsonValue>("value");
    const auto text = [](const char16_t *s, qsizetype n) {
        return QJsonValue(QString::fromUtf16(s, n));
    };
    QTest::newRow("null") << QJsonValue(QJsonValue::Null);
    QTest::newRow("true") << QJsonValue(true);
    QTest::newRow("false") << QJsonValue(false);
    for (qint64 i : {qint64(0), qint64(-1), qint64(42), std::numeric_limits<qint64>::max(),
                     std::numeric_limits<qint64>::min()})
        QTest::addRow("integer %lld", qlonglong(i)) << QJsonValue(i);
    const double doubles[] = {0.0,
                              -0.0,
                              0.1,
                              2.0,
                              -2.5,
                              1e-7,
                              1e21,
                              1e300,
                              123456.789,
                              9007199254740992.0,
                              9007199254740993.0,
                              9223372036854775807.0,
                              -9223372036854775808.0,
                              1.7976931348623157e308,
                              5e-324,
                              std::numeric_limits<double>::infinity(),
                              -std::numeric_limits<double>::infinity(),
                              std::nan("")};
    int n = 0;
    for (double d : doubles)
        QTest::addRow("double %d", n++) << QJsonValue(d);
    QTest::newRow("empty string") << QJsonValue(QString());
    QTest::newRow("escapes") << QJsonValue(QStringLiteral("\"\\/\b\f\n\r\t\x01\x1f\x7f"));
    QTest::newRow("nul") << text(u"a\0b", 3);
    QTest::newRow("unicode") << QJsonValue(QStringLiteral("é€ключ\u2028\u2029\uffff"));
    QTest::newRow("pair") << text(u"\xd83d\xde00", 2);
    QTest::newRow("lone high") << text(u"a\xd83d", 2);
    QTest::newRow("lone high then text") << text(u"\xd83dx", 2);
    QTest::newRow("lone low") << text(u"\xde00z", 2);
    QTest::newRow("reversed pair") << text(u"\xde00\xd83d", 2);
    QTest::newRow("array") << QJsonValue(QJsonArray{1, 2.5, "x", QJsonValue::Null, true});
    QTest::newRow("object") << QJsonValue(QJsonObject{{"b", 1}, {"a", QJsonObject{{"c", "\n"}}}});
}

void TestRowJsonWriter::writesValuesAsQt()
{
    QFETCH(QJsonValue, value);
    std::string got = "{\"v\":";
    internal::appendJsonValue(got, value);
    got += '}';
    QCOMPARE(got, qtText(QJsonObject{{"v", value}}));
    if (value.isDouble()) {
        std::string direct = "{\"v\":";
        internal::appendJsonDouble(direct, value.toDouble());
        direct += '}';
        QCOMPARE(direct, qtText(QJsonObject{{"v", QJsonValue(value.toDouble())}}));
    }
}

void TestRowJsonWriter::sortsKeysAsQJsonObject()
{
    // QJsonObject orders by UTF-16 code units: upper case before lower, ASCII before the rest,
    // a surrogate pair (U+1F600) before U+FFFF.
    const QStringList names{"title",  "Zed",  "id",
                            "a b",    "ключ", "_x",
                            "Title",  "a",    QString::fromUtf16(u"\xd83d\xde00"),
                            "\uffff", "ab"};
    QList<Column> columns;
    for (const QString &name : names)
        columns.append(Column{.name = name, .type = ColumnType::Integer});
    QList<const Column *> pointers;
    for (const Column &c : columns)
        pointers.append(&c);
    const internal::RowShape shape(pointers);
    QJsonObject expected;
    QStringList order;
    for (const auto &f : shape.fields()) {
        order.append(pointers[f.index]->name);
        expected.insert(pointers[f.index]->name, 0);
    }
    QCOMPARE(order, expected.keys());
    std::string text;
    for (const auto &f : shape.fields())
        text += f.prefix + "0";
    text += '}';
    QCOMPARE(text, qtText(expected));
}

void TestRowJsonWriter::matchesQtForEveryRow_data()
{
    bb::store::test::addBackendColumn();
    QTest::newRow("sqlite") << "sqlite";
    QTest::newRow("postgres") << "postgres";
}

void TestRowJsonWriter::matchesQtForEveryRow()
{
    QFETCH(QString, backend);
    TestBackend b;
    BB_OPEN_BACKEND(b, backend);
    auto seeded = seedDemoData(b.db());
    QVERIFY2(seeded.ok(), qPrintable(seeded.ok() ? QString() : seeded.error().message));
    for (const QString &sql : oddities(backend))
        QVERIFY2(b.run(sql), qPrintable(sql));
    QVERIFY(b.db().reloadSchema().ok());

    const auto schema = b.db().schema();
    Repository repo(b.db());
    QStringList tables;
    qsizetype rows = 0;
    for (const Table *table : schema->resources()) {
        tables.append(table->name);
        const Expected expected = expectedRows(b.db(), *table);
        QVERIFY2(!expected.rows.isEmpty(), qPrintable(table->name));
        rows += expected.rows.size();
        QCOMPARE(expected.qtPath, expected.rows);

        for (qsizetype i = 0; i < expected.rows.size(); ++i) {
            auto got = repo.get(*table, expected.ids[i]);
            QVERIFY2(got.ok() && got->has_value(),
                     qPrintable(table->name + QLatin1Char('/') + expected.ids[i]));
            QCOMPARE(**got, expected.rows[i]);
        }

        ListOptions all;
        all.perPage = 500;
        qsizetype next = 0;
        for (all.page = 1; next < expected.rows.size(); ++all.page) {
            auto page = repo.list(*table, all);
            QVERIFY(page.ok());
            std::string want = "[";
            for (int i = 0; i < all.perPage && next < expected.rows.size(); ++i, ++next) {
                if (i > 0)
                    want += ',';
                want += expected.rows[next];
            }
            want += ']';
            QCOMPARE(page->itemsJson, want);
        }
    }
    QCOMPARE(tables,
             (QStringList{"authors", "comments", "oddities", "post_tags", "posts", "tags"}));
    QVERIFY(rows > kDemoComments);
}

QTEST_GUILESS_MAIN(TestRowJsonWriter)
#include "tst_row_json_writer.moc"
