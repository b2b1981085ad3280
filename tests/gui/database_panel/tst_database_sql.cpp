// The Database panel's SQL editor, offscreen: Ctrl+Enter runs the statement under the cursor,
// Ctrl+Shift+Enter runs all, Esc cancels a long query, errors are underlined at their position,
// Explain shows the plan tree, completion offers a table's columns after `table.`, and history
// keeps what ran.
#include "dbx/plan_model.h"
#include "dbx/sql_history.h"
#include "plan_view.h"
#include "schema_tree_model.h"
#include "sql_editor.h"
#include "sql_highlighter.h"
#include "sql_tab.h"
#include "tst_database_support.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCompleter>
#include <QElapsedTimer>
#include <QListWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTextBlock>
#include <QTreeView>

using namespace bb::plugins::database;

class TstDatabaseSql : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void ctrlEnterRunsTheStatementUnderTheCursor();
    void ctrlShiftEnterRunsAll();
    void escCancelsALongQuery();
    void errorIsUnderlinedAtItsPosition();
    void explainShowsThePlanTree();
    void completionOffersColumnsAfterTableDot();
    void completionResolvesAliases();
    void highlighterClassifiesTokens();
    void historyKeepsWhatRan();
    void explainAnalyzeOnPostgres();

private:
    SqlTab *openSqlTab(DatabaseWidget &panel, const QString &text);

    QTemporaryDir m_dir;
    QString m_file;
};

void TstDatabaseSql::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = QDir(m_dir.path()).filePath(QStringLiteral("sql.db"));
    QCOMPARE(bbtest::makeSqlite(
                 m_file, {QStringLiteral("CREATE TABLE albums (AlbumId INTEGER PRIMARY KEY, Title "
                                         "TEXT, ArtistId INTEGER)"),
                          QStringLiteral("CREATE TABLE artists (ArtistId INTEGER PRIMARY KEY, "
                                         "Name TEXT)"),
                          QStringLiteral("INSERT INTO artists VALUES (1, 'AC/DC'), (2, 'Accept')"),
                          QStringLiteral("INSERT INTO albums VALUES (1, 'Let There Be Rock', 1), "
                                         "(2, 'Balls to the Wall', 2), (3, 'Restless', 2)")}),
             QString());
}

SqlTab *TstDatabaseSql::openSqlTab(DatabaseWidget &panel, const QString &text)
{
    panel.resize(1000, 700);
    panel.show();
    if (!bbtest::openAndWait(panel, m_file))
        return nullptr;
    SqlTab *tab = panel.newSqlTab(text);
    if (tab) {
        QApplication::setActiveWindow(&panel);
        tab->editor()->setFocus();
    }
    return tab;
}

void TstDatabaseSql::ctrlEnterRunsTheStatementUnderTheCursor()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    SqlTab *tab = openSqlTab(
        panel, QStringLiteral("SELECT 1 AS a;\nSELECT Title FROM albums ORDER BY AlbumId;\n"));
    QVERIFY(tab);
    QTextCursor c = tab->editor()->textCursor();
    c.setPosition(20); // inside the second statement
    tab->editor()->setTextCursor(c);
    QSignalSpy finished(tab, &SqlTab::runFinished);
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(10000));
    QCOMPARE(tab->results()->count(), 4); // Messages, Plan, History + one result
    auto *view = qobject_cast<QTableView *>(tab->results()->widget(3));
    QVERIFY(view);
    QCOMPARE(view->model()->rowCount(), 3);
    QCOMPARE(view->model()->index(0, 0).data().toString(), QStringLiteral("Let There Be Rock"));
    QVERIFY2(tab->messages().contains(QStringLiteral("3 rows")), qPrintable(tab->messages()));
    QVERIFY(tab->messages().contains(QStringLiteral("ms")));
}

void TstDatabaseSql::ctrlShiftEnterRunsAll()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    SqlTab *tab =
        openSqlTab(panel, QStringLiteral("SELECT 1 AS a; SELECT 2 AS b;\n"
                                         "UPDATE albums SET Title = Title WHERE AlbumId > 1;"));
    QVERIFY(tab);
    QSignalSpy finished(tab, &SqlTab::runFinished);
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(finished.wait(10000));
    QCOMPARE(tab->results()->count(), 5); // two result sets
    QVERIFY2(tab->messages().contains(QStringLiteral("2 rows affected")),
             qPrintable(tab->messages()));
    QVERIFY(tab->statusText().startsWith(QStringLiteral("3 statements")));
}

void TstDatabaseSql::escCancelsALongQuery()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    // Counts to ten billion: minutes of work unless cancelled.
    SqlTab *tab = openSqlTab(panel, QStringLiteral("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL "
                                                   "SELECT i + 1 FROM c WHERE i < 10000000000) "
                                                   "SELECT count(*) FROM c;"));
    QVERIFY(tab);
    QSignalSpy finished(tab, &SqlTab::runFinished);
    tab->runAll();
    QTRY_VERIFY(tab->isRunning());
    QTest::qWait(200);
    QElapsedTimer timer;
    timer.start();
    QTest::keyClick(tab->editor(), Qt::Key_Escape);
    QVERIFY(finished.wait(5000));
    QVERIFY2(timer.elapsed() < 3000, "the cancel reached the query");
    QVERIFY2(tab->messages().contains(QStringLiteral("cancelled")), qPrintable(tab->messages()));
    QVERIFY(tab->statusText().contains(QStringLiteral("cancelled")));
}

void TstDatabaseSql::errorIsUnderlinedAtItsPosition()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    SqlTab *tab = openSqlTab(panel, QStringLiteral("SELECT 1;\nSELECT nope FROM albums;"));
    QVERIFY(tab);
    QSignalSpy finished(tab, &SqlTab::runFinished);
    tab->runAll();
    QVERIFY(finished.wait(10000));
    QVERIFY2(tab->messages().contains(QStringLiteral("line 2")), qPrintable(tab->messages()));
    QVERIFY(tab->messages().contains(QStringLiteral("nope")));
    // The mark is in the second statement (offset 10 onwards), on the editor.
    QVERIFY(tab->editor()->errorOffset() >= 10);
    QCOMPARE(tab->editor()->extraSelections().size(), 1);
    QVERIFY(tab->editor()->extraSelections().first().format.underlineStyle() ==
            QTextCharFormat::WaveUnderline);
}

void TstDatabaseSql::explainShowsThePlanTree()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    SqlTab *tab =
        openSqlTab(panel, QStringLiteral("SELECT * FROM albums al JOIN artists ar ON "
                                         "ar.ArtistId = al.ArtistId WHERE al.Title > 'B';"));
    QVERIFY(tab);
    QSignalSpy shown(tab, &SqlTab::planShown);
    QTest::keyClick(tab->editor(), Qt::Key_E, Qt::ControlModifier);
    QVERIFY(shown.wait(10000));
    QCOMPARE(tab->results()->currentWidget(), tab->planView());
    auto *model = tab->planView()->model();
    QVERIFY(model->rowCount() >= 1);
    QString all;
    for (int i = 0; i < model->plan().nodes.size(); ++i)
        all += model->plan().nodes[i].detail + QLatin1Char('\n');
    QVERIFY2(all.contains(QStringLiteral("albums")) || all.contains(QStringLiteral("al")),
             qPrintable(all));
    QVERIFY(!tab->planView()->summary().isEmpty());
}

void TstDatabaseSql::completionOffersColumnsAfterTableDot()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    SqlTab *tab = openSqlTab(panel, {});
    QVERIFY(tab);
    QTest::keyClicks(tab->editor(), QStringLiteral("SELECT albums."));
    QCompleter *completer = tab->editor()->completer();
    QTRY_VERIFY(completer->popup()->isVisible());
    QStringList offered;
    for (int i = 0; i < completer->completionModel()->rowCount(); ++i)
        offered << completer->completionModel()->index(i, 0).data().toString();
    QCOMPARE(offered, (QStringList{"AlbumId", "ArtistId", "Title"}));
    // Enter takes the selected one.
    QTest::keyClick(completer->popup(), Qt::Key_Down);
    QTest::keyClick(completer->popup(), Qt::Key_Return);
    QCOMPARE(tab->editor()->toPlainText(), QStringLiteral("SELECT albums.ArtistId"));
    // Two letters of a table name offer tables.
    tab->editor()->clear();
    QTest::keyClicks(tab->editor(), QStringLiteral("SELECT * FROM ar"));
    QTRY_VERIFY(completer->popup()->isVisible());
    QCOMPARE(completer->currentCompletion(), QStringLiteral("artists"));
}

void TstDatabaseSql::completionResolvesAliases()
{
    SqlCompletion completion;
    completion.setSchema({"albums", "artists"}, {{"albums", {"AlbumId", "Title", "ArtistId"}},
                                                 {"artists", {"ArtistId", "Name"}}});
    const QString text = QStringLiteral("SELECT ar.N FROM albums AS al JOIN artists ar ON 1");
    const Completion c = completion.at(text, 11);
    QVERIFY(c.columnsOnly);
    QCOMPARE(c.prefix, QStringLiteral("N"));
    QCOMPARE(c.candidates, QStringList{"Name"});
    const Completion t = completion.at(QStringLiteral("SELECT * FROM alb"), 17);
    QVERIFY(t.candidates.contains(QStringLiteral("albums")));
    QVERIFY(!t.candidates.contains(QStringLiteral("artists")));
}

void TstDatabaseSql::highlighterClassifiesTokens()
{
    QTextDocument doc;
    doc.setPlainText(QStringLiteral("SELECT 'it''s', 42 -- note\n/* a\nb */ FROM \"t\""));
    auto *h = new SqlHighlighter(&doc);
    h->rehighlight();
    auto formatAt = [&](int block, int pos) {
        const QTextBlock b = doc.findBlockByNumber(block);
        for (const auto &r : b.layout()->formats())
            if (pos >= r.start && pos < r.start + r.length)
                return r.format;
        return QTextCharFormat();
    };
    QCOMPARE(formatAt(0, 0).foreground(), h->format(SqlHighlighter::Token::Keyword).foreground());
    QCOMPARE(formatAt(0, 9).foreground(), h->format(SqlHighlighter::Token::String).foreground());
    QCOMPARE(formatAt(0, 16).foreground(), h->format(SqlHighlighter::Token::Number).foreground());
    QCOMPARE(formatAt(0, 22).foreground(), h->format(SqlHighlighter::Token::Comment).foreground());
    QCOMPARE(formatAt(1, 1).foreground(), h->format(SqlHighlighter::Token::Comment).foreground());
    // The block comment ends on the third line; FROM is a keyword again.
    QCOMPARE(formatAt(2, 0).foreground(), h->format(SqlHighlighter::Token::Comment).foreground());
    QCOMPARE(formatAt(2, 5).foreground(), h->format(SqlHighlighter::Token::Keyword).foreground());
    QCOMPARE(formatAt(2, 11).foreground(),
             h->format(SqlHighlighter::Token::Identifier).foreground());

    // A string left open goes on in the next line, '' included, up to its closing quote.
    doc.setPlainText(QStringLiteral("SELECT 'a\nb'' c' FROM t"));
    h->rehighlight();
    QCOMPARE(formatAt(0, 8).foreground(), h->format(SqlHighlighter::Token::String).foreground());
    QCOMPARE(formatAt(1, 2).foreground(), h->format(SqlHighlighter::Token::String).foreground());
    QCOMPARE(formatAt(1, 5).foreground(), h->format(SqlHighlighter::Token::String).foreground());
    QCOMPARE(formatAt(1, 7).foreground(), h->format(SqlHighlighter::Token::Keyword).foreground());
}

void TstDatabaseSql::historyKeepsWhatRan()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    SqlTab *tab = openSqlTab(panel, QStringLiteral("SELECT 'history-marker';"));
    QVERIFY(tab);
    QSignalSpy finished(tab, &SqlTab::runFinished);
    tab->runAll();
    QVERIFY(finished.wait(10000));
    QListWidget *history = tab->historyList();
    QVERIFY(history->count() >= 1);
    QVERIFY(history->item(0)->text().contains(QStringLiteral("history-marker")));
    // Double-click puts it back into the editor.
    tab->editor()->clear();
    emit history->itemDoubleClicked(history->item(0));
    QCOMPARE(tab->editor()->toPlainText(), QStringLiteral("SELECT 'history-marker'"));
}

void TstDatabaseSql::explainAnalyzeOnPostgres()
{
    const QString url = qEnvironmentVariable("BB_TEST_PG_URL");
    if (url.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no PostgreSQL: BB_TEST_PG_URL is unset (%1)")
                             .arg(qEnvironmentVariable("BB_TEST_PG_SKIP",
                                                       QStringLiteral("./dev test sets it")))));
    auto db = bb::store::Database::open(url);
    QVERIFY2(db, db ? "" : qPrintable(db.error().message));
    bb::dbx::SqlHistory history(QDir(m_dir.path()).filePath(QStringLiteral("pg-history.jsonl")));
    {
        SqlTab tab(*db, &history, QStringLiteral("pg"));
        tab.resize(900, 600);
        tab.show();
        QSignalSpy finished(&tab, &SqlTab::runFinished);
        tab.editor()->setPlainText(QStringLiteral(
            "DROP TABLE IF EXISTS panel_plan; CREATE TABLE panel_plan (id int PRIMARY KEY, v "
            "int);\n"
            "INSERT INTO panel_plan SELECT g, g % 10 FROM generate_series(1, 20000) g;"));
        tab.runAll();
        QVERIFY(finished.wait(20000));
        QVERIFY2(!tab.messages().contains(QStringLiteral("error")), qPrintable(tab.messages()));
        tab.editor()->setPlainText(QStringLiteral(
            "SELECT v, count(*) FROM panel_plan WHERE id > 10 GROUP BY v ORDER BY 2;"));
        QSignalSpy shown(&tab, &SqlTab::planShown);
        tab.explain(true);
        QVERIFY(shown.wait(20000));
        const auto &plan = tab.planView()->model()->plan();
        QVERIFY2(plan.analyzed, qPrintable(tab.messages()));
        QVERIFY(plan.slowest >= 0);
        // The slowest node is selected and flagged; times and costs are shown.
        const QModelIndex current = tab.planView()->tree()->currentIndex();
        QVERIFY(current.data(bb::dbx::PlanModel::SlowestRole).toBool());
        QVERIFY(!tab.planView()->tree()->isColumnHidden(bb::dbx::PlanModel::SelfMsColumn));
        QVERIFY(!tab.planView()->tree()->isColumnHidden(bb::dbx::PlanModel::CostColumn));
        QVERIFY(tab.planView()->summary().contains(QStringLiteral("execution")));
        tab.editor()->setPlainText(QStringLiteral("DROP TABLE panel_plan;"));
        tab.runAll();
        QVERIFY(finished.wait(20000));
    }
    (*db)->close();
}

QTEST_MAIN(TstDatabaseSql)
#include "tst_database_sql.moc"
