// The Database panel's dialogs, offscreen: the value viewer's hex and JSON forms, CSV import into
// a new table with the types picked in the preview, export of a table and of a query's result, and
// the connection dialog's "Test connection" showing the driver's own error.
#include "connection_dialog.h"
#include "export_dialog.h"
#include "import_dialog.h"
#include "tst_database_support.h"
#include "value_viewer.h"

#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QTableWidget>

using namespace bb::plugins::database;

class TstDatabaseDialogs : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void valueViewerShowsHexAndJson();
    void importsCsvIntoANewTable();
    void importsIntoAnExistingTableByName();
    void exportsATableAndAResult();
    void testConnectionShowsTheDriversError();

private:
    QTemporaryDir m_dir;
    QString m_file;
};

void TstDatabaseDialogs::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = QDir(m_dir.path()).filePath(QStringLiteral("dialogs.db"));
    QCOMPARE(bbtest::makeSqlite(m_file, {QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, "
                                                        "name TEXT, price REAL)"),
                                         QStringLiteral("INSERT INTO t VALUES (1, 'a,b', 1.5), "
                                                        "(2, NULL, 2)")}),
             QString());
}

void TstDatabaseDialogs::valueViewerShowsHexAndJson()
{
    QCOMPARE(ValueViewer::hexDump(QByteArray("AB\x00\xff", 4)),
             QStringLiteral("00000000  41 42 00 ff") + QString(1 + 12 * 3 + 1, QLatin1Char(' ')) +
                 QStringLiteral(" AB..\n"));
    QCOMPARE(ValueViewer::prettyJson("{\"a\":[1,2]}"),
             QStringLiteral("{\n    \"a\": [\n        1,\n        2\n    ]\n}\n"));
    QVERIFY(ValueViewer::prettyJson("not json").isEmpty());
    ValueViewer blob(QStringLiteral("b"), QByteArray("\x01\x02", 2));
    QCOMPARE(blob.mode(), ValueViewer::Mode::Hex);
    QVERIFY(blob.shownText().startsWith(QStringLiteral("00000000  01 02")));
    ValueViewer json(QStringLiteral("j"), QStringLiteral("{\"k\":1}"));
    QCOMPARE(json.mode(), ValueViewer::Mode::Json);
    QVERIFY(json.shownText().contains(QStringLiteral("\"k\": 1")));
}

void TstDatabaseDialogs::importsCsvIntoANewTable()
{
    const QString csv = QDir(m_dir.path()).filePath(QStringLiteral("people.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("name;age;score\nAda;36;1.5\nLinus;28;2.25\n\"Grace; Hopper\";45;3\n");
    f.close();
    auto db = bb::store::Database::open(QStringLiteral("sqlite:") + m_file);
    QVERIFY(db);
    ImportDialog dialog(*db, {*(*db)->schema()->table(u"t")}, {});
    dialog.setFile(csv);
    QCOMPARE(dialog.preview()->columnCount(), 3);
    QCOMPARE(dialog.preview()->rowCount(), 4); // the type row and three rows
    QCOMPARE(dialog.preview()->item(3, 0)->text(), QStringLiteral("Grace; Hopper"));
    auto *age = qobject_cast<QComboBox *>(dialog.preview()->cellWidget(0, 1));
    QVERIFY(age);
    QCOMPARE(age->currentText(), QStringLiteral("INTEGER"));
    // The user makes "age" text.
    age->setCurrentText(QStringLiteral("TEXT"));
    QCOMPARE(dialog.preview()->horizontalHeaderItem(0)->text(), QStringLiteral("name"));
    dialog.setNewTable(QStringLiteral("people"));
    QSignalSpy done(&dialog, &ImportDialog::done);
    dialog.start();
    QVERIFY(done.wait(10000));
    QVERIFY2(done.first().at(0).toBool(), qPrintable(dialog.statusText()));
    (*db)->close();
    QCOMPARE(bbtest::scalar(m_file, QStringLiteral("SELECT count(*) FROM people")).toInt(), 3);
    QCOMPARE(
        bbtest::scalar(m_file, QStringLiteral("SELECT typeof(age) FROM people LIMIT 1")).toString(),
        QStringLiteral("text"));
    QCOMPARE(bbtest::scalar(m_file, QStringLiteral("SELECT typeof(score) FROM people LIMIT 1"))
                 .toString(),
             QStringLiteral("real"));
}

void TstDatabaseDialogs::importsIntoAnExistingTableByName()
{
    const QString file = QDir(m_dir.path()).filePath(QStringLiteral("mapping.db"));
    QCOMPARE(bbtest::makeSqlite(file, {QStringLiteral("CREATE TABLE stock (id INTEGER PRIMARY KEY, "
                                                      "sku TEXT NOT NULL, label TEXT NOT NULL, "
                                                      "note TEXT)")}),
             QString());
    const QString csv = QDir(m_dir.path()).filePath(QStringLiteral("stock.csv"));
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    // Another order and case than the table, and a column the table lacks.
    f.write("Label,colour,SKU\napple,red,A1\npear,green,P2\n");
    f.close();
    auto db = bb::store::Database::open(QStringLiteral("sqlite:") + file);
    QVERIFY(db);
    ImportDialog dialog(*db, {*(*db)->schema()->table(u"stock")}, QStringLiteral("stock"));
    dialog.setFile(csv);
    QCOMPARE(dialog.mapping(),
             QStringList({QStringLiteral("label"), QString(), QStringLiteral("sku")}));
    QComboBox *first = dialog.columnCombo(0);
    QVERIFY(first);
    QCOMPARE(first->currentText(), QStringLiteral("label (required)"));
    QCOMPARE(dialog.columnCombo(1)->currentText(), QStringLiteral("(skip)"));
    QVERIFY(dialog.statusText().isEmpty());

    // The user sends "Label" to note instead: label is left out, and the import is refused.
    first->setCurrentIndex(first->findData(QStringLiteral("note")));
    const QString refusal = QStringLiteral(
        "column label of stock is NOT NULL without a default: map a CSV column to it");
    QCOMPARE(dialog.statusText(), refusal); // shown while choosing
    QSignalSpy done(&dialog, &ImportDialog::done);
    dialog.start();
    QVERIFY(!dialog.isRunning());
    QCOMPARE(dialog.statusText(), QStringLiteral("Cannot import: ") + refusal);
    QCOMPARE(done.count(), 0);

    // colour goes to label, Label to note: imports.
    dialog.columnCombo(1)->setCurrentIndex(
        dialog.columnCombo(1)->findData(QStringLiteral("label")));
    QVERIFY(dialog.statusText().isEmpty());
    dialog.start();
    QVERIFY(done.wait(10000));
    QVERIFY2(done.first().at(0).toBool(), qPrintable(dialog.statusText()));
    (*db)->close();
    QCOMPARE(
        bbtest::scalar(file, QStringLiteral("SELECT group_concat(sku || ':' || label || ':' || "
                                            "note, ',') FROM stock"))
            .toString(),
        QStringLiteral("A1:red:apple,P2:green:pear"));

    // Without a header the columns map by position.
    auto again = bb::store::Database::open(QStringLiteral("sqlite:") + file);
    QVERIFY(again);
    ImportDialog positional(*again, {*(*again)->schema()->table(u"stock")},
                            QStringLiteral("stock"));
    positional.setFile(csv);
    positional.setHasHeader(false);
    QCOMPARE(positional.mapping(),
             QStringList({QStringLiteral("id"), QStringLiteral("sku"), QStringLiteral("label")}));
    (*again)->close();
}

void TstDatabaseDialogs::exportsATableAndAResult()
{
    auto db = bb::store::Database::open(QStringLiteral("sqlite:") + m_file);
    QVERIFY(db);
    const QString out = QDir(m_dir.path()).filePath(QStringLiteral("t.csv"));
    {
        ExportDialog dialog(*db, QStringLiteral("t"), {});
        dialog.setPath(out);
        QSignalSpy done(&dialog, &ExportDialog::done);
        dialog.start();
        QVERIFY(done.wait(10000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(dialog.statusText()));
    }
    QFile csv(out);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QByteArray text = csv.readAll();
    QVERIFY2(text.startsWith("id,name,price"), text.constData());
    QVERIFY(text.contains("\"a,b\""));
    const QString json = QDir(m_dir.path()).filePath(QStringLiteral("result.json"));
    {
        ExportDialog dialog(*db, {}, QStringLiteral("SELECT id FROM t WHERE name IS NULL"));
        dialog.setFormat(1);
        dialog.setPath(json);
        QSignalSpy done(&dialog, &ExportDialog::done);
        dialog.start();
        QVERIFY(done.wait(10000));
        QVERIFY2(done.first().at(0).toBool(), qPrintable(dialog.statusText()));
    }
    QFile j(json);
    QVERIFY(j.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(j.readAll()).array().size(), 1);
    (*db)->close();
}

void TstDatabaseDialogs::testConnectionShowsTheDriversError()
{
    auto profile = bb::dbx::ConnectionProfile::make(bb::dbx::Driver::Sqlite, QStringLiteral("x"));
    profile.path = QDir(m_dir.path()).filePath(QStringLiteral("missing/none.db"));
    ConnectionDialog dialog(profile, nullptr);
    dialog.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.testResult() != QStringLiteral("Connecting…"), 10000);
    QVERIFY(!dialog.testResult().startsWith(QStringLiteral("Connected")));
    QVERIFY(!dialog.testResult().isEmpty());
    // A good file connects and names the server.
    profile.path = m_file;
    ConnectionDialog good(profile, nullptr);
    good.testConnection();
    QTRY_VERIFY_WITH_TIMEOUT(good.testResult().startsWith(QStringLiteral("Connected: SQLite")),
                             10000);
    QCOMPARE(good.profile().path, m_file);
}

QTEST_MAIN(TstDatabaseDialogs)
#include "tst_database_dialogs.moc"
