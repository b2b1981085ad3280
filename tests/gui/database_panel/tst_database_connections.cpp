// The connections list: an opened SQLite file becomes a listed, selected profile that survives a
// restart; a profile whose file is gone says "(missing)" and offers to remove itself; the open
// connection is always marked; and the panel's shortcuts (F5, Ctrl+O, Ctrl+Shift+N, Del).
#include "connections_view.h"
#include "schema_tree_model.h"
#include "shell/shell_context.h"
#include "tst_database_support.h"

#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStandardPaths>
#include <QTreeView>

using namespace bb::plugins::database;

class TstDatabaseConnections : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void openedFileIsListedSelectedAndRestored();
    void missingFileOffersRemoval();
    void f5RefreshesTheSchemaTree();
    void ctrlOOpensAFile();
    void ctrlShiftNOpensTheConnectionDialog();
    void aDroppedFileOpens();
    void delAsksBeforeRemoving();
    void shortcutsAreInTooltips();

private:
    QString makeFile(const QString &name);
    /// The row of `id` in the list, -1 when not listed.
    static int rowOf(const ConnectionsView &view, const QString &id);
    /// A visible top-level or child widget of type T named `name`.
    template<typename T> static T *findShown(QWidget &parent, const QString &name);
    static void showActive(QWidget &panel);

    QTemporaryDir m_dir;
};

void TstDatabaseConnections::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TstDatabaseConnections::init()
{
    bb::shell::PluginSettings(QStringLiteral("database")).remove(QString());
    QFile::remove(bbtest::tempPaths(m_dir).profiles);
}

QString TstDatabaseConnections::makeFile(const QString &name)
{
    const QString path = QDir(m_dir.path()).filePath(name);
    QFile::remove(path);
    const QString error =
        bbtest::makeSqlite(path, {QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY)")});
    return error.isEmpty() ? path : QString();
}

int TstDatabaseConnections::rowOf(const ConnectionsView &view, const QString &id)
{
    for (int i = 0; i < view.list()->count(); ++i)
        if (view.list()->item(i)->data(Qt::UserRole + 1).toString() == id)
            return i;
    return -1;
}

template<typename T> T *TstDatabaseConnections::findShown(QWidget &parent, const QString &name)
{
    for (T *w : parent.findChildren<T *>(name))
        if (w->isVisible())
            return w;
    return nullptr;
}

void TstDatabaseConnections::showActive(QWidget &panel)
{
    panel.resize(1000, 700);
    panel.show();
    QApplication::setActiveWindow(&panel);
}

void TstDatabaseConnections::openedFileIsListedSelectedAndRestored()
{
    const QString file = makeFile(QStringLiteral("chinook-demo.db"));
    QVERIFY(!file.isEmpty());
    bb::shell::ShellContext context(nullptr);
    QString id;
    {
        DatabaseWidget panel(&context, bbtest::tempPaths(m_dir));
        QVERIFY(bbtest::openAndWait(panel, file));
        ConnectionsView *view = panel.connections();
        QCOMPARE(view->profiles().profiles().size(), 1);
        const bb::dbx::ConnectionProfile &p = view->profiles().profiles().first();
        id = p.id;
        QCOMPARE(p.name, QStringLiteral("chinook-demo.db"));
        QCOMPARE(p.driver, bb::dbx::Driver::Sqlite);
        QCOMPARE(panel.openProfileInfo().id, id);
        QCOMPARE(view->selectedId(), id);
        QVERIFY(view->isMarkedOpen(id));
        QVERIFY(!view->isMarkedOpen(QStringLiteral("engine")));
        QVERIFY(rowOf(*view, id) > 0); // after the engine's entry

        // The same file again, spelled differently: no second entry.
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("x")));
        QVERIFY(bbtest::openAndWait(
            panel, QDir(m_dir.path()).filePath(QStringLiteral("x/../chinook-demo.db"))));
        QCOMPARE(view->profiles().profiles().size(), 1);
        QVERIFY(view->isMarkedOpen(id));

        // The open mark stays on the open connection when another entry is selected.
        view->list()->setCurrentRow(0);
        QVERIFY(view->isMarkedOpen(id));
    }
    // A restart lists it and reopens it.
    DatabaseWidget again(&context, bbtest::tempPaths(m_dir));
    QVERIFY(rowOf(*again.connections(), id) > 0);
    QTRY_VERIFY_WITH_TIMEOUT(again.database() != nullptr, 15000);
    QCOMPARE(again.openProfileInfo().id, id);
    QCOMPARE(again.connections()->selectedId(), id);
    QVERIFY(again.connections()->isMarkedOpen(id));
}

void TstDatabaseConnections::missingFileOffersRemoval()
{
    const QString gone = makeFile(QStringLiteral("gone.db"));
    const QString kept = makeFile(QStringLiteral("kept.db"));
    QVERIFY(!gone.isEmpty() && !kept.isEmpty());
    QString goneId;
    {
        DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
        QVERIFY(bbtest::openAndWait(panel, gone));
        goneId = panel.openProfileInfo().id;
        QVERIFY(bbtest::openAndWait(panel, kept));
    }
    QVERIFY(QFile::remove(gone));

    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    showActive(panel);
    ConnectionsView *view = panel.connections();
    const int row = rowOf(*view, goneId);
    QVERIFY(row > 0);
    QCOMPARE(view->list()->item(row)->text(), QStringLiteral("gone.db (missing)"));
    QVERIFY(view->list()->item(row)->toolTip().contains(QStringLiteral("no longer exists")));
    QVERIFY(!view->list()
                 ->item(rowOf(*view, view->profiles().findFile(kept)->id))
                 ->text()
                 .contains(QStringLiteral("missing")));

    // Opening it (a double-click, or the file itself) fails clearly and offers removal: Keep.
    QSignalSpy opened(&panel, &DatabaseWidget::opened);
    panel.openSqliteFile(gone);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = findShown<QMessageBox>(panel, QStringLiteral("missingFileBox"))));
    QVERIFY(box->text().contains(gone));
    QVERIFY(panel.statusText().contains(QStringLiteral("no longer exists")));
    QPushButton *keep = nullptr;
    for (QAbstractButton *b : box->buttons())
        if (b->text() == QStringLiteral("Keep"))
            keep = qobject_cast<QPushButton *>(b);
    QVERIFY(keep);
    keep->click();
    QTRY_VERIFY(!findShown<QMessageBox>(panel, QStringLiteral("missingFileBox")));
    QVERIFY(view->profiles().find(goneId));
    QCOMPARE(opened.count(), 0);
    QVERIFY(!panel.database());

    // Again, and Remove.
    view->connectTo(goneId);
    QTRY_VERIFY((box = findShown<QMessageBox>(panel, QStringLiteral("missingFileBox"))));
    QPushButton *remove = nullptr;
    for (QAbstractButton *b : box->buttons())
        if (b->text() == QStringLiteral("Remove"))
            remove = qobject_cast<QPushButton *>(b);
    QVERIFY(remove);
    remove->click();
    QTRY_VERIFY(!view->profiles().find(goneId));
    QCOMPARE(rowOf(*view, goneId), -1);
    bb::dbx::ConnectionProfiles saved(bbtest::tempPaths(m_dir).profiles);
    QVERIFY(saved.load().ok());
    QVERIFY(!saved.find(goneId)); // and the file says so
    QVERIFY(saved.findFile(kept));
}

void TstDatabaseConnections::f5RefreshesTheSchemaTree()
{
    const QString file = makeFile(QStringLiteral("refresh.db"));
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    showActive(panel);
    QVERIFY(bbtest::openAndWait(panel, file));
    QVERIFY(!panel.schemaModel()->indexOfTable(QStringLiteral("added")).isValid());
    // Another client adds a table; F5 shows it.
    QCOMPARE(bbtest::makeSqlite(file, {QStringLiteral("CREATE TABLE added (x)")}), QString());
    QSignalSpy loaded(&panel, &DatabaseWidget::schemaLoaded);
    panel.schemaView()->setFocus();
    QTest::keyClick(panel.schemaView(), Qt::Key_F5);
    QVERIFY(loaded.wait(10000));
    QVERIFY(panel.schemaModel()->indexOfTable(QStringLiteral("added")).isValid());
}

void TstDatabaseConnections::ctrlOOpensAFile()
{
    const QString file = makeFile(QStringLiteral("picked.db"));
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    showActive(panel);
    panel.connections()->list()->setFocus();
    QTest::keyClick(panel.connections()->list(), Qt::Key_O, Qt::ControlModifier);
    QFileDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = findShown<QFileDialog>(panel, QStringLiteral("openSqliteDialog"))));
    QSignalSpy loaded(&panel, &DatabaseWidget::schemaLoaded);
    dialog->selectFile(file);
    static_cast<QDialog *>(dialog)->accept(); // QFileDialog::accept() is protected
    QVERIFY(loaded.wait(15000));
    QCOMPARE(panel.openProfileInfo().path, QFileInfo(file).canonicalFilePath());
    QVERIFY(panel.connections()->isMarkedOpen(panel.openProfileInfo().id));
}

void TstDatabaseConnections::aDroppedFileOpens()
{
    const QString file = makeFile(QStringLiteral("dropped.db"));
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    showActive(panel);
    QMimeData text;
    text.setText(QStringLiteral("not a file"));
    QDragEnterEvent refused(QPoint(10, 10), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&panel, &refused);
    QVERIFY(!refused.isAccepted());

    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(file)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&panel, &enter);
    QVERIFY(enter.isAccepted());
    QSignalSpy loaded(&panel, &DatabaseWidget::schemaLoaded);
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&panel, &drop);
    QVERIFY(loaded.wait(15000));
    QCOMPARE(panel.openProfileInfo().name, QStringLiteral("dropped.db"));
    QCOMPARE(panel.connections()->selectedId(), panel.openProfileInfo().id);
}

void TstDatabaseConnections::ctrlShiftNOpensTheConnectionDialog()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    showActive(panel);
    panel.schemaView()->setFocus();
    QTest::keyClick(panel.schemaView(), Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = findShown<QDialog>(panel, QStringLiteral("newConnectionDialog"))));
    dialog->reject();
    QTRY_VERIFY(!findShown<QDialog>(panel, QStringLiteral("newConnectionDialog")));
    QVERIFY(panel.connections()->profiles().profiles().isEmpty());
}

void TstDatabaseConnections::delAsksBeforeRemoving()
{
    const QString file = makeFile(QStringLiteral("deleted.db"));
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    showActive(panel);
    QVERIFY(bbtest::openAndWait(panel, file));
    ConnectionsView *view = panel.connections();
    const QString id = panel.openProfileInfo().id;
    QListWidget *list = view->list();
    list->setFocus();

    // The engine's entry cannot be removed: Del does nothing there.
    list->setCurrentRow(0);
    QTest::keyClick(list, Qt::Key_Delete);
    QTest::qWait(50);
    QVERIFY(!findShown<QMessageBox>(panel, QStringLiteral("removeConnectionBox")));

    list->setCurrentRow(rowOf(*view, id));
    QTest::keyClick(list, Qt::Key_Delete);
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = findShown<QMessageBox>(panel, QStringLiteral("removeConnectionBox"))));
    box->button(QMessageBox::No)->click();
    QTRY_VERIFY(!findShown<QMessageBox>(panel, QStringLiteral("removeConnectionBox")));
    QVERIFY(view->profiles().find(id));

    QTest::keyClick(list, Qt::Key_Delete);
    QTRY_VERIFY((box = findShown<QMessageBox>(panel, QStringLiteral("removeConnectionBox"))));
    box->button(QMessageBox::Yes)->click();
    QTRY_VERIFY(!view->profiles().find(id));
    QVERIFY(QFile::exists(file)); // the database itself is not touched
}

void TstDatabaseConnections::shortcutsAreInTooltips()
{
    DatabaseWidget panel(nullptr, bbtest::tempPaths(m_dir));
    const auto tip = [&](const char *name) {
        auto *b = panel.findChild<QPushButton *>(QLatin1String(name));
        return b ? b->toolTip() : QString();
    };
    QVERIFY(tip("openSqliteFile").contains(QStringLiteral("Ctrl+O")));
    QVERIFY(tip("addConnection").contains(QStringLiteral("Ctrl+Shift+N")));
    QVERIFY(panel.schemaView()->toolTip().contains(QStringLiteral("F5")));

    // The connections list's context menu names the keys, and its actions work.
    const QString file = makeFile(QStringLiteral("menu.db"));
    QVERIFY(bbtest::openAndWait(panel, file));
    const QString id = panel.openProfileInfo().id;
    std::unique_ptr<QMenu> menu(panel.connections()->contextMenu(id));
    QStringList texts;
    for (QAction *a : menu->actions())
        if (!a->isSeparator())
            texts << a->text();
    QCOMPARE(texts, QStringList({QStringLiteral("Connect\tEnter"), QStringLiteral("Edit…"),
                                 QStringLiteral("Remove…\tDel"),
                                 QStringLiteral("Open SQLite file…\tCtrl+O"),
                                 QStringLiteral("Add connection…\tCtrl+Shift+N")}));
    panel.connections()->list()->setCurrentRow(0);
    menu->actions().at(2)->trigger(); // Remove… asks about this entry, not the selected one
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = panel.findChild<QMessageBox *>(QStringLiteral("removeConnectionBox"))));
    QVERIFY(box->text().contains(QStringLiteral("menu.db")));
    box->button(QMessageBox::Yes)->click();
    QTRY_VERIFY(!panel.connections()->profiles().find(id));
    // On the engine's entry (no engine here) there is nothing to remove or edit.
    std::unique_ptr<QMenu> engineMenu(panel.connections()->contextMenu(QStringLiteral("engine")));
    QVERIFY(engineMenu->actions().size() == 2); // Open file…, Add connection…
}

QTEST_MAIN(TstDatabaseConnections)
#include "tst_database_connections.moc"
