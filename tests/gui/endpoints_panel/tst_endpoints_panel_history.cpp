// TestEndpointsPanel, part: history and HAR, importing OpenAPI, and actions from other panels
// (load test, openInTester, the server's recent requests).
#include "tst_endpoints_panel_support.h"

void TestEndpointsPanel::historyRestoresTheRequestAsSent()
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

void TestEndpointsPanel::loadTestNeedsTheLoadTester()
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

void TestEndpointsPanel::openInTesterFromAVariantMap()
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

void TestEndpointsPanel::serverRecentRequestsOpenInTheTester()
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

void TestEndpointsPanel::importsAnOpenApiFixture()
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

void TestEndpointsPanel::historyAndHarKeepNoSecrets()
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
