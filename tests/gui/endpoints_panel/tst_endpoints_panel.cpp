// The Endpoints panel against a real engine on 127.0.0.1 port 0: sending with Ctrl+Enter,
// cancelling, environment variables, saving and restoring tabs, tree operations reaching the
// files, openInTester and importing a real OpenAPI file.
#include "endpoints_plugin.h"
#include "endpoints_widget.h"
#include "engine_fixture.h"
#include "import_export.h"
#include "request_editor.h"
#include "request_tab.h"
#include "response_view.h"
#include "shell/shell_context.h"
#include "starter_workspace.h"
#include "tester_actions.h"
#include "workspace/workspace_store.h"
#include "workspace_sidebar.h"
#include "workspace_tree_model.h"

#include <QComboBox>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

using namespace bb::plugins::endpoints;
using bb::workspace::WorkspaceNode;
using bb::workspace::WorkspaceStore;

namespace {

// The first node named `name` anywhere below `node`.
const WorkspaceNode *findByName(const WorkspaceNode &node, const QString &name)
{
    for (const WorkspaceNode &c : node.children) {
        if (c.name == name)
            return &c;
        if (const WorkspaceNode *found = findByName(c, name))
            return found;
    }
    return nullptr;
}

} // namespace

class TestEndpointsPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        // Settings of this test only: the panel remembers its workspace and tabs there.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QSettings::setDefaultFormat(QSettings::NativeFormat);
        QCoreApplication::setOrganizationName(QStringLiteral("BackbenchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_endpoints_panel"));
        QSettings().clear();
        qRegisterMetaType<RequestTab *>();

        m_engine = std::make_unique<bb::engine::Engine>(m_fixture.config());
        auto started = m_engine->start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().message));
        m_context = std::make_unique<bb::shell::ShellContext>(nullptr);
        m_context->setTarget({QStringLiteral("Test engine"), QUrl(m_engine->baseUrl()),
                              m_engine->issueLocalAdminToken(), false});
        m_workspaceDir = m_dirs.filePath(QStringLiteral("workspace"));
        makePanel();
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_context.reset();
        if (m_engine)
            m_engine->stop();
    }

    void firstRunSeedsAStarterWorkspace()
    {
        WorkspaceStore *store = m_panel->store();
        QVERIFY(store);
        QVERIFY(findByName(store->root(), QStringLiteral("Backbench engine")));
        QVERIFY(findByName(store->root(), QStringLiteral("Health check")));
        QCOMPARE(m_panel->environmentName(), kLocalEnvironment);
        QVERIFY(m_panel->tabs()->count() == 0);
    }

    void sendsWithCtrlEnterAndShowsTheResponse()
    {
        const WorkspaceNode *health =
            findByName(m_panel->store()->root(), QStringLiteral("Health check"));
        RequestTab *tab = m_panel->openRequest(health->id);
        QVERIFY(tab);
        QTest::keyClick(tab->editor()->urlEdit(), Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 10000);
        QCOMPARE(tab->lastOutcome()->response.status, 200);
        QVERIFY(tab->lastOutcome()->response.body.contains("\"ok\""));
        QVERIFY2(tab->response()->statusText().startsWith(QStringLiteral("200")),
                 qPrintable(tab->response()->statusText()));
        QVERIFY(!tab->editor()->isRunning());
    }

    void resolvesVariablesFromTheEnvironmentAndFetchesTheTrace()
    {
        const WorkspaceNode *list =
            findByName(m_panel->store()->root(), QStringLiteral("List posts"));
        RequestTab *tab = m_panel->openRequest(list->id);
        QVERIFY(tab->editor()->urlEdit()->unresolvedNames().isEmpty());
        QSignalSpy traced(m_panel.get(), &EndpointsWidget::traceReady);
        QSignalSpy untraced(m_panel.get(), &EndpointsWidget::traceUnavailable);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 10000);
        // {{baseUrl}} came from "Local engine", {{engineToken}} from the target's token.
        QCOMPARE(tab->lastOutcome()->wire.url.left(m_engine->baseUrl().size()),
                 m_engine->baseUrl());
        QCOMPARE(tab->lastOutcome()->response.status, 200);
        QVERIFY(tab->lastOutcome()->unresolved.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(traced.size() + untraced.size() > 0, 10000);
        QVERIFY2(traced.size() == 1,
                 untraced.isEmpty() ? "" : qPrintable(untraced.first().at(1).toString()));
        QVERIFY(traced.first().at(1).toByteArray().contains(tab->lastOutcome()->traceId.toUtf8()));

        // Without an environment the same URL has nothing to resolve {{baseUrl}} with.
        m_panel->setEnvironment({});
        QCOMPARE(tab->editor()->urlEdit()->unresolvedNames(), QStringList{"baseUrl"});
        m_panel->send(tab);
        QTRY_VERIFY(!tab->editor()->isRunning());
        QVERIFY(tab->lastOutcome()->unresolved.contains(QStringLiteral("baseUrl")));
        QCOMPARE(tab->lastOutcome()->response.status, 0);
        QCOMPARE(tab->response()->statusText(), QStringLiteral("No response"));
        m_panel->setEnvironment(kLocalEnvironment);
    }

    void cancelsASlowRequestWithEscape()
    {
        // A server that accepts and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        bb::workspace::HttpRequest r;
        r.url = QStringLiteral("http://127.0.0.1:%1/slow").arg(silent.serverPort());
        RequestTab *tab = m_panel->openNew(r);
        m_panel->send(tab);
        QTRY_VERIFY(tab->editor()->isRunning());
        QTest::qWait(200);
        QVERIFY(!tab->lastOutcome());
        QTest::keyClick(tab->editor()->urlEdit(), Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 3000);
        QVERIFY(tab->lastOutcome()->cancelled);
        QCOMPARE(tab->response()->statusText(), QStringLiteral("Cancelled"));
        QVERIFY(!tab->editor()->isRunning());
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
    }

    void savesAndRestoresTabsAcrossARestart()
    {
        const WorkspaceNode *get =
            findByName(m_panel->store()->root(), QStringLiteral("Get a post"));
        const QString id = get->id;
        RequestTab *tab = m_panel->openRequest(id);
        tab->editor()->urlEdit()->setText(QStringLiteral("{{baseUrl}}/api/v1/posts/2"));
        QVERIFY(tab->editor()->isDirty());
        QVERIFY(m_panel->tabs()->tabText(m_panel->tabs()->indexOf(tab)).startsWith("• "));
        QTest::keySequence(tab->editor()->urlEdit(), QKeySequence::Save);
        QVERIFY(!tab->editor()->isDirty());
        QCOMPARE(m_panel->store()->request(id)->url, QStringLiteral("{{baseUrl}}/api/v1/posts/2"));
        // And in the files, as another store opening the folder sees them.
        auto reread = WorkspaceStore::open(m_workspaceDir);
        QVERIFY(reread);
        QCOMPARE((*reread)->request(id)->url, QStringLiteral("{{baseUrl}}/api/v1/posts/2"));

        QStringList ids;
        for (int i = 0; i < m_panel->tabs()->count(); ++i)
            ids.append(m_panel->tabAt(i)->requestId());
        const QString active = m_panel->currentTab()->requestId();
        makePanel();
        QStringList restored;
        for (int i = 0; i < m_panel->tabs()->count(); ++i)
            restored.append(m_panel->tabAt(i)->requestId());
        QCOMPARE(restored, ids);
        QCOMPARE(m_panel->currentTab()->requestId(), active);
        QVERIFY(!m_panel->currentTab()->editor()->isDirty());
    }

    void treeOperationsReachTheFiles()
    {
        WorkspaceSidebar *side = m_panel->sidebar();
        WorkspaceTreeModel *model = m_panel->treeModel();
        const QString collection = side->newCollection(QStringLiteral("Scratch"));
        QVERIFY(!collection.isEmpty());
        const QString folder = side->newFolder(collection, QStringLiteral("Inbox"));
        const QString request = side->newRequest(collection, QStringLiteral("Ping"));
        QVERIFY(!folder.isEmpty() && !request.isEmpty());
        QCOMPARE(m_panel->currentTab()->requestId(), request); // a new request opens

        // Rename in place (what F2 edits).
        QVERIFY(model->setData(model->indexOf(request), QStringLiteral("Ping twice")));
        QVERIFY(findByName(m_panel->store()->root(), QStringLiteral("Ping twice")));
        const QString renamed =
            findByName(m_panel->store()->root(), QStringLiteral("Ping twice"))->id;
        QTRY_COMPARE(m_panel->currentTab()->requestId(), renamed); // the open tab followed

        // Drag and drop into the folder.
        QMimeData *mime = model->mimeData({model->indexOf(renamed)});
        QVERIFY(model->dropMimeData(mime, Qt::MoveAction, -1, 0, model->indexOf(folder)));
        delete mime;
        QTRY_VERIFY(m_panel->currentTab()->requestId().startsWith(folder + QLatin1Char('/')));
        const QString moved = m_panel->currentTab()->requestId();

        const QString copy = side->duplicate(moved);
        QVERIFY(!copy.isEmpty());
        QVERIFY(side->remove(moved, false));
        QVERIFY(m_panel->currentTab()->requestId().isEmpty()); // its tab is unsaved now

        auto reread = WorkspaceStore::open(m_workspaceDir);
        QVERIFY(reread);
        const WorkspaceNode *inbox = findByName((*reread)->root(), QStringLiteral("Inbox"));
        QVERIFY(inbox);
        QCOMPARE(inbox->children.size(), 1);
        QCOMPARE(inbox->children[0].id, copy);
        QVERIFY(!(*reread)->node(moved));
        m_panel->closeTab(m_panel->tabs()->currentIndex(), false);
    }

    void searchFiltersTheTree()
    {
        WorkspaceSidebar *side = m_panel->sidebar();
        side->searchField()->setText(QStringLiteral("create a"));
        QTreeView *tree = side->tree();
        QCOMPARE(tree->model()->rowCount(), 1); // only the collection holding the match
        const QModelIndex collection = tree->model()->index(0, 0);
        QCOMPARE(tree->model()->rowCount(collection), 1);
        side->searchField()->clear();
        QVERIFY(tree->model()->rowCount() >= 2);
    }

    void openInTesterFromAVariantMap()
    {
        bb::shell::ShellContext context(nullptr);
        context.setTarget(m_context->target());
        EndpointsPlugin plugin;
        QString error;
        QVERIFY(plugin.initialize(context, &error));
        QVERIFY(context.hasAction(kOpenInTesterAction));
        QSignalSpy shown(&context, &bb::shell::ShellContext::panelRequested);
        const QVariantMap args{{"method", "post"},
                               {"url", m_engine->baseUrl() + "/api/v1/posts"},
                               {"headers", QVariantMap{{"Authorization", "Bearer abc"},
                                                       {"Content-Type", "application/json"}}},
                               {"body", QByteArray("{\"title\":\"x\"}")}};
        QVERIFY(context.invoke(kOpenInTesterAction, args));
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.first().at(0).toString(), QStringLiteral("endpoints"));
        // No host built the panel yet: it opens the request when it is built.
        std::unique_ptr<QWidget> widget(plugin.panels().first()->createWidget(context));
        auto *panel = qobject_cast<EndpointsWidget *>(widget.get());
        QVERIFY(panel);
        RequestTab *tab = panel->currentTab();
        QVERIFY(tab);
        const bb::workspace::HttpRequest r = tab->editor()->request();
        QCOMPARE(r.method, QStringLiteral("POST"));
        QCOMPARE(r.headers.size(), 2);
        QCOMPARE(r.body.text, QStringLiteral("{\"title\":\"x\"}"));
        QCOMPARE(r.body.contentType, QStringLiteral("application/json"));
        QVERIFY(tab->requestId().isEmpty());
        // Once built, the next request goes straight into a new tab.
        const int tabs = panel->tabs()->count();
        QVERIFY(context.invoke(kOpenInTesterAction, {{"url", "http://127.0.0.1:1/x"}}));
        QCOMPARE(panel->tabs()->count(), tabs + 1);
        plugin.aboutToShutdown();
        QVERIFY(!context.hasAction(kOpenInTesterAction));
        // The closing panel must not overwrite the main panel's saved tabs with its own.
        for (int i = panel->tabs()->count() - 1; i >= 0; --i)
            panel->closeTab(i, false);
        widget.reset();
        makePanel();
    }

    void importsAnOpenApiFixture()
    {
        const QString path =
            QStringLiteral(BB_FIXTURES_DIR) + QStringLiteral("/openapi/v3.0/petstore.yaml");
        if (!QFile::exists(path))
            QSKIP("the shared fixtures are not here");
        auto report = importFile(ImportFormat::OpenApi, path);
        QVERIFY2(report, report ? "" : qPrintable(report.error().message));
        const QString id = m_panel->importReport(*report, false);
        QVERIFY(!id.isEmpty());
        const WorkspaceNode *node = m_panel->store()->node(id);
        QVERIFY(node);
        int requests = 0;
        std::function<void(const WorkspaceNode &)> count = [&](const WorkspaceNode &n) {
            for (const auto &c : n.children) {
                requests += c.kind == WorkspaceNode::Kind::Request ? 1 : 0;
                count(c);
            }
        };
        count(*node);
        QCOMPARE(requests, 3);
        QVERIFY(m_panel->treeModel()->indexOf(id).isValid());

        auto bad = importData(ImportFormat::Postman, "{ not json", QStringLiteral("x"));
        QVERIFY(!bad);
    }

private:
    void makePanel()
    {
        m_panel.reset();
        m_context->settings(QStringLiteral("endpoints"))
            .setValue(QStringLiteral("workspaceDir"), m_workspaceDir);
        m_panel = std::make_unique<EndpointsWidget>(*m_context, m_workspaceDir);
        m_panel->resize(1280, 800);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }

    QTemporaryDir m_config;
    QTemporaryDir m_dirs;
    QString m_workspaceDir;
    bbtest::EngineFixture m_fixture;
    std::unique_ptr<bb::engine::Engine> m_engine;
    std::unique_ptr<bb::shell::ShellContext> m_context;
    std::unique_ptr<EndpointsWidget> m_panel;
};

QTEST_MAIN(TestEndpointsPanel)
#include "tst_endpoints_panel.moc"
