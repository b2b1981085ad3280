// Export on SQLite: CSV, JSON and SQL INSERTs of a table (through keyset pages) and of a query;
// round trips back through the CSV reader and by running the INSERTs; cancel leaves no file.
#include "dbx/csv_reader.h"
#include "dbx/export_data.h"
#include "dbx_test_support.h"
#include "store/database.h"
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace bb::dbx;

class TstExportData : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<bb::store::Database> m_db;

    bool run(bb::store::Database &db, const QString &sql, const QVariantList &params = {})
    {
        auto r = db.write<bool>(
            [&](QSqlDatabase &c) -> bb::Result<bool> {
                auto q = db.exec(c, sql, params);
                if (!q)
                    return q.error();
                q->finish();
                return true;
            },
            false);
        if (!r)
            qWarning("%s: %s", qPrintable(sql), qPrintable(r.error().message));
        return r.ok();
    }
    QByteArray read(const QString &path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
    }
    ExportOptions options(ExportFormat format, const QString &file)
    {
        ExportOptions o;
        o.format = format;
        o.path = m_dir.filePath(file);
        o.table = "things";
        o.pageRows = 7; // several pages for 25 rows
        return o;
    }

private slots:
    void initTestCase()
    {
        auto db = bb::store::Database::open(QStringLiteral("sqlite:") + m_dir.filePath("t.db"));
        BB_VERIFY_OK(db);
        m_db = *db;
        QVERIFY(run(*m_db, "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, price REAL, "
                           "data BLOB)"));
        for (int i = 1; i <= 25; ++i)
            QVERIFY(run(*m_db, "INSERT INTO things VALUES (?, ?, ?, ?)",
                        {i, i == 3 ? QVariant() : QVariant(QStringLiteral("item, \"%1\"").arg(i)),
                         i * 1.5, i == 5 ? QVariant(QByteArray("\x00\x01\xff", 3)) : QVariant()}));
        QVERIFY(run(*m_db, "UPDATE things SET name = 'two\nlines' WHERE id = 2"));
        QVERIFY(m_db->reloadSchema().ok());
    }
    void cleanupTestCase() { m_db->close(); }

    void csvRoundTrip()
    {
        auto o = options(ExportFormat::Csv, "things.csv");
        TransferControl control;
        auto r = exportData(*m_db, o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(r->rows, 25);
        QCOMPARE(control.rows.load(), 25);
        QFile f(o.path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(control.bytes.load(), f.size());
        CsvReader reader(&f, ',');
        QList<QStringList> rows;
        QStringList fields;
        while (*reader.next(fields))
            rows << fields;
        QCOMPARE(rows.size(), 26);
        QCOMPARE(rows[0], (QStringList{"id", "name", "price", "data"}));
        QCOMPARE(rows[1], (QStringList{"1", "item, \"1\"", "1.5", ""}));
        QCOMPARE(rows[2][1], QStringLiteral("two\nlines"));
        QCOMPARE(rows[3][1], QString());              // NULL
        QCOMPARE(rows[5][3], QStringLiteral("AAH/")); // BLOB as base64
        QCOMPARE(rows[25][0], QStringLiteral("25"));  // every page, in key order
    }

    void json()
    {
        auto o = options(ExportFormat::Json, "things.json");
        TransferControl control;
        QVERIFY(exportData(*m_db, o, control).ok());
        QJsonParseError err;
        const QJsonDocument doc = QJsonDocument::fromJson(read(o.path), &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonArray a = doc.array();
        QCOMPARE(a.size(), 25);
        QCOMPARE(a[0].toObject()["id"], QJsonValue(1));
        QCOMPARE(a[0].toObject()["price"], QJsonValue(1.5));
        QVERIFY(a[2].toObject()["name"].isNull());
        QCOMPARE(a[4].toObject()["data"], QJsonValue("AAH/"));
        QCOMPARE(a[1].toObject()["name"], QJsonValue("two\nlines"));
    }

    void sqlInsertsReproduceTheTable()
    {
        auto o = options(ExportFormat::SqlInsert, "things.sql");
        TransferControl control;
        QVERIFY(exportData(*m_db, o, control).ok());
        const QString script = QString::fromUtf8(read(o.path));
        QVERIFY(script.startsWith("INSERT INTO \"things\" (\"id\", \"name\", \"price\", \"data\") "
                                  "VALUES (1, 'item, \"1\"', 1.5, NULL);\n"));
        QVERIFY(script.contains("X'0001ff'"));

        auto copy = bb::store::Database::open(QStringLiteral("sqlite:") + m_dir.filePath("c.db"));
        QVERIFY(copy.ok());
        QVERIFY(run(**copy, "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, price REAL, "
                            "data BLOB)"));
        for (const QString &stmt : script.split(";\n", Qt::SkipEmptyParts))
            QVERIFY(run(**copy, stmt));
        QSqlDatabase a = m_db->reader();
        QSqlDatabase b = (*copy)->reader();
        const QString digest = "SELECT group_concat(id || '|' || coalesce(name, '<null>') || '|' "
                               "|| price || '|' || coalesce(hex(data), ''), ';') FROM things";
        QCOMPARE(*(*copy)->scalar(b, digest), *m_db->scalar(a, digest));
        (*copy)->close();
    }

    void queryResult()
    {
        ExportOptions o;
        o.format = ExportFormat::SqlInsert;
        o.path = m_dir.filePath("q.sql");
        o.query = "SELECT id, name AS label FROM things WHERE id IN (1, 3) ORDER BY id";
        TransferControl control;
        auto r = exportData(*m_db, o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(r->rows, 2);
        QCOMPARE(QString::fromUtf8(read(o.path)),
                 QStringLiteral("INSERT INTO \"result\" (\"id\", \"label\") VALUES (1, 'item, "
                                "\"1\"');\nINSERT INTO \"result\" (\"id\", \"label\") VALUES (3, "
                                "NULL);\n"));

        o.query = "SELECT nope FROM things";
        auto bad = exportData(*m_db, o, control);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.contains("no such column: nope"),
                 qPrintable(bad.error().message));
    }

    void offsetForViews()
    {
        QVERIFY(run(*m_db, "CREATE VIEW cheap AS SELECT id, name FROM things WHERE price < 6"));
        QVERIFY(m_db->reloadSchema().ok());
        auto o = options(ExportFormat::Csv, "view.csv");
        o.table = "cheap";
        o.pageRows = 2;
        o.header = false;
        TransferControl control;
        auto r = exportData(*m_db, o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(r->rows, 3);
    }

    void cancelLeavesNoFile()
    {
        auto o = options(ExportFormat::Csv, "cancelled.csv");
        TransferControl control;
        control.cancelled = true;
        auto r = exportData(*m_db, o, control);
        QVERIFY(!r.ok());
        QVERIFY(!QFile::exists(o.path));

        auto missing = options(ExportFormat::Csv, "missing.csv");
        missing.table = "nope";
        TransferControl c2;
        auto nf = exportData(*m_db, missing, c2);
        QVERIFY(!nf.ok());
        QCOMPARE(nf.error().message, QStringLiteral("no table or view named nope"));
        QVERIFY(!QFile::exists(missing.path));
    }

    void cancelInTheMiddle()
    {
        QVERIFY(run(*m_db, "CREATE TABLE many AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
                           "SELECT i + 1 FROM n WHERE i < 300000) SELECT i AS id, 'row ' || i AS "
                           "t FROM n"));
        QVERIFY(m_db->reloadSchema().ok());
        ExportOptions o;
        o.path = m_dir.filePath("many.json");
        o.format = ExportFormat::Json;
        o.table = "many";
        TransferJob job([db = m_db, o](TransferControl &c) { return exportData(*db, o, c); },
                        nullptr, 10);
        QSignalSpy finished(&job, &TransferJob::finished);
        QTRY_VERIFY_WITH_TIMEOUT(job.control().rows.load() > 0, 20000);
        job.cancel();
        QVERIFY(finished.wait(20000) || finished.size() == 1);
        if (finished[0][0].toBool())
            QSKIP("the export finished before the cancel arrived");
        QCOMPARE(finished[0][1].toBool(), true);
        QVERIFY(!QFile::exists(o.path));
    }
};

QTEST_GUILESS_MAIN(TstExportData)
#include "tst_export_data.moc"
