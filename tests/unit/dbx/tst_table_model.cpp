// TableModel over a RowSource: estimated count first, rows as blocks arrive, NULL as a role,
// BLOBs as their size, reset on a new sort; checked by QAbstractItemModelTester throughout.
#include "dbx/row_source.h"
#include "dbx/table_model.h"
#include "store_test_support.h"
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using namespace bb;
using namespace bb::dbx;

class TestTableModel : public QObject {
    Q_OBJECT
    store::test::TestBackend m_backend;
    std::unique_ptr<RowSource> m_source;

private slots:
    void initTestCase()
    {
        QVERIFY(m_backend.open(QStringLiteral("sqlite")));
        QVERIFY(m_backend.run(QStringLiteral(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, note TEXT, data BLOB)")));
        QVERIFY(m_backend.run(QStringLiteral(
            "INSERT INTO t WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE "
            "x < 2000) SELECT x, 'n' || x, CASE WHEN x % 2 = 0 THEN NULL ELSE '' END, "
            "zeroblob(x % 4) FROM c")));
        QVERIFY(m_backend.db().reloadSchema().ok());
        SourceOptions o;
        o.blockRows = 50;
        o.maxBlocks = 10;
        auto src = RowSource::open(m_backend.shared(), QStringLiteral("t"), o);
        QVERIFY2(src.ok(), src ? "" : qPrintable(src.error().message));
        m_source = std::move(src.value());
    }

    void rowsFillIn()
    {
        TableModel model(m_source.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 2000); // the estimate, before any row is read
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("name"));
        QCOMPARE(model.headerData(9, Qt::Vertical).toInt(), 10);
        QVERIFY(!model.data(model.index(1000, 0), TableModel::LoadedRole).toBool());
        QVERIFY(!model.data(model.index(1000, 0)).isValid());

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setVisibleRange(1000, 1060);
        QVERIFY(changed.wait(5000));
        QCOMPARE(changed.first().at(0).value<QModelIndex>().row(), 1000);
        QVERIFY(model.data(model.index(1060, 0), TableModel::LoadedRole).toBool());
        QCOMPARE(model.data(model.index(1000, 0)).toLongLong(), 1001);
        QCOMPARE(model.data(model.index(1000, 1)).toString(), QStringLiteral("n1001"));

        // Row 1001 holds id 1002: its note is NULL, unlike row 1000's empty string.
        QVERIFY(model.data(model.index(1001, 2), TableModel::IsNullRole).toBool());
        QVERIFY(!model.data(model.index(1001, 2)).isValid());
        QVERIFY(!model.data(model.index(1000, 2), TableModel::IsNullRole).toBool());
        QCOMPARE(model.data(model.index(1000, 2)).toString(), QString());
        QVERIFY(model.data(model.index(1000, 2)).isValid());

        // id 1003: zeroblob(3).
        QCOMPARE(model.data(model.index(1002, 3)).toString(), QStringLiteral("BLOB (3 bytes)"));
        QCOMPARE(model.data(model.index(1002, 3), TableModel::RawValueRole).toByteArray().size(),
                 3);
    }

    void sortResetsAndRefills()
    {
        TableModel model(m_source.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setVisibleRange(0, 20);
        QTRY_VERIFY_WITH_TIMEOUT(model.data(model.index(20, 0), TableModel::LoadedRole).toBool(),
                                 5000);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QVERIFY(m_source->setQuery(QStringLiteral("id"), false, {{"name", "n1"}}).ok());
        QCOMPARE(reset.size(), 1);
        // The visible range is asked for again: the filtered rows arrive, the count follows.
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1111, 5000); // ids starting with 1
        QTRY_VERIFY_WITH_TIMEOUT(model.data(model.index(0, 0), TableModel::LoadedRole).toBool(),
                                 5000);
        QCOMPARE(model.data(model.index(0, 0)).toLongLong(), 1999);
    }
};

QTEST_GUILESS_MAIN(TestTableModel)
#include "tst_table_model.moc"
