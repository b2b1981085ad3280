// The Database panel with a shell: "Open REST endpoint in tester" invokes openInTester with the
// running engine's URL (and says why not when it cannot), and open tabs survive a restart.
#include "connections_view.h"
#include "engine/engine_controller.h"
#include "schema_tree_model.h"
#include "shell/shell_context.h"
#include "sql_editor.h"
#include "sql_tab.h"
#include "table_tab.h"
#include "tst_database_support.h"

#include <QListWidget>
#include <QStandardPaths>
#include <QTabWidget>

using namespace bb::plugins::database;

class TstDatabaseShell : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void restEndpointInvokesOpenInTester();
    void tabsSurviveARestart();

private:
    QTemporaryDir m_dir;
};

void TstDatabaseShell::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    bb::shell::PluginSettings(QStringLiteral("database")).remove(QString());
}

void TstDatabaseShell::restEndpointInvokesOpenInTester()
{
    bb::engine::EngineController engine;
    bb::engine::EngineConfig config;
    config.bindAddress = QStringLiteral("127.0.0.1");
    config.port = 0;
    config.threads = 1;
    config.demo = true;
    config.localAdmin = true;
    config.dataDir = QDir(m_dir.path()).filePath(QStringLiteral("engine"));
    engine.setConfig(config);
    engine.start();
    QVERIFY(engine.waitForSettled(30000));
    QCOMPARE(engine.state(), bb::engine::EngineController::State::Running);

    bb::shell::ShellContext context(&engine);
    QVariantMap received;
    context.registerAction(QStringLiteral("openInTester"),
                           [&received](const QVariantMap &args) { received = args; });
    {
        DatabaseWidget panel(&context, bbtest::tempPaths(m_dir));
        // The engine's own file is the first entry, one click away.
        QVERIFY(panel.connections()->list()->item(0)->flags() & Qt::ItemIsEnabled);
        QSignalSpy loaded(&panel, &DatabaseWidget::schemaLoaded);
        panel.connections()->connectTo(QStringLiteral("engine"));
        QVERIFY(loaded.wait(15000));
        QVERIFY(panel.schemaModel()->tableNames().contains(QStringLiteral("posts")));

        QVERIFY(!panel.restEndpointProblem(QStringLiteral("_users")).isEmpty());
        QString reason;
        QVERIFY2(panel.openRestEndpoint(QStringLiteral("posts"), &reason), qPrintable(reason));
        QCOMPARE(received.value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QUrl expected = engine.baseUrl();
        expected.setPath(QStringLiteral("/api/v1/posts"));
        QCOMPARE(received.value(QStringLiteral("url")).toString(), expected.toString());
        QVERIFY(received.value(QStringLiteral("headers"))
                    .toMap()
                    .value(QStringLiteral("Authorization"))
                    .toString()
                    .startsWith(QStringLiteral("Bearer ")));

        // Without the tester, the item is disabled with a reason instead.
        context.unregisterAction(QStringLiteral("openInTester"));
        received.clear();
        QVERIFY(panel.restEndpointProblem(QStringLiteral("posts"))
                    .contains(QStringLiteral("openInTester")));
        QVERIFY(!panel.openRestEndpoint(QStringLiteral("posts"), &reason));
        QVERIFY(received.isEmpty());
        bb::shell::PluginSettings(QStringLiteral("database")).remove(QString());
    }
    engine.stop();
    QVERIFY(engine.waitForSettled(30000));
}

void TstDatabaseShell::tabsSurviveARestart()
{
    const QString file = QDir(m_dir.path()).filePath(QStringLiteral("state.db"));
    QCOMPARE(bbtest::makeSqlite(
                 file, {QStringLiteral("CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT)")}),
             QString());
    bb::shell::ShellContext context(nullptr);
    bb::shell::PluginSettings(QStringLiteral("database")).remove(QString());
    {
        DatabaseWidget panel(&context, bbtest::tempPaths(m_dir));
        QVERIFY(bbtest::openAndWait(panel, file));
        QVERIFY(panel.openTable(QStringLiteral("t")));
        SqlTab *sql = panel.newSqlTab(QStringLiteral("SELECT 42;"));
        QVERIFY(sql);
        sql->editor()->setPlainText(QStringLiteral("SELECT 43; -- edited"));
    } // the destructor saves
    DatabaseWidget again(&context, bbtest::tempPaths(m_dir));
    QTRY_COMPARE_WITH_TIMEOUT(again.tabs()->count(), 2, 15000);
    auto *table = qobject_cast<TableTab *>(again.tabs()->widget(0));
    QVERIFY(table);
    QCOMPARE(table->tableName(), QStringLiteral("t"));
    auto *sql = qobject_cast<SqlTab *>(again.tabs()->widget(1));
    QVERIFY(sql);
    QCOMPARE(sql->editor()->toPlainText(), QStringLiteral("SELECT 43; -- edited"));
}

QTEST_MAIN(TstDatabaseShell)
#include "tst_database_shell.moc"
