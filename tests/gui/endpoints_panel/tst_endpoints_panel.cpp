// The Endpoints panel against a real engine on 127.0.0.1 port 0: sending with Ctrl+Enter,
// cancelling, environment variables, saving and restoring tabs, tree operations reaching the
// files, openInTester and importing a real OpenAPI file.
#include "body_text_view.h"
#include "body_viewer.h"
#include "endpoints_plugin.h"
#include "endpoints_widget.h"
#include "engine_fixture.h"
#include "history_har.h"
#include "history_view.h"
#include "import_export.h"
#include "recent_requests_model.h"
#include "request_editor.h"
#include "request_tab.h"
#include "requests_view.h"
#include "response_view.h"
#include "runner_view.h"
#include "shell/shell_context.h"
#include "sse_view.h"
#include "starter_workspace.h"
#include "tester_actions.h"
#include "trace_waterfall.h"
#include "websocket_view.h"
#include "workspace/history_store.h"
#include "workspace/secret_store.h"
#include "workspace/workspace_store.h"
#include "workspace_sidebar.h"
#include "workspace_tree_model.h"

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTcpServer>
#include <QTcpSocket>
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
        // A first run opens a starter request, ready to send.
        QCOMPARE(m_panel->tabs()->count(), 1);
        QCOMPARE(m_panel->currentTab()->title(), QStringLiteral("List posts"));
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
        // The starter request's tests script ran on the response.
        QCOMPARE(tab->lastOutcome()->tests.size(), 1);
        QVERIFY(tab->lastOutcome()->tests[0].passed);
    }

    void preRequestScriptsSetEnvironmentVariables()
    {
        bb::workspace::HttpRequest r;
        r.url = QStringLiteral("{{baseUrl}}/healthz?who={{who}}");
        r.preRequestScript = QStringLiteral("pm.environment.set('who', 'script');");
        r.testScript = QStringLiteral("pm.test('is json', () => pm.response.to.be.json);\n"
                                      "pm.test('fails', () => pm.expect(1).to.equal(2));");
        RequestTab *tab = m_panel->openNew(r);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 15000);
        QVERIFY2(tab->lastOutcome()->scriptError.isEmpty(),
                 qPrintable(tab->lastOutcome()->scriptError));
        QVERIFY(tab->lastOutcome()->wire.url.endsWith(QStringLiteral("who=script")));
        QCOMPARE(tab->lastOutcome()->tests.size(), 2);
        QVERIFY(tab->lastOutcome()->tests[0].passed);
        QVERIFY(!tab->lastOutcome()->tests[1].passed);
        // The environment keeps what the script set, on disk too.
        bool saved = false;
        for (const auto &env : m_panel->store()->environments()) {
            for (const auto &v : env.variables)
                saved |= env.name == kLocalEnvironment && v.name == "who" && v.value == "script";
        }
        QVERIFY(saved);

        // A script that throws stops the send and says where.
        r.preRequestScript = QStringLiteral("\nthrow new Error('boom');");
        tab->editor()->setRequest(r);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->editor()->isRunning(), 15000);
        QVERIFY(tab->lastOutcome()->scriptError.contains(QStringLiteral("boom")));
        QCOMPARE(tab->lastOutcome()->response.status, 0);
        QVERIFY(tab->lastOutcome()->wire.url.isEmpty());
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
    }

    void oauth2TokenIsFetchedBeforeSending()
    {
        // A scripted token endpoint: every connection gets the same client-credentials answer.
        QTcpServer tokens;
        QVERIFY(tokens.listen(QHostAddress::LocalHost));
        QByteArray tokenRequest;
        connect(&tokens, &QTcpServer::newConnection, &tokens, [&] {
            QTcpSocket *s = tokens.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [&, s] {
                tokenRequest += s->readAll();
                if (!tokenRequest.contains("\r\n\r\n") || !tokenRequest.contains("grant_type"))
                    return;
                const QByteArray body =
                    R"({"access_token":"tok-123","token_type":"Bearer","expires_in":3600})";
                s->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
                s->disconnectFromHost();
            });
        });
        bb::workspace::HttpRequest r;
        r.url = QStringLiteral("{{baseUrl}}/healthz");
        r.auth.kind = bb::workspace::Auth::Kind::OAuth2;
        r.auth.grantType = QStringLiteral("client_credentials");
        r.auth.tokenUrl = QStringLiteral("http://127.0.0.1:%1/token").arg(tokens.serverPort());
        r.auth.clientId = QStringLiteral("cli");
        r.auth.clientSecret = QStringLiteral("sec");
        RequestTab *tab = m_panel->openNew(r);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 15000);
        QVERIFY(tokenRequest.contains("grant_type=client_credentials"));
        QCOMPARE(tab->editor()->request().auth.token, QStringLiteral("tok-123"));
        QCOMPARE(tab->lastOutcome()->response.status, 200);
        bool bearer = false;
        for (const auto &[name, value] : tab->lastOutcome()->response.requestHeaders)
            bearer |= name.compare("Authorization", Qt::CaseInsensitive) == 0 &&
                      value == "Bearer tok-123";
        QVERIFY(bearer);
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
    }

    void historyRestoresTheRequestAsSent()
    {
        bb::workspace::HistoryStore *history = m_panel->history();
        QVERIFY(history->size() >= 2);
        const bb::workspace::HistoryEntry &newest = history->entry(0);
        QVERIFY(newest.request.url.startsWith(m_engine->baseUrl())); // resolved, not {{baseUrl}}
        QCOMPARE(newest.status, 200);
        QCOMPARE(m_panel->historyView()->model()->rowCount(), history->size());
        m_panel->historyView()->searchField()->setText(QStringLiteral("who=script"));
        QCOMPARE(m_panel->historyView()->model()->rowCount(), 1);
        const int entry = m_panel->historyView()->model()->entryIndex(0);
        m_panel->historyView()->searchField()->clear();
        RequestTab *tab = m_panel->restoreHistory(entry);
        QVERIFY(tab);
        QVERIFY(tab->requestId().isEmpty());
        QVERIFY(tab->editor()->request().url.endsWith(QStringLiteral("/healthz?who=script")));
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
        // As HAR, the requests read back in the same order (oldest first).
        auto har = bb::workspace::importHar(historyAsHar(*history));
        QVERIFY(har);
        QCOMPARE(har->collection.root.requests.size(), history->size());
        QCOMPARE(har->collection.root.requests.last().url, newest.request.url);
        // The history is a file in the workspace's local state and survives a reopen.
        bb::workspace::HistoryStore again(history->fileName());
        QVERIFY(again.load());
        QCOMPARE(again.size(), history->size());
    }

    void loadTestNeedsTheLoadTester()
    {
        bb::workspace::HttpRequest r;
        r.url = QStringLiteral("{{baseUrl}}/api/v1/posts");
        RequestTab *tab = m_panel->openNew(r);
        QVERIFY(!m_panel->loadTest(tab));
        QVariantMap got;
        m_context->registerAction(kLoadTestAction, [&](const QVariantMap &args) { got = args; });
        QVERIFY(m_panel->loadTest(tab));
        QCOMPARE(got.value("url").toString(), m_engine->baseUrl() + "/api/v1/posts");
        m_context->unregisterAction(kLoadTestAction);
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
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
        QVERIFY(tab->response()->statusText().contains(QStringLiteral("Not sent")));
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
        QVERIFY(tab->response()->statusText().startsWith(QStringLiteral("Cancelled")));
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
        for (int i = 0; i < m_panel->tabs()->count(); ++i) {
            if (!m_panel->tabAt(i)->requestId().isEmpty()) // unsaved tabs do not come back
                ids.append(m_panel->tabAt(i)->requestId());
        }
        const QString active = m_panel->currentTab()->requestId();
        makePanel();
        QStringList restored;
        for (int i = 0; i < m_panel->tabs()->count(); ++i)
            restored.append(m_panel->tabAt(i)->requestId());
        QCOMPARE(restored, ids);
        QCOMPARE(m_panel->currentTab()->requestId(), active);
        QVERIFY(!m_panel->currentTab()->editor()->isDirty());
    }

    void cookiesAreKeptPerWorkspace()
    {
        bb::client::Cookie c;
        c.domain = "127.0.0.1";
        c.name = "session";
        c.value = "abc";
        QVERIFY(m_panel->client().cookies().add(c));
        makePanel();
        bool found = false;
        for (const bb::client::Cookie &k : m_panel->client().cookies().list())
            found |= k.name == "session" && k.value == "abc";
        QVERIFY(found);
        QVERIFY(QFile::exists(m_workspaceDir + QStringLiteral("/.backbench/cookies.txt")));
        m_panel->client().cookies().clear();
    }

    void realtimeTabsOpenAndClose()
    {
        const int before = m_panel->tabs()->count();
        QWidget *ws = m_panel->openRealtime(true, QStringLiteral("ws://127.0.0.1:1/socket"));
        QVERIFY(qobject_cast<bb::endpoints::WebSocketView *>(ws));
        QWidget *sse = m_panel->openRealtime(false);
        QVERIFY(qobject_cast<bb::endpoints::SseView *>(sse));
        QCOMPARE(m_panel->tabs()->count(), before + 2);
        m_panel->saveSession(); // realtime tabs are not requests: nothing to restore
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(ws)));
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(sse)));
        QCOMPARE(m_panel->tabs()->count(), before);
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

    void runsAFolderInARunnerTab()
    {
        const WorkspaceNode *posts = findByName(m_panel->store()->root(), QStringLiteral("Posts"));
        QVERIFY(posts);
        auto *runner = qobject_cast<RunnerView *>(m_panel->openRunner(posts->id));
        QVERIFY(runner);
        QCOMPARE(m_panel->tabs()->currentWidget(), runner);
        QSignalSpy finished(runner, &RunnerView::runFinished);
        runner->run();
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() == 1, 30000);
        const bb::tester::RunSummary &summary = runner->lastSummary();
        QVERIFY2(summary.error.isEmpty(), qPrintable(summary.error));
        QCOMPARE(summary.executions.size(), posts->children.size());
        // Every starter request's test passed: the token and baseUrl reached the runner.
        QVERIFY2(summary.failures.isEmpty(),
                 summary.failures.isEmpty() ? "" : qPrintable(summary.failures.first().message));
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(runner)));
    }

    // Declared after runsAFolderInARunnerTab on purpose: its "Create a post" emptied the engine's
    // cached post lists, so the "List posts" sent here is served by SQL the trace shows.
    void stagesTheScreenshotScenes()
    {
        QWidget *panel = m_panel.get();
        int count = 0;
        QVERIFY(QMetaObject::invokeMethod(panel, "screenshotSceneCount", Q_RETURN_ARG(int, count)));
        QCOMPARE(count, 5);
        QString name;
        // A scene that builds on an earlier one cannot be staged first: a reason, no crash.
        QVERIFY(QMetaObject::invokeMethod(panel, "prepareScreenshotScene",
                                          Q_RETURN_ARG(QString, name), Q_ARG(int, 1)));
        QVERIFY(name.isEmpty());
        QVERIFY2(m_panel->screenshotSceneProblem().contains(QStringLiteral("List posts")),
                 qPrintable(m_panel->screenshotSceneProblem()));
        QVERIFY(m_panel->prepareScreenshotScene(count).isEmpty());

        const QStringList names{"response-pretty", "response-timing", "response-tests",
                                "server-trace", "runner"};
        for (int i = 0; i < count; ++i) {
            QVERIFY(QMetaObject::invokeMethod(panel, "prepareScreenshotScene",
                                              Q_RETURN_ARG(QString, name), Q_ARG(int, i)));
            QCOMPARE(name, names[i]);
            QTRY_VERIFY2_WITH_TIMEOUT(m_panel->screenshotSceneReady(),
                                      qPrintable(m_panel->screenshotSceneProblem()), 20000);
            RequestTab *tab = m_panel->currentTab();
            switch (i) {
            case 0:
                QCOMPARE(tab->title(), QStringLiteral("List posts"));
                QCOMPARE(tab->response()->bodyViewer()->mode(), BodyViewer::Mode::Pretty);
                QCOMPARE(tab->response()->bodyViewer()->textView()->folds().foldedCount(), 1);
                break;
            case 1:
                QCOMPARE(tab->response()->tabs()->currentIndex(), int(ResponseView::TimingTab));
                break;
            case 2:
                QCOMPARE(tab->response()->testsTable()->rowCount(), 3);
                QCOMPARE(tab->response()->tabs()->tabText(ResponseView::TestsTab),
                         QStringLiteral("Tests (2/3)"));
                break;
            case 3:
                QCOMPARE(tab->title(), QStringLiteral("List posts"));
                QVERIFY2(tab->response()->traceWaterfall()->detailText().contains(
                             QStringLiteral("SELECT")),
                         qPrintable(tab->response()->traceWaterfall()->detailText()));
                // Stages of a few microseconds read as such, not as "0.00 ms".
                QCOMPARE(bb::plugins::common::formatMs(0.004), QStringLiteral("4 µs"));
                QCOMPARE(bb::plugins::common::formatMs(0), QStringLiteral("0 ms"));
                break;
            case 4: {
                auto *runner = qobject_cast<RunnerView *>(m_panel->tabs()->currentWidget());
                QVERIFY(runner);
                QVERIFY(runner->lastSummary().error.isEmpty());
                QCOMPARE(runner->lastSummary().executions.size(), 10); // 5 requests, 2 times
                break;
            }
            }
        }
        // Leave the tabs as the later tests expect them: the scenes' extra tabs closed.
        while (m_panel->tabs()->count() > 1)
            QVERIFY(m_panel->closeTab(m_panel->tabs()->count() - 1, false));
    }

    void theResponseGetsTheRoomAfterTheFirstSend()
    {
        const WorkspaceNode *health =
            findByName(m_panel->store()->root(), QStringLiteral("Health check"));
        bb::workspace::HttpRequest request = *m_panel->store()->request(health->id);
        RequestTab *tab = m_panel->openNew(request);
        QTRY_VERIFY(tab->isVisible());
        const int before = tab->splitter()->sizes().value(0);
        // Before any send the empty body says what to do rather than showing a blank box.
        QVERIFY(tab->response()->bodyViewer()->textView()->placeholderText().contains(
            QStringLiteral("Send")));
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 10000);
        const QList<int> after = tab->splitter()->sizes();
        QVERIFY2(after.value(0) < before,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after.value(0))));
        QVERIFY(after.value(0) <= (after.value(0) + after.value(1)) * 3 / 10 + 1 ||
                after.value(0) == tab->editor()->minimumSizeHint().height());
        // A size the user chose is kept on later sends.
        tab->splitter()->setSizes({before, after.value(0) + after.value(1) - before});
        emit tab->splitter()->splitterMoved(before, 1);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(!tab->editor()->isRunning(), 10000);
        QCOMPARE(tab->splitter()->sizes().value(0), before);
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
    }

    void serverRecentRequestsOpenInTheTester()
    {
        bb::plugins::server::RecentRequestsModel model;
        bb::engine::RecentRequest r;
        r.seq = 1;
        r.method = QStringLiteral("DELETE");
        r.path = QStringLiteral("/api/v1/posts/3");
        r.status = 204;
        model.append({r});
        bb::plugins::server::RequestsView view(&model);
        QStringList opened;
        bool installed = false;
        view.setOpenInTester(
            [&](const QString &method, const QString &path) { opened << method + " " + path; },
            [&] { return installed; });
        QVERIFY(!view.openInTester(0)); // no tester installed: nothing happens
        installed = true;
        QVERIFY(view.openInTester(0));
        QCOMPARE(opened, QStringList{QStringLiteral("DELETE /api/v1/posts/3")});
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

    void scriptVariablesOutliveTheSend()
    {
        // pm.collectionVariables.set lands in the request's collection, pm.globals.set in the
        // workspace's globals; the panel's own {{engineToken}} is never kept as a global.
        const WorkspaceNode *health =
            findByName(m_panel->store()->root(), QStringLiteral("Health check"));
        const QString healthId = health->id; // the tree goes with the panel's restart below
        const QString collection = WorkspaceStore::collectionIdOf(healthId);
        RequestTab *tab = m_panel->openRequest(healthId);
        bb::workspace::HttpRequest r = tab->editor()->request();
        r.preRequestScript = QStringLiteral("pm.collectionVariables.set('fromScript', 'c1');\n"
                                            "pm.globals.set('globalOne', 'g1');");
        tab->editor()->setRequest(r);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 15000);
        QVERIFY2(tab->lastOutcome()->scriptError.isEmpty(),
                 qPrintable(tab->lastOutcome()->scriptError));
        const auto vars = m_panel->store()->variables(collection);
        QVERIFY(vars);
        QVERIFY(vars->contains(bb::workspace::KeyValue{"fromScript", "c1", true}));
        QCOMPARE(m_panel->scopesFor({}, {}).value(QStringLiteral("globalOne")),
                 QStringLiteral("g1"));
        QFile globals(m_workspaceDir + QStringLiteral("/.backbench/globals.json"));
        QVERIFY(globals.open(QIODevice::ReadOnly));
        const QByteArray saved = globals.readAll();
        QVERIFY(saved.contains("globalOne"));
        QVERIFY(!saved.contains(kEngineTokenVariable.toUtf8()));
        QVERIFY(!saved.contains(m_context->accessToken().toUtf8()));
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
        // Both survive a restart.
        makePanel();
        QCOMPARE(m_panel->scopesFor({}, {}).value(QStringLiteral("globalOne")),
                 QStringLiteral("g1"));
        QCOMPARE(m_panel->scopesFor(healthId, {}).value(QStringLiteral("fromScript")),
                 QStringLiteral("c1"));

        // A send cancelled in its pre-request script changed nothing, so it keeps everything.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        r.preRequestScript = QStringLiteral("pm.sendRequest('http://127.0.0.1:%1/', () => {});")
                                 .arg(silent.serverPort());
        tab = m_panel->openRequest(healthId);
        tab->editor()->setRequest(r);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 10000);
        tab->sender()->cancel();
        QTRY_VERIFY(!tab->sender()->isRunning());
        QCOMPARE(m_panel->scopesFor(healthId, {}).value(QStringLiteral("globalOne")),
                 QStringLiteral("g1"));
        QCOMPARE(m_panel->scopesFor(healthId, {}).value(QStringLiteral("fromScript")),
                 QStringLiteral("c1"));
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
    }

    void historyAndHarKeepNoSecrets()
    {
        addSecretVariable();
        const QString secret = QStringLiteral("S3cr3tValue");
        const QString token = m_context->accessToken();
        QVERIFY(!token.isEmpty());
        bb::workspace::HttpRequest r;
        r.method = QStringLiteral("POST");
        r.url = QStringLiteral("{{baseUrl}}/healthz?k={{apiSecret}}&t={{engineToken}}");
        // Built at run time, as a token taken from a response would be: the script's own text
        // (kept in history) does not hold it.
        r.preRequestScript = QStringLiteral("pm.environment.set('apiSecret', ['S3cr3t', "
                                            "'Value'].join(''));");
        r.headers = {{QStringLiteral("X-Key"), QStringLiteral("{{apiSecret}}"), true},
                     {QStringLiteral("X-Token"), QStringLiteral("{{engineToken}}"), true},
                     {QStringLiteral("Cookie"), QStringLiteral("session=plainCookie"), true}};
        r.body.kind = bb::workspace::Body::Kind::Raw;
        r.body.text = QStringLiteral("{\"s\": \"{{apiSecret}}\", \"t\": \"{{engineToken}}\"}");
        r.auth.kind = bb::workspace::Auth::Kind::Bearer;
        r.auth.token = QStringLiteral("{{apiSecret}}");
        RequestTab *tab = m_panel->openNew(r);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 15000);
        QVERIFY2(tab->lastOutcome()->response.status > 0, qPrintable(tab->lastOutcome()->error));
        // The secrets did go out.
        QVERIFY(tab->lastOutcome()->wire.url.contains(secret));
        QVERIFY(tab->lastOutcome()->wire.url.contains(token));

        QFile file(m_panel->history()->fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray stored = file.readAll();
        QVERIFY2(!stored.contains(secret.toUtf8()), stored.constData());
        QVERIFY(!stored.contains(token.toUtf8()));
        const bb::workspace::HttpRequest kept = m_panel->history()->entry(0).request;
        QVERIFY(kept.url.contains(QStringLiteral("k={{apiSecret}}&t={{engineToken}}")));
        QCOMPARE(kept.auth.token, QStringLiteral("{{apiSecret}}"));
        QVERIFY(kept.body.text.contains(QStringLiteral("{{engineToken}}")));
        QVERIFY(stored.contains("plainCookie")); // not a secret: history keeps it

        const QByteArray har = historyAsHar(*m_panel->history());
        QVERIFY(!har.contains(secret.toUtf8()));
        QVERIFY(!har.contains(token.toUtf8()));
        QVERIFY(!har.contains("plainCookie")); // a HAR is for sharing: no Cookie values
        QVERIFY(har.contains("***"));

        // Restoring resolves the references again, with the token of now.
        RequestTab *restored = m_panel->restoreHistory(0);
        QVERIFY(restored);
        QCOMPARE(restored->editor()->request().auth.token, QStringLiteral("{{apiSecret}}"));
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(restored), false));
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
    }

    void scriptChangedSecretReachesTheKeychain()
    {
        addSecretVariable();
        bb::workspace::HttpRequest r;
        r.url = QStringLiteral("{{baseUrl}}/healthz");
        r.preRequestScript = QStringLiteral("pm.environment.set('apiSecret', 'fromScript');");
        RequestTab *tab = m_panel->openNew(r);
        m_panel->send(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 15000);
        QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
        // The file never holds the value; the keychain does, for the next start.
        for (const auto &env : m_panel->store()->environments()) {
            for (const auto &v : env.variables)
                QVERIFY(v.value != QStringLiteral("fromScript"));
        }
        bb::workspace::SecretStore keychain(m_panel->store()->rootDir());
        QTRY_VERIFY_WITH_TIMEOUT(keychain.isKnown(), 20000);
        if (!keychain.isPersistent())
            QSKIP("no keychain here (tst_endpoints_panel_keyring runs this with one)");
        bool done = false;
        QString value;
        // The panel's write may still be on its way: read until it has landed (bounded).
        for (int i = 0; i < 50 && value != QStringLiteral("fromScript"); ++i) {
            done = false;
            keychain.read(kLocalEnvironment, QStringLiteral("apiSecret"),
                          [&](bb::Result<QString> got) {
                              value = got ? *got : QString();
                              done = true;
                          });
            QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
            if (value != QStringLiteral("fromScript"))
                QTest::qWait(100);
        }
        QCOMPARE(value, QStringLiteral("fromScript"));
        // And a restarted panel resolves it from there.
        makePanel();
        QTRY_COMPARE_WITH_TIMEOUT(m_panel->scopesFor({}, {}).value(QStringLiteral("apiSecret")),
                                  QStringLiteral("fromScript"), 20000);
    }

    void eachTabGetsItsOwnServerTrace()
    {
        // Tab A's trace is still being fetched when tab B's send finishes: A still gets it.
        const WorkspaceNode *health =
            findByName(m_panel->store()->root(), QStringLiteral("Health check"));
        const WorkspaceNode *list =
            findByName(m_panel->store()->root(), QStringLiteral("List posts"));
        RequestTab *a = m_panel->openRequest(health->id);
        RequestTab *b = m_panel->openRequest(list->id);
        QList<RequestTab *> answered;
        auto record = [&](RequestTab *tab) { answered.append(tab); };
        connect(m_panel.get(), &EndpointsWidget::traceReady, this,
                [&](RequestTab *tab, const QByteArray &) { record(tab); });
        connect(m_panel.get(), &EndpointsWidget::traceUnavailable, this,
                [&](RequestTab *tab, const QString &) { record(tab); });
        m_panel->send(a);
        m_panel->send(b);
        QTRY_VERIFY_WITH_TIMEOUT(answered.contains(a) && answered.contains(b), 15000);
        disconnect(m_panel.get(), nullptr, this, nullptr);
        QCOMPARE(answered.count(a), 1);
        QCOMPARE(answered.count(b), 1);
    }

    void destroyingThePanelStopsAScriptInSendRequest()
    {
        // A server that accepts and never answers: the script waits in pm.sendRequest.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        bb::workspace::HttpRequest r;
        r.url = QStringLiteral("{{baseUrl}}/healthz");
        r.preRequestScript = QStringLiteral("pm.sendRequest('http://127.0.0.1:%1/slow', () => {});")
                                 .arg(silent.serverPort());
        for (int round = 0; round < 3; ++round) {
            // A plain send first, so the HTTP client's own thread is running before counting.
            bb::workspace::HttpRequest plain;
            plain.url = QStringLiteral("{{baseUrl}}/healthz");
            RequestTab *warm = m_panel->openNew(plain);
            m_panel->send(warm);
            QTRY_VERIFY_WITH_TIMEOUT(warm->lastOutcome().has_value(), 10000);
            QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(warm), false));
            const int baseline = threadCount();
            RequestTab *tab = m_panel->openNew(r);
            // Ctrl+Enter three times: each send stops the script of the one before, on the
            // tab's one script thread, instead of piling up threads (the old per-script threads
            // waited out their 10 s; threads just ending may linger a moment).
            int afterFirst = 0;
            for (int send = 0; send < 3; ++send) {
                m_panel->send(tab);
                QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), 10000);
                // Kept open (the server owns them): closing would end the wait at once.
                while (silent.hasPendingConnections())
                    silent.nextPendingConnection();
                if (send == 0)
                    afterFirst = threadCount();
            }
            QVERIFY(afterFirst > baseline);
            QTRY_VERIFY_WITH_TIMEOUT(threadCount() <= afterFirst, 2000);
            QElapsedTimer clock;
            clock.start();
            makePanel(); // destroys the panel, its tabs and its HTTP client
            // The script was stopped, not waited out (its limit is 10 s), and its thread joined.
            QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
            QTRY_VERIFY_WITH_TIMEOUT(threadCount() <= baseline, 2000);
        }
    }

private:
    /// A secret variable "apiSecret" (empty) in the Local engine environment, and a panel that
    /// has read it.
    void addSecretVariable()
    {
        for (bb::workspace::Environment env : m_panel->store()->environments()) {
            if (env.name != kLocalEnvironment)
                continue;
            env.variables.removeIf([](const auto &v) { return v.name == "apiSecret"; });
            env.variables.append({QStringLiteral("apiSecret"), QString(), true, true});
            QVERIFY(m_panel->store()->saveEnvironment(env));
        }
        makePanel();
        QCOMPARE(m_panel->environmentName(), kLocalEnvironment);
        QTest::qWait(300); // the keychain's (empty) answer for it
    }

    /// Threads of this process, less QThreadPool's: pooled threads linger after their work
    /// (the engine and DNS lookups use them), so they would make the count noisy.
    static int threadCount()
    {
        int n = 0;
        const QDir tasks(QStringLiteral("/proc/self/task"));
        for (const QString &t : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
            QFile comm(tasks.filePath(t + QStringLiteral("/comm")));
            if (comm.open(QIODevice::ReadOnly) && !comm.readAll().startsWith("Thread (pooled)"))
                ++n;
        }
        return n;
    }

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
