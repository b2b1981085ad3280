// EditBuffer on SQLite and PostgreSQL: the exact preview SQL, a batch whose middle statement
// breaks a constraint applies nothing and names the row, every constraint kind is attributed,
// read-only tables say why, the grid shows staged rows through TableModel's roles, and an apply
// re-reads the rows.
#include "dbx/edit_buffer.h"
#include "dbx/row_source.h"
#include "dbx/table_model.h"
#include "store_test_support.h"
#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace bb;
using namespace bb::dbx;

namespace {

bool fetch(RowSource &src, qint64 first, qint64 last, int ms = 10000)
{
    src.requestRows(first, last);
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < ms) {
        if (src.row(first) && src.row(last))
            return true;
        QTest::qWait(5);
    }
    return false;
}

// The cached row whose key is `key` (rows 0..n-1 are loaded by the caller).
const Row *rowWithKey(RowSource &src, qint64 key)
{
    for (qint64 r = 0; r < src.rowCount(); ++r) {
        const Row *row = src.row(r);
        if (row && row->key.toLongLong() == key)
            return row;
    }
    return nullptr;
}

QString mysqlSkipReason()
{
    QString reason = QStringLiteral("BB_TEST_MYSQL_URL is not set");
    if (const QString why = qEnvironmentVariable("BB_TEST_MYSQL_SKIP"); !why.isEmpty())
        reason += QStringLiteral(" (BB_TEST_MYSQL_SKIP: %1)").arg(why);
    return reason;
}

bool applyAndWait(EditBuffer &buffer, ApplyResult &result)
{
    QSignalSpy spy(&buffer, &EditBuffer::applied);
    buffer.apply();
    if (!spy.wait(15000))
        return false;
    result = spy.at(0).at(0).value<ApplyResult>();
    return true;
}

} // namespace

// Opens the backend of the current data row, skipping when PostgreSQL is not configured.
#define OPEN(backend)                                                                              \
    do {                                                                                           \
        if (!setUp(backend)) {                                                                     \
            if (!m_backend->skipReason().isEmpty())                                                \
                QSKIP(qPrintable(m_backend->skipReason()));                                        \
            QFAIL(qPrintable(                                                                      \
                QStringLiteral("setting up %1 failed: %2").arg(backend, m_backend->error())));     \
        }                                                                                          \
    } while (false)

class TestEditBuffer : public QObject {
    Q_OBJECT
    std::unique_ptr<store::test::TestBackend> m_backend;
    std::unique_ptr<RowSource> m_source;
    bool m_pg = false;
    bool m_mysql = false;
    QString m_suffix;
    QString m_error;

    // A fresh `items` table of five rows under a `parent` row, and a source over it. MySQL has
    // one shared test database: the tables get this process's suffix there.
    bool setUp(const QString &backend)
    {
        m_source.reset();
        m_backend = std::make_unique<store::test::TestBackend>();
        m_pg = backend == QLatin1String("postgres");
        m_mysql = backend == QLatin1String("mysql");
        m_suffix =
            m_mysql ? QStringLiteral("_d2e%1").arg(QCoreApplication::applicationPid()) : QString();
        if (m_mysql) {
            auto db = store::Database::open(qEnvironmentVariable("BB_TEST_MYSQL_URL"));
            if (!db) {
                m_error = db.error().message;
                return false;
            }
            m_backend->adopt(*db);
            dropMysqlTables();
        } else if (!m_backend->open(backend)) {
            m_error = m_backend->error();
            return false;
        }
        const QString id = m_pg || m_mysql ? QStringLiteral("BIGINT") : QStringLiteral("INTEGER");
        const QString serial = m_pg      ? QStringLiteral("BIGSERIAL PRIMARY KEY")
                               : m_mysql ? QStringLiteral("BIGINT AUTO_INCREMENT PRIMARY KEY")
                                         : QStringLiteral("INTEGER PRIMARY KEY");
        bool ok =
            run(QStringLiteral("CREATE TABLE {parent} (id %1 PRIMARY KEY, name TEXT)").arg(id)) &&
            run(QStringLiteral("INSERT INTO {parent} VALUES (1, 'p')")) &&
            run(QStringLiteral("CREATE TABLE {items} (id %1, name TEXT NOT NULL, qty INTEGER "
                               "CHECK (qty >= 0), code VARCHAR(50) UNIQUE, parent_id %2, FOREIGN "
                               "KEY (parent_id) REFERENCES {parent} (id))")
                    .arg(serial, id));
        for (int i = 1; ok && i <= 5; ++i)
            ok = run(QStringLiteral("INSERT INTO {items} (name, qty, code, parent_id) "
                                    "VALUES ('n%1', %1, 'c%1', 1)")
                         .arg(i));
        ok = ok && run(QStringLiteral("CREATE VIEW {view} AS SELECT * FROM {items} WHERE qty > 2"));
        if (m_pg || m_mysql)
            ok = ok && run(QStringLiteral("CREATE TABLE {keyless} (a INTEGER, b TEXT)"));
        else
            ok = ok && run(QStringLiteral("CREATE TABLE {keyless} (a INTEGER, b INTEGER, "
                                          "PRIMARY KEY (a, b)) WITHOUT ROWID"));
        if (!ok || !m_backend->db().reloadSchema()) {
            m_error = QStringLiteral("creating the tables failed (see the warnings)");
            return false;
        }
        auto src = RowSource::open(m_backend->shared(), name("items"));
        if (!src) {
            m_error = src.error().message;
            return false;
        }
        m_source = std::move(*src);
        if (!fetch(*m_source, 0, 4)) {
            m_error = QStringLiteral("the rows did not arrive");
            return false;
        }
        return true;
    }

    // The test's own name for a table: {items} {parent} {view} {keyless}.
    QString name(const char *table) const
    {
        static const QHash<QString, QString> base{{"items", "items"},
                                                  {"parent", "parent"},
                                                  {"view", "big_items"},
                                                  {"keyless", "keyless"}};
        return base.value(QLatin1String(table)) + m_suffix;
    }
    QString sql(QString text) const
    {
        for (const char *t : {"items", "parent", "view", "keyless"})
            text.replace(QStringLiteral("{%1}").arg(QLatin1String(t)), name(t));
        return text;
    }
    bool run(const QString &text) { return m_backend->run(sql(text)); }
    QVariant value(const QString &text) { return m_backend->value(sql(text)); }

    void dropMysqlTables()
    {
        run(QStringLiteral("DROP VIEW IF EXISTS {view}"));
        run(QStringLiteral("DROP TABLE IF EXISTS {items}, {parent}, {keyless}"));
    }

    qint64 count(const QString &where = {})
    {
        return value(QStringLiteral("SELECT count(*) FROM {items}") +
                     (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where))
            .toLongLong();
    }

private slots:
    void cleanup()
    {
        m_source.reset();
        if (m_mysql && m_backend)
            dropMysqlTables();
        m_backend.reset();
        m_mysql = false;
    }

    void previewSql_data() { backends(); }
    void previewSql()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        EditBuffer buffer(m_source.get());
        QVERIFY(!buffer.isReadOnly());
        const Row *two = rowWithKey(*m_source, 2);
        QVERIFY(two);
        QVERIFY(buffer.stageEdit(*two, 1, QStringLiteral("it's")).ok());
        QVERIFY(buffer.stageEdit(*two, 2, QStringLiteral(" 7 ")).ok()); // typed text, INTEGER
        QVERIFY(buffer.stageDelete(*rowWithKey(*m_source, 5)).ok());
        auto ins = buffer.stageInsert({{1, QStringLiteral("new")}, {3, QVariant()}});
        QVERIFY(ins.ok());
        QCOMPARE(*ins, 0);
        const QString key = m_pg || m_mysql ? QStringLiteral("\"id\"") : QStringLiteral("rowid");
        const QString expected =
            QStringLiteral("DELETE FROM \"%2\" WHERE %1 = 5;\n"
                           "UPDATE \"%2\" SET \"name\" = 'it''s', \"qty\" = 7 WHERE %1 = 2;\n"
                           "INSERT INTO \"%2\" (\"name\", \"code\") VALUES ('new', NULL);\n")
                .arg(key, name("items"));
        QCOMPARE(buffer.previewSql(), expected);
        // The bound statement carries the converted value, not the typed text.
        const auto changes = buffer.changes();
        QCOMPARE(changes.size(), 3);
        QCOMPARE(changes[1].statement.params.at(1).typeId(), int(QMetaType::LongLong));
        // Setting a cell back to what it was unstages it.
        QVERIFY(buffer.stageEdit(*two, 1, QStringLiteral("n2")).ok());
        QVERIFY(buffer.stageEdit(*two, 2, 2).ok());
        QCOMPARE(buffer.stateOf(two->key), RowState::Unchanged);
        buffer.revert();
        QVERIFY(!buffer.hasChanges());
        QCOMPARE(buffer.previewSql(), QString());
    }

    void failingConstraintInTheMiddleAppliesNothing_data() { backends(); }
    void failingConstraintInTheMiddleAppliesNothing()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        TableModel model(m_source.get());
        EditBuffer buffer(m_source.get());
        model.setEditBuffer(&buffer);
        model.setVisibleRange(0, 10);
        const Row *one = rowWithKey(*m_source, 1);
        const Row *two = rowWithKey(*m_source, 2);
        QVERIFY(buffer.stageEdit(*one, 1, QStringLiteral("changed")).ok());
        QVERIFY(buffer.stageEdit(*two, 3, QStringLiteral("c3")).ok()); // UNIQUE: row 3 has it
        QVERIFY(buffer.stageInsert({{1, QStringLiteral("fresh")}, {2, 1}}).ok());
        QCOMPARE(buffer.changes().size(), 3);

        ApplyResult result;
        QVERIFY(applyAndWait(buffer, result));
        QVERIFY(!result.ok);
        QCOMPARE(result.error.change, 1);
        QCOMPARE(result.error.kind, StagedChange::Kind::Update);
        QCOMPARE(result.error.key.toLongLong(), 2);
        QCOMPARE(result.error.constraint, QStringLiteral("unique"));
        QVERIFY(!result.error.message.isEmpty());
        QCOMPARE(result.error.columns, QStringList{QStringLiteral("code")});
        QCOMPARE(result.error.code, m_pg      ? QStringLiteral("23505")
                                    : m_mysql ? QStringLiteral("1062")
                                              : QStringLiteral("2067")); // SQLITE_CONSTRAINT_UNIQUE
        // Nothing is half-applied: the first update and the insert are not in the table.
        QCOMPARE(value(QStringLiteral("SELECT name FROM {items} WHERE id = 1")),
                 QVariant(QStringLiteral("n1")));
        QCOMPARE(count(), qint64(5));
        // The changes stay staged, the failing row carries the message.
        QVERIFY(buffer.hasChanges());
        QCOMPARE(buffer.errorFor(two->key), result.error.message);
        QVERIFY(buffer.errorFor(one->key).isEmpty());
        const int modelRow = 1 /* the new row */ + 1 /* key 2 is the second source row */;
        QCOMPARE(model.index(modelRow, 0).data(TableModel::RowErrorRole).toString(),
                 result.error.message);
        QCOMPARE(model.index(modelRow, 0).data(TableModel::KeyRole).toLongLong(), qint64(2));

        // Fixed (the cell set back), the batch goes through and the rows are re-read.
        QVERIFY(buffer.stageEdit(*rowWithKey(*m_source, 2), 3, QStringLiteral("c2")).ok());
        QVERIFY(applyAndWait(buffer, result));
        QVERIFY2(result.ok, qPrintable(result.error.message));
        QCOMPARE(result.statements, 2);
        QVERIFY(!buffer.hasChanges());
        QCOMPARE(model.insertedRows(), 0);
        // The count shown stays until the fresh exact count replaces it.
        QTRY_COMPARE_WITH_TIMEOUT(m_source->rowCount(), qint64(6), 10000);
        QVERIFY(m_source->countIsExact());
        QCOMPARE(model.rowCount(), 6);
        QVERIFY(fetch(*m_source, 0, 5));
        QCOMPARE(rowWithKey(*m_source, 1)->values.at(1), QVariant(QStringLiteral("changed")));
        QCOMPARE(m_source->row(5)->values.at(1), QVariant(QStringLiteral("fresh")));
    }

    void everyConstraintKindAttributed_data()
    {
        QTest::addColumn<QString>("backend");
        QTest::addColumn<int>("column");
        QTest::addColumn<QVariant>("value");
        QTest::addColumn<QString>("kind");
        for (const QString b :
             {QStringLiteral("sqlite"), QStringLiteral("postgres"), QStringLiteral("mysql")}) {
            QTest::addRow("%s not null", qPrintable(b)) << b << 1 << QVariant() << "not null";
            QTest::addRow("%s check", qPrintable(b)) << b << 2 << QVariant(-1) << "check";
            QTest::addRow("%s unique", qPrintable(b))
                << b << 3 << QVariant(QStringLiteral("c1")) << "unique";
            QTest::addRow("%s foreign key", qPrintable(b))
                << b << 4 << QVariant(99) << "foreign key";
        }
    }
    void everyConstraintKindAttributed()
    {
        QFETCH(QString, backend);
        QFETCH(int, column);
        QFETCH(QVariant, value);
        QFETCH(QString, kind);
        OPEN(backend);
        EditBuffer buffer(m_source.get());
        // An edit of row 4 and, after it, the same value in a new row: both fail alike, the
        // update comes first (inserts run last) and is the one blamed.
        QVERIFY(buffer.stageDelete(*rowWithKey(*m_source, 5)).ok());
        QVERIFY(buffer.stageEdit(*rowWithKey(*m_source, 4), column, value).ok());
        ApplyResult result;
        QVERIFY(applyAndWait(buffer, result));
        QVERIFY(!result.ok);
        QCOMPARE(result.error.change, 1);
        QCOMPARE(result.error.key.toLongLong(), qint64(4));
        QCOMPARE(result.error.constraint, kind);
        QCOMPARE(count(), qint64(5)); // the delete before it was rolled back
        buffer.revert();

        QMap<int, QVariant> values{{1, QStringLiteral("x")}, {2, 1}};
        values.insert(column, value);
        auto at = buffer.stageInsert(values);
        QVERIFY(at.ok());
        QVERIFY(applyAndWait(buffer, result));
        QVERIFY(!result.ok);
        QCOMPARE(result.error.kind, StagedChange::Kind::Insert);
        QCOMPARE(result.error.insertIndex, 0);
        QCOMPARE(result.error.constraint, kind);
        QCOMPARE(buffer.insertError(0), result.error.message);
        QCOMPARE(count(), qint64(5));
    }

    void largeBatchInOneTransaction_data() { backends(); }
    void largeBatchInOneTransaction()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        EditBuffer buffer(m_source.get());
        for (int i = 0; i < 1000; ++i)
            QVERIFY(buffer.stageInsert({{1, QStringLiteral("bulk %1").arg(i)}, {2, i}}).ok());
        QVERIFY(buffer.stageEdit(*rowWithKey(*m_source, 1), 2, 100).ok());
        ApplyResult result;
        QVERIFY(applyAndWait(buffer, result));
        QVERIFY2(result.ok, qPrintable(result.error.message));
        QCOMPARE(result.statements, 1001);
        qInfo("1,001 staged statements applied in %.1f ms", result.durationMs);
        QCOMPARE(count(), qint64(1005));
        QTRY_COMPARE_WITH_TIMEOUT(m_source->rowCount(), qint64(1005), 10000);
    }

    void rowChangedUnderneath_data() { backends(); }
    void rowChangedUnderneath()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        EditBuffer buffer(m_source.get());
        QVERIFY(buffer.stageEdit(*rowWithKey(*m_source, 1), 1, QStringLiteral("a")).ok());
        QVERIFY(buffer.stageEdit(*rowWithKey(*m_source, 3), 1, QStringLiteral("b")).ok());
        QVERIFY(run(QStringLiteral("DELETE FROM {items} WHERE id = 3")));
        ApplyResult result;
        QVERIFY(applyAndWait(buffer, result));
        QVERIFY(!result.ok);
        QCOMPARE(result.error.change, 1);
        QVERIFY(result.error.message.contains(QLatin1String("no row with key 3")));
        QCOMPARE(value(QStringLiteral("SELECT name FROM {items} WHERE id = 1")),
                 QVariant(QStringLiteral("n1")));
    }

    void readOnlyReasons_data() { backends(); }
    void readOnlyReasons()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        auto view = RowSource::open(m_backend->shared(), name("view"));
        QVERIFY(view.ok());
        EditBuffer onView(view->get());
        QVERIFY(onView.isReadOnly());
        QVERIFY(onView.readOnlyReason().contains(name("view") + QStringLiteral(" is a view")));
        QVERIFY(fetch(**view, 0, 0));
        const auto staged = onView.stageEdit(*(*view)->row(0), 1, QStringLiteral("x"));
        QVERIFY(!staged.ok());
        QCOMPARE(staged.error().message, onView.readOnlyReason());
        QVERIFY(!onView.stageInsert().ok());

        const QString keyless = name("keyless");
        auto table = RowSource::open(m_backend->shared(), keyless);
        QVERIFY(table.ok());
        EditBuffer onTable(table->get());
        QVERIFY(onTable.isReadOnly());
        QVERIFY(onTable.readOnlyReason().contains(
            QStringLiteral("table %1 has neither a rowid nor a single-column primary key")
                .arg(keyless)));
        TableModel model(table->get());
        model.setEditBuffer(&onTable);
        QVERIFY(!model.insertRows(0, 1));
        QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsEditable));
    }

    void modelShowsStagedRows_data() { backends(); }
    void modelShowsStagedRows()
    {
        QFETCH(QString, backend);
        OPEN(backend);
        TableModel model(m_source.get());
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        EditBuffer buffer(m_source.get());
        model.setEditBuffer(&buffer);
        model.setVisibleRange(0, 10);
        QCOMPARE(model.rowCount(), 5);
        QVERIFY(model.flags(model.index(0, 1)) & Qt::ItemIsEditable);

        QVERIFY(model.insertRows(3, 1)); // always at the top
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(model.insertedRows(), 1);
        QCOMPARE(model.index(0, 0).data(TableModel::RowStateRole).toInt(), int(RowState::Inserted));
        QVERIFY(model.index(0, 1).data(TableModel::IsDefaultRole).toBool());
        QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("+"));
        QCOMPARE(model.headerData(1, Qt::Vertical).toInt(), 1);
        QVERIFY(model.setData(model.index(0, 1), QStringLiteral("brand new")));
        QCOMPARE(model.index(0, 1).data().toString(), QStringLiteral("brand new"));
        QVERIFY(model.index(0, 1).data(TableModel::CellEditedRole).toBool());

        // Source row 0 (id 1) is model row 1 now.
        QVERIFY(model.setData(model.index(1, 2), QStringLiteral("42")));
        QCOMPARE(model.index(1, 2).data().toLongLong(), qint64(42));
        QVERIFY(model.index(1, 2).data(TableModel::CellEditedRole).toBool());
        QVERIFY(!model.index(1, 1).data(TableModel::CellEditedRole).toBool());
        QCOMPARE(model.index(1, 0).data(TableModel::RowStateRole).toInt(), int(RowState::Edited));

        QVERIFY(model.removeRows(2, 1)); // source row 1, id 2
        QCOMPARE(model.rowCount(), 6);   // shown, marked, until applied
        QCOMPARE(model.index(2, 0).data(TableModel::RowStateRole).toInt(), int(RowState::Deleted));
        QVERIFY(!(model.flags(model.index(2, 1)) & Qt::ItemIsEditable));

        QVERIFY(model.removeRows(0, 1)); // the staged new row goes at once
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(buffer.insertedCount(), 0);

        buffer.revert();
        QCOMPARE(model.index(0, 2).data().toLongLong(), qint64(1));
        QCOMPARE(model.index(1, 0).data(TableModel::RowStateRole).toInt(),
                 int(RowState::Unchanged));
    }

private:
    static void backends()
    {
        store::test::addBackendColumn();
        QTest::newRow("sqlite") << QStringLiteral("sqlite");
        QTest::newRow("postgres") << QStringLiteral("postgres");
        QTest::newRow("mysql") << QStringLiteral("mysql");
    }
};

QTEST_GUILESS_MAIN(TestEditBuffer)
#include "tst_edit_buffer.moc"
