// The Database panel's table grid, offscreen: a 100k-row SQLite table scrolled to its end,
// filtered, sorted, edited and applied, and a failing apply that shows its row error and leaves
// the database untouched.
#include "cell_delegate.h"
#include "dbx/connection_profile.h"
#include "dbx/edit_buffer.h"
#include "dbx/row_source.h"
#include "dbx/table_model.h"
#include "edit_bar.h"
#include "filter_header.h"
#include "schema_tree_model.h"
#include "screenshot_scenes.h"
#include "table_tab.h"
#include "tst_database_support.h"

#include <QApplication>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTableView>
#include <QToolTip>

using namespace bb::plugins::database;

class TstDatabaseGrid : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void schemaTreeListsTablesWithEstimates();
    void scrollsToTheEndOf100kRows();
    void filterAndSort();
    void badFilterSaysWhere();
    void nullAndLongTextAreShownDistinctly();
    void editAndApply();
    void failingApplyShowsTheRowAndChangesNothing();
    void viewIsReadOnlyWithTheReason();
    void screenshotScenesBecomeReady();
    void postgresTableThroughAProfile();

private:
    void openEditable(DatabaseWidget &panel, const QString &file, const QStringList &statements,
                      const QString &table, TableTab *&tab);

    QTemporaryDir m_dir;
    QString m_file;
};

// Writes `statements` into a new SQLite `file`, opens it in the shown `panel` and `table` in
// `tab`, and waits for the table's first three rows. The caller checks QTest::currentTestFailed().
void TstDatabaseGrid::openEditable(DatabaseWidget &panel, const QString &file,
                                   const QStringList &statements, const QString &table,
                                   TableTab *&tab)
{
    QCOMPARE(bbtest::makeSqlite(file, statements), QString());
    panel.show();
    QVERIFY(bbtest::openAndWait(panel, file));
    tab = panel.openTable(table);
    QVERIFY(tab);
    QTRY_VERIFY(tab->model()->index(2, 0).data(bb::dbx::TableModel::LoadedRole).toBool());
}

void TstDatabaseGrid::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = QDir(m_dir.path()).filePath(QStringLiteral("grid.db"));
    const QString long300 = QString(300, QLatin1Char('x'));
    QCOMPARE(bbtest::makeSqlite(
                 m_file,
                 {QStringLiteral("CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)"),
                  QStringLiteral("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
                                 "WHERE i < 100000) INSERT INTO big SELECT i, 'row ' || i, i % 7 "
                                 "FROM c"),
                  QStringLiteral("CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT UNIQUE "
                                 "NOT NULL, note TEXT, pic BLOB)"),
                  QStringLiteral("INSERT INTO people VALUES (1, 'a@x.org', NULL, x'00ff10'), "
                                 "(2, 'b@x.org', '%1', NULL), (3, 'c@x.org', '', NULL)")
                      .arg(long300),
                  QStringLiteral("CREATE VIEW evens AS SELECT * FROM big WHERE id % 2 = 0")}),
             QString());
}

void TstDatabaseGrid::schemaTreeListsTablesWithEstimates()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    QVERIFY(bbtest::openAndWait(panel, m_file));
    SchemaTreeModel *model = panel.schemaModel();
    QCOMPARE(model->tableNames(), (QStringList{"big", "evens", "people"}));
    QCOMPARE(model->columnNames(QStringLiteral("BIG")), (QStringList{"id", "name", "n"}));
    const QModelIndex big = model->indexOfTable(QStringLiteral("big"));
    QVERIFY(big.isValid());
    // The estimate is the muted second column: max(rowid) for a rowid table.
    QCOMPARE(big.siblingAtColumn(1).data().toString(), SchemaTreeModel::estimateText(100000));
    QCOMPARE(
        SchemaTreeModel::Kind(
            model->indexOfTable(QStringLiteral("evens")).data(SchemaTreeModel::KindRole).toInt()),
        SchemaTreeModel::Kind::View);
}

void TstDatabaseGrid::scrollsToTheEndOf100kRows()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    panel.resize(1000, 700);
    panel.show();
    QVERIFY(bbtest::openAndWait(panel, m_file));
    TableTab *tab = panel.openTable(QStringLiteral("big"));
    QVERIFY(tab);
    QTRY_COMPARE(tab->model()->rowCount(), 100000);
    QVERIFY(tab->statusText().contains(QStringLiteral("100")));
    tab->view()->scrollToBottom();
    const QModelIndex last = tab->model()->index(99999, 0);
    QTRY_VERIFY_WITH_TIMEOUT(last.data(bb::dbx::TableModel::LoadedRole).toBool(), 10000);
    QCOMPARE(last.data(bb::dbx::TableModel::RawValueRole).toLongLong(), 100000);
    QCOMPARE(tab->model()->headerData(99999, Qt::Vertical).toInt(), 100000); // row numbers
    // The cache stays bounded however far the grid went.
    QVERIFY(tab->source()->cache().size() <= 64);
    // Counting rows for real (unless a count the tail check started is already on its way): the
    // status line says exact.
    if (!tab->source()->countRunning() && !tab->source()->countIsExact())
        tab->toggleCount();
    QTRY_VERIFY_WITH_TIMEOUT(tab->source()->countIsExact(), 10000);
    QTRY_COMPARE(tab->statusText(), QStringLiteral("%1 rows").arg(QLocale().toString(100000)));
}

void TstDatabaseGrid::filterAndSort()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    panel.resize(1000, 700);
    panel.show();
    QVERIFY(bbtest::openAndWait(panel, m_file));
    TableTab *tab = panel.openTable(QStringLiteral("big"));
    QVERIFY(tab);
    // Typing in the filter row under "n" applies after the pause.
    QLineEdit *edit = tab->filterHeader()->editor(2);
    QVERIFY(edit);
    QTest::keyClicks(edit, QStringLiteral("=3"));
    QTRY_VERIFY_WITH_TIMEOUT(tab->source()->countIsExact() && tab->model()->rowCount() == 14286,
                             10000);
    QTRY_VERIFY(tab->model()->index(0, 2).data(bb::dbx::TableModel::LoadedRole).toBool());
    QCOMPARE(tab->model()->index(0, 2).data(bb::dbx::TableModel::RawValueRole).toInt(), 3);
    // A click on the "id" header sorts ascending, a second click descending.
    const int x = tab->view()->horizontalHeader()->sectionViewportPosition(0) + 10;
    QTest::mouseClick(tab->view()->horizontalHeader()->viewport(), Qt::LeftButton, {},
                      QPoint(x, 5));
    QTest::mouseClick(tab->view()->horizontalHeader()->viewport(), Qt::LeftButton, {},
                      QPoint(x, 5));
    QCOMPARE(tab->view()->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);
    QTRY_VERIFY(tab->model()->index(0, 0).data(bb::dbx::TableModel::LoadedRole).toBool());
    // The largest id with id % 7 == 3 below 100000 is 99998.
    QTRY_COMPARE(tab->model()->index(0, 0).data(bb::dbx::TableModel::RawValueRole).toInt(), 99998);
}

void TstDatabaseGrid::badFilterSaysWhere()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    QVERIFY(bbtest::openAndWait(panel, m_file));
    TableTab *tab = panel.openTable(QStringLiteral("big"));
    QVERIFY(tab);
    tab->filterHeader()->setFilterText(0, QStringLiteral(">="));
    QVERIFY(!tab->errorText().isEmpty());
    QVERIFY2(tab->filterHeader()->editor(0)->styleSheet().contains(QStringLiteral("#cf222e")),
             "the wrong filter's edit is marked");
    QVERIFY(tab->filterHeader()->editor(0)->toolTip().contains(QStringLiteral("id")));
}

void TstDatabaseGrid::nullAndLongTextAreShownDistinctly()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    QVERIFY(bbtest::openAndWait(panel, m_file));
    TableTab *tab = panel.openTable(QStringLiteral("people"));
    QVERIFY(tab);
    QTRY_VERIFY(tab->model()->index(2, 0).data(bb::dbx::TableModel::LoadedRole).toBool());
    // NULL and an empty string differ.
    QVERIFY(tab->model()->index(0, 2).data(bb::dbx::TableModel::IsNullRole).toBool());
    QVERIFY(!tab->model()->index(2, 2).data(bb::dbx::TableModel::IsNullRole).toBool());
    QCOMPARE(
        CellDelegate::cellText(tab->model()->index(0, 3).data(bb::dbx::TableModel::RawValueRole)),
        QStringLiteral("<3 bytes>"));
    const QString cut =
        CellDelegate::cellText(tab->model()->index(1, 2).data(bb::dbx::TableModel::RawValueRole));
    QCOMPARE(cut.size(), 201);
    QVERIFY(cut.endsWith(QChar(0x2026)));
}

void TstDatabaseGrid::editAndApply()
{
    const QString file = QDir(m_dir.path()).filePath(QStringLiteral("edit.db"));
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    TableTab *tab = nullptr;
    openEditable(panel, file,
                 {QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"),
                  QStringLiteral("INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')")},
                 QStringLiteral("t"), tab);
    if (QTest::currentTestFailed())
        return;
    auto *model = tab->model();
    QVERIFY(model->setData(model->index(1, 1), QStringLiteral("TWO")));
    QVERIFY(model->removeRows(2, 1));
    tab->editBar()->addRow();
    QVERIFY(model->setData(model->index(0, 1), QStringLiteral("four")));
    tab->editBar()->setPreviewVisible(true);
    const QString preview = tab->editBar()->preview()->toPlainText();
    QVERIFY2(preview.contains(QStringLiteral("UPDATE")) &&
                 preview.contains(QStringLiteral("DELETE")) &&
                 preview.contains(QStringLiteral("INSERT")),
             qPrintable(preview));
    QSignalSpy applied(tab->editBuffer(), &bb::dbx::EditBuffer::applied);
    // Ctrl+S applies.
    tab->view()->setFocus();
    QTest::keyClick(tab->view(), Qt::Key_S, Qt::ControlModifier);
    QVERIFY(applied.wait(10000));
    QVERIFY(tab->editBuffer()->lastApply().ok);
    QCOMPARE(bbtest::scalar(file, QStringLiteral("SELECT name FROM t WHERE id = 2")).toString(),
             QStringLiteral("TWO"));
    QCOMPARE(
        bbtest::scalar(file, QStringLiteral("SELECT count(*) FROM t WHERE name = 'three'")).toInt(),
        0);
    QCOMPARE(
        bbtest::scalar(file, QStringLiteral("SELECT count(*) FROM t WHERE name = 'four'")).toInt(),
        1);
    QVERIFY(tab->editBar()->message().startsWith(QStringLiteral("Applied")));
}

void TstDatabaseGrid::failingApplyShowsTheRowAndChangesNothing()
{
    const QString file = QDir(m_dir.path()).filePath(QStringLiteral("fail.db"));
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    TableTab *tab = nullptr;
    openEditable(
        panel, file,
        {QStringLiteral("CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL)"),
         QStringLiteral("INSERT INTO u VALUES (1, 'a'), (2, 'b'), (3, 'c')")},
        QStringLiteral("u"), tab);
    if (QTest::currentTestFailed())
        return;
    auto *model = tab->model();
    QVERIFY(model->setData(model->index(0, 1), QStringLiteral("z"))); // fine
    QVERIFY(model->setData(model->index(2, 1), QStringLiteral("b"))); // duplicates row 2
    QSignalSpy applied(tab->editBuffer(), &bb::dbx::EditBuffer::applied);
    tab->editBar()->apply();
    QVERIFY(applied.wait(10000));
    QVERIFY(!tab->editBuffer()->lastApply().ok);
    QVERIFY2(tab->editBar()->message().contains(QStringLiteral("Nothing applied")),
             qPrintable(tab->editBar()->message()));
    QTRY_VERIFY(!model->index(2, 1).data(bb::dbx::TableModel::RowErrorRole).toString().isEmpty());
    QVERIFY(model->index(0, 1).data(bb::dbx::TableModel::RowErrorRole).toString().isEmpty());
    // Hovering the failed row says why.
    const QRect cell = tab->view()->visualRect(model->index(2, 1));
    QHelpEvent help(QEvent::ToolTip, cell.center(),
                    tab->view()->viewport()->mapToGlobal(cell.center()));
    QApplication::sendEvent(tab->view()->viewport(), &help);
    QVERIFY2(QToolTip::text().startsWith(QStringLiteral("Not applied: ")),
             qPrintable(QToolTip::text()));
    // Nothing was half-applied, and the edits stay staged to fix.
    QCOMPARE(bbtest::scalar(file, QStringLiteral("SELECT email FROM u WHERE id = 1")).toString(),
             QStringLiteral("a"));
    QVERIFY(tab->editBuffer()->hasChanges());
}

void TstDatabaseGrid::viewIsReadOnlyWithTheReason()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    QVERIFY(bbtest::openAndWait(panel, m_file));
    TableTab *tab = panel.openTable(QStringLiteral("evens"));
    QVERIFY(tab);
    QVERIFY(tab->editBuffer()->isReadOnly());
    QVERIFY(tab->editBar()->message().startsWith(QStringLiteral("Read-only: ")));
    QVERIFY(tab->editBar()->message().size() > 12);
    QVERIFY(tab->pagingNoteText().contains(QStringLiteral("OFFSET"))); // a view says how it pages
}

void TstDatabaseGrid::screenshotScenesBecomeReady()
{
    // The demo file the scenes use: Chinook-like, with unknown composers.
    const QString demo = QDir(m_dir.path()).filePath(QStringLiteral("demo.db"));
    QCOMPARE(ScreenshotScenes::writeDemoDatabase(demo), QString());
    QVERIFY(bbtest::scalar(demo, QStringLiteral("SELECT count(*) FROM tracks")).toInt() > 90);
    QVERIFY(
        bbtest::scalar(demo, QStringLiteral("SELECT count(*) FROM tracks WHERE Composer IS NULL"))
            .toInt() > 10);
    QVERIFY(
        bbtest::scalar(demo, QStringLiteral("SELECT count(*) FROM tracks WHERE Name LIKE '%o%'"))
            .toInt() > 10);

    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    panel.resize(1200, 760);
    panel.show();
    QCOMPARE(panel.screenshotSceneCount(), 4);
    for (int i = 0; i < panel.screenshotSceneCount(); ++i) {
        const QString name = panel.prepareScreenshotScene(i);
        QVERIFY2(!name.isEmpty(), qPrintable(panel.screenshotSceneProblem()));
        QTRY_VERIFY2_WITH_TIMEOUT(panel.screenshotSceneReady(),
                                  qPrintable(name + QStringLiteral(": ") + panel.statusText() +
                                             panel.screenshotSceneProblem()),
                                  10000);
    }
}

void TstDatabaseGrid::postgresTableThroughAProfile()
{
    const QString url = qEnvironmentVariable("BB_TEST_PG_URL");
    if (url.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no PostgreSQL: BB_TEST_PG_URL is unset (%1)")
                             .arg(qEnvironmentVariable("BB_TEST_PG_SKIP",
                                                       QStringLiteral("./dev test sets it")))));
    {
        auto db = bb::store::Database::open(url);
        QVERIFY(db);
        auto made = (*db)->write<int>([](QSqlDatabase &conn) -> bb::Result<int> {
            QSqlQuery q(conn);
            for (const char *sql :
                 {"DROP TABLE IF EXISTS panel_grid",
                  "CREATE TABLE panel_grid (id int PRIMARY KEY, label text UNIQUE, n int)",
                  "INSERT INTO panel_grid SELECT g, 'label ' || g, g % 5 FROM generate_series(1, "
                  "5000) g"})
                if (!q.exec(QString::fromLatin1(sql)))
                    return bb::Error::internal(q.lastError().text());
            return 0;
        });
        QVERIFY2(made, made ? "" : qPrintable(made.error().message));
        (*db)->close();
    }
    // The profile the connection dialog would make from the URL's parts.
    const QUrl parsed(url);
    auto profile =
        bb::dbx::ConnectionProfile::make(bb::dbx::Driver::Postgres, QStringLiteral("pg"));
    profile.host = parsed.host();
    profile.port = parsed.port();
    profile.user = parsed.userName();
    profile.database = parsed.path().mid(1);
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    panel.resize(1000, 700);
    panel.show();
    QSignalSpy loaded(&panel, &DatabaseWidget::schemaLoaded);
    panel.openProfile(profile, parsed.password());
    QVERIFY2(loaded.wait(15000), qPrintable(panel.statusText()));
    QVERIFY(panel.schemaModel()->tableNames().contains(QStringLiteral("panel_grid")));
    TableTab *tab = panel.openTable(QStringLiteral("panel_grid"));
    QVERIFY2(tab, qPrintable(panel.statusText()));
    if (!tab->source()->countIsExact() && !tab->source()->countRunning())
        tab->toggleCount();
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->rowCount(), 5000, 10000);
    tab->view()->scrollToBottom();
    const QModelIndex last = tab->model()->index(4999, 0);
    QTRY_VERIFY_WITH_TIMEOUT(last.data(bb::dbx::TableModel::LoadedRole).toBool(), 10000);
    QCOMPARE(last.data(bb::dbx::TableModel::RawValueRole).toInt(), 5000);
    // A failing batch (a duplicate label) applies nothing on PostgreSQL either.
    tab->view()->scrollToTop();
    QTRY_VERIFY(tab->model()->index(1, 0).data(bb::dbx::TableModel::LoadedRole).toBool());
    QVERIFY(tab->model()->setData(tab->model()->index(0, 2), 42));
    QVERIFY(tab->model()->setData(tab->model()->index(1, 1), QStringLiteral("label 3")));
    QSignalSpy applied(tab->editBuffer(), &bb::dbx::EditBuffer::applied);
    tab->editBar()->apply();
    QVERIFY(applied.wait(10000));
    QVERIFY(!tab->editBuffer()->lastApply().ok);
    QVERIFY(tab->editBar()->message().contains(QStringLiteral("Nothing applied")));
    QTRY_VERIFY(
        !tab->model()->index(1, 1).data(bb::dbx::TableModel::RowErrorRole).toString().isEmpty());
    tab->editBar()->revert();
    auto db = bb::store::Database::open(url);
    QVERIFY(db);
    {
        QSqlDatabase conn = (*db)->reader();
        QCOMPARE(
            (*db)->scalar(conn, QStringLiteral("SELECT n FROM panel_grid WHERE id = 1"))->toInt(),
            1);
        QVERIFY((*db)->scalar(conn, QStringLiteral("DROP TABLE panel_grid")));
    }
    (*db)->close();
}

QTEST_MAIN(TstDatabaseGrid)
#include "tst_database_grid.moc"
