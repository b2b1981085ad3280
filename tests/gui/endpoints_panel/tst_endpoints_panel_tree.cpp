// TestEndpointsPanel, part: the starter workspace, tabs across a restart, cookies, realtime
// tabs, tree operations and search, running a folder and the screenshot scenes.
#include "tst_endpoints_panel_support.h"

void TestEndpointsPanel::firstRunSeedsAStarterWorkspace()
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

void TestEndpointsPanel::savesAndRestoresTabsAcrossARestart()
{
    const WorkspaceNode *get = findByName(m_panel->store()->root(), QStringLiteral("Get a post"));
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

void TestEndpointsPanel::cookiesAreKeptPerWorkspace()
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

void TestEndpointsPanel::realtimeTabsOpenAndClose()
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

void TestEndpointsPanel::treeOperationsReachTheFiles()
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
    const QString renamed = findByName(m_panel->store()->root(), QStringLiteral("Ping twice"))->id;
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

void TestEndpointsPanel::searchFiltersTheTree()
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

void TestEndpointsPanel::runsAFolderInARunnerTab()
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
void TestEndpointsPanel::stagesTheScreenshotScenes()
{
    QWidget *panel = m_panel.get();
    int count = 0;
    QVERIFY(QMetaObject::invokeMethod(panel, "screenshotSceneCount", Q_RETURN_ARG(int, count)));
    QCOMPARE(count, 5);
    QString name;
    // A scene that builds on an earlier one cannot be staged first: a reason, no crash.
    QVERIFY(QMetaObject::invokeMethod(panel, "prepareScreenshotScene", Q_RETURN_ARG(QString, name),
                                      Q_ARG(int, 1)));
    QVERIFY(name.isEmpty());
    QVERIFY2(m_panel->screenshotSceneProblem().contains(QStringLiteral("List posts")),
             qPrintable(m_panel->screenshotSceneProblem()));
    QVERIFY(m_panel->prepareScreenshotScene(count).isEmpty());

    const QStringList names{"response-pretty", "response-timing", "response-tests", "server-trace",
                            "runner"};
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
            QVERIFY2(
                tab->response()->traceWaterfall()->detailText().contains(QStringLiteral("SELECT")),
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
