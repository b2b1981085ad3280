// CSV import on SQLite: preview (separator, header, types), new and existing tables, one
// transaction (a bad row or a cancel leaves nothing), progress through TransferJob.
#include "dbx/csv_import.h"
#include "dbx/export_data.h"
#include "dbx_test_support.h"
#include "store/database.h"
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace bb::dbx;

class TstCsvImport : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<bb::store::Database> m_db;
    int m_files = 0;

    QString write(const QByteArray &text)
    {
        const QString path = m_dir.filePath(QStringLiteral("in%1.csv").arg(++m_files));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qPrintable(path));
        f.write(text);
        return path;
    }
    QVariant value(const QString &sql)
    {
        QSqlDatabase conn = m_db->reader();
        auto r = m_db->scalar(conn, sql);
        return r ? *r : QVariant(QStringLiteral("<error: %1>").arg(r.error().message));
    }
    bool tableExists(const QString &name)
    {
        return value(
                   QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = '%1'").arg(name))
                   .toInt() == 1;
    }

private slots:
    void initTestCase()
    {
        auto db = bb::store::Database::open(QStringLiteral("sqlite:") + m_dir.filePath("t.db"));
        BB_VERIFY_OK(db);
        m_db = *db;
    }
    void cleanupTestCase() { m_db->close(); }

    void valueTypes()
    {
        QCOMPARE(csvValueType("42"), CsvType::Integer);
        QCOMPARE(csvValueType("-7"), CsvType::Integer);
        QCOMPARE(csvValueType("3.25"), CsvType::Real);
        QCOMPARE(csvValueType("1e-3"), CsvType::Real);
        QCOMPARE(csvValueType("99999999999999999999"), CsvType::Real); // beyond int64
        QCOMPARE(csvValueType("007"), CsvType::Text);                  // leading zeros kept
        QCOMPARE(csvValueType("2024-05-01"), CsvType::Text);           // dates stay text
        QCOMPARE(csvValueType("abc"), CsvType::Text);
        QVERIFY(!csvValueType("  ").has_value());
    }

    void preview()
    {
        const QString path = write("\xEF\xBB\xBFid;name;price;added\r\n"
                                   "1;Tea;2,5;2024-01-02\r\n"
                                   "2;\"Cof;fee\";3;2024-01-03\r\n"
                                   "3;;4.75;\r\n");
        auto p = previewCsv(path, 2);
        BB_VERIFY_OK(p);
        QCOMPARE(p->separator, ';');
        QVERIFY(p->hasHeader);
        QCOMPARE(p->columns, (QStringList{"id", "name", "price", "added"}));
        // "2,5" is not a number with ';' as separator: price is text.
        QCOMPARE(p->types,
                 (QList<CsvType>{CsvType::Integer, CsvType::Text, CsvType::Text, CsvType::Text}));
        QCOMPARE(p->rows.size(), 2);
        QCOMPARE(p->rows[1][1], QStringLiteral("Cof;fee"));
    }

    void headerDetection_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("header");
        QTest::newRow("names over numbers") << QByteArray("a,b\n1,2\n3,4\n") << true;
        QTest::newRow("numbers first") << QByteArray("1,2\n3,4\n") << false;
        QTest::newRow("text over text, names distinct")
            << QByteArray("city,country\nParis,France\nLyon,France\n") << true;
        QTest::newRow("text repeats below") << QByteArray("Paris,France\nLyon,France\n") << false;
        QTest::newRow("empty name") << QByteArray("a,\nx,y\n") << false;
    }
    void headerDetection()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, header);
        auto p = previewCsv(write(text));
        BB_VERIFY_OK(p);
        QCOMPARE(p->hasHeader, header);
        if (!header)
            QCOMPARE(p->columns.first(), QStringLiteral("column1"));
    }

    void intoNewTable()
    {
        const QString path = write("id,name,score,note\n1,Ann,9.5,\"multi\nline\"\n2,Bob,7,\n"
                                   "3,\"O'Neil\",8.25,x\n");
        auto p = previewCsv(path);
        QVERIFY(p.ok());
        CsvImportOptions o;
        o.path = path;
        o.separator = p->separator;
        o.hasHeader = p->hasHeader;
        o.table = "people";
        o.columns = p->columns;
        o.types = p->types;
        TransferControl control;
        auto r = importCsv(*m_db, o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(r->rows, 3);
        QCOMPARE(control.rows.load(), 3);
        QCOMPARE(control.bytes.load(), QFile(path).size());
        QCOMPARE(value("SELECT typeof(id) || typeof(score) FROM people WHERE id = 2"),
                 QVariant("integerreal"));
        QCOMPARE(value("SELECT note FROM people WHERE id = 1"), QVariant("multi\nline"));
        QVERIFY(value("SELECT note FROM people WHERE id = 2").isNull()); // empty is NULL
        QCOMPARE(value("SELECT name FROM people WHERE id = 3"), QVariant("O'Neil"));
        QVERIFY(m_db->schema()->table(u"people")); // schema reloaded
    }

    void intoExistingTableByName()
    {
        QVERIFY(m_db->write<bool>(
                        [&](QSqlDatabase &c) -> bb::Result<bool> {
                            auto r = m_db->exec(c, "CREATE TABLE items (id INTEGER PRIMARY KEY, "
                                                   "label TEXT NOT NULL, qty INTEGER)");
                            if (!r)
                                return r.error();
                            return true;
                        },
                        false)
                    .ok());
        CsvImportOptions o;
        o.path = write("qty,ignored,label\n5,zzz,apple\n6,zzz,pear\n");
        o.table = "items";
        o.createTable = false;
        o.columns = {"qty", "", "label"}; // the middle CSV column is skipped
        TransferControl control;
        auto r = importCsv(*m_db, o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(value("SELECT group_concat(label || ':' || qty, ',') FROM items"),
                 QVariant("apple:5,pear:6"));

        o.columns = {"qty", "", "nope"};
        auto bad = importCsv(*m_db, o, control);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().message, QStringLiteral("table items has no column 'nope'"));
    }

    void mapsByNameAndRefusesUnmappedRequiredColumns()
    {
        QVERIFY(m_db->write<bool>(
                        [&](QSqlDatabase &c) -> bb::Result<bool> {
                            auto r = m_db->exec(c, "CREATE TABLE stock (id INTEGER PRIMARY KEY, "
                                                   "sku TEXT NOT NULL, Label TEXT NOT NULL, "
                                                   "qty INTEGER NOT NULL DEFAULT 0, note TEXT)");
                            if (!r)
                                return r.error();
                            return true;
                        },
                        false)
                    .ok());
        BB_VERIFY_OK(m_db->reloadSchema());
        const bb::store::Table *stock = m_db->schema()->table(u"stock");
        QVERIFY(stock);
        // Case-insensitive, spaces ignored, each table column once, unknown names skipped.
        QCOMPARE(mapCsvColumnsByName({"LABEL", " Sku ", "colour", "label"}, *stock),
                 QStringList({"Label", "sku", "", ""}));
        QCOMPARE(mapCsvColumnsByPosition(6, *stock),
                 QStringList({"id", "sku", "Label", "qty", "note", ""}));
        // id is the rowid alias and qty has a default: only sku and Label are required.
        QCOMPARE(unmappedRequiredColumns(*stock, {"note"}), QStringList({"sku", "Label"}));
        QCOMPARE(unmappedRequiredColumns(*stock, {"SKU", "label"}), QStringList());
        QCOMPARE(csvMappingProblem(*stock, {"sku", "note"}),
                 QStringLiteral("column Label of stock is NOT NULL without a default: map a CSV "
                                "column to it"));
        QCOMPARE(csvMappingProblem(*stock, {"note", ""}),
                 QStringLiteral("columns sku, Label of stock are NOT NULL without a default: map "
                                "a CSV column to each"));
        QCOMPARE(csvMappingProblem(*stock, {"sku", "SKU", "label"}),
                 QStringLiteral("column sku of stock gets two CSV columns (the second is CSV "
                                "column 2)"));
        QCOMPARE(csvMappingProblem(*stock, {"", ""}),
                 QStringLiteral("no CSV column is mapped to a column of stock"));
        QCOMPARE(csvMappingProblem(*stock, {"sku", "label", "qty"}), QString());

        // The import itself: header names in another case and order.
        CsvImportOptions o;
        o.path = write("LABEL,Colour,SKU\napple,red,A1\npear,green,P2\n");
        o.table = "stock";
        o.createTable = false;
        o.columns = {"LABEL", "", "SKU"};
        TransferControl control;
        auto r = importCsv(*m_db, o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(value("SELECT group_concat(sku || '=' || Label || ':' || qty, ',') FROM stock"),
                 QVariant("A1=apple:0,P2=pear:0"));

        // A required column left unmapped is refused before any row is written.
        o.columns = {"", "note", "sku"};
        auto refused = importCsv(*m_db, o, control);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().message,
                 QStringLiteral("column Label of stock is NOT NULL without a default: map a CSV "
                                "column to it"));
        QCOMPARE(value("SELECT count(*) FROM stock"), QVariant(2));

        // A column added after the last schema read is known too (the import re-reads it).
        QVERIFY(m_db->write<bool>(
                        [&](QSqlDatabase &c) -> bb::Result<bool> {
                            auto r = m_db->exec(c, "ALTER TABLE stock ADD COLUMN colour TEXT NOT "
                                                   "NULL DEFAULT ''");
                            if (!r)
                                return r.error();
                            return true;
                        },
                        false)
                    .ok());
        o.columns = {"label", "colour", "sku"};
        BB_VERIFY_OK(importCsv(*m_db, o, control));
        QCOMPARE(value("SELECT colour FROM stock WHERE sku = 'P2' AND colour != ''"),
                 QVariant("green"));
    }

    void byPosition()
    {
        CsvImportOptions o;
        o.path = write("10,ten,1\n11,eleven,2\n");
        o.hasHeader = false;
        o.table = "items";
        o.createTable = false;
        o.mapByPosition = true;
        TransferControl control;
        auto r = importCsv(*m_db, o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(value("SELECT label FROM items WHERE id = 11"), QVariant("eleven"));
    }

    void failingRowRollsBackEverything()
    {
        const int before = value("SELECT count(*) FROM items").toInt();
        CsvImportOptions o;
        // Line 5 (a blank line counts) violates NOT NULL on label: nothing may remain.
        o.path = write("id,label,qty\n100,a,1\n\n101,b,2\n102,,3\n103,d,4\n");
        o.table = "items";
        o.createTable = false;
        o.columns = {"id", "label", "qty"};
        TransferControl control;
        auto r = importCsv(*m_db, o, control);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.startsWith("line 5:"), qPrintable(r.error().message));
        QVERIFY2(r.error().message.contains("NOT NULL"), qPrintable(r.error().message));
        QCOMPARE(value("SELECT count(*) FROM items").toInt(), before);

        // A new table is rolled back with its rows.
        o.path = write("a,b\n1,2\n3\n");
        o.table = "ragged";
        o.createTable = true;
        o.columns = {"a", "b"};
        o.types = {CsvType::Integer, CsvType::Integer};
        auto ragged = importCsv(*m_db, o, control);
        QVERIFY(!ragged.ok());
        QCOMPARE(ragged.error().message, QStringLiteral("line 3: expected 2 fields, found 1"));
        QVERIFY(!tableExists("ragged"));

        // Malformed CSV names line and column, and also leaves nothing.
        o.path = write("a,b\n1,2\n3,x\"y\n");
        o.table = "malformed";
        auto malformed = importCsv(*m_db, o, control);
        QVERIFY(!malformed.ok());
        QVERIFY2(malformed.error().message.startsWith("line 3, column 4"),
                 qPrintable(malformed.error().message));
        QVERIFY(!tableExists("malformed"));
    }

    void cancelRollsBack()
    {
        QByteArray big = "n,text\n";
        for (int i = 0; i < 200000; ++i)
            big += QByteArray::number(i) + ",row " + QByteArray::number(i) + "\n";
        CsvImportOptions o;
        o.path = write(big);
        o.table = "big";
        o.columns = {"n", "text"};
        o.types = {CsvType::Integer, CsvType::Text};
        TransferJob job([db = m_db, o](TransferControl &c) { return importCsv(*db, o, c); },
                        nullptr, 10);
        QSignalSpy progress(&job, &TransferJob::progress);
        QSignalSpy finished(&job, &TransferJob::finished);
        QTRY_VERIFY_WITH_TIMEOUT(job.control().rows.load() > 1000, 20000);
        job.cancel();
        QVERIFY(finished.wait(20000) || finished.size() == 1);
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][0].toBool(), false); // not ok
        QCOMPARE(finished[0][1].toBool(), true);  // cancelled
        QVERIFY(!progress.isEmpty());
        QVERIFY(!tableExists("big"));
    }

    // Figures for docs/dbx.md: 100,000 rows through import and back out as CSV.
    void throughput()
    {
        QByteArray text = "id,name,price\n";
        for (int i = 0; i < 100000; ++i)
            text += QByteArray::number(i) + ",name " + QByteArray::number(i) + "," +
                    QByteArray::number(i * 0.25) + "\n";
        CsvImportOptions o;
        o.path = write(text);
        o.table = "bulk";
        o.columns = {"id", "name", "price"};
        o.types = {CsvType::Integer, CsvType::Text, CsvType::Real};
        TransferControl control;
        QElapsedTimer t;
        t.start();
        auto r = importCsv(*m_db, o, control);
        BB_VERIFY_OK(r);
        const qint64 importMs = std::max<qint64>(1, t.elapsed());
        QCOMPARE(value("SELECT count(*) FROM bulk").toInt(), 100000);
        ExportOptions e;
        e.path = m_dir.filePath("bulk-out.csv");
        e.table = "bulk";
        TransferControl c2;
        t.restart();
        auto x = exportData(*m_db, e, c2);
        BB_VERIFY_OK(x);
        const qint64 exportMs = std::max<qint64>(1, t.elapsed());
        QCOMPARE(x->rows, 100000);
        qInfo("SQLite: import %lld rows/s (%.1f MB in %lld ms), export %lld rows/s",
              100000 * 1000 / importMs, text.size() / 1e6, importMs, 100000 * 1000 / exportMs);
    }

    void jobCompletes()
    {
        CsvImportOptions o;
        o.path = write("x\n1\n2\n3\n");
        o.table = "small";
        o.columns = {"x"};
        o.types = {CsvType::Integer};
        TransferJob job([db = m_db, o](TransferControl &c) { return importCsv(*db, o, c); });
        QSignalSpy finished(&job, &TransferJob::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished[0][0].toBool(), true);
        QCOMPARE(finished[0][2].toLongLong(), 3);
        QCOMPARE(value("SELECT sum(x) FROM small").toInt(), 6);
    }
};

QTEST_GUILESS_MAIN(TstCsvImport)
#include "tst_csv_import.moc"
