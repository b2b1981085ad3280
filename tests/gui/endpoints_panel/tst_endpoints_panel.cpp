// The Endpoints panel against a real engine on 127.0.0.1 port 0: sending with Ctrl+Enter,
// cancelling, environment variables, saving and restoring tabs, tree operations reaching the
// files, openInTester and importing a real OpenAPI file.
// This file: sending, cancelling, variables and scripts; the tree and tabs are in
// tst_endpoints_panel_tree.cpp, history, import and the other panels' actions in
// tst_endpoints_panel_history.cpp, the class and its setup in tst_endpoints_panel_support.h.
#include "tst_endpoints_panel_support.h"

void TestEndpointsPanel::sendsWithCtrlEnterAndShowsTheResponse()
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

void TestEndpointsPanel::preRequestScriptsSetEnvironmentVariables()
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

void TestEndpointsPanel::oauth2TokenIsFetchedBeforeSending()
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
        bearer |=
            name.compare("Authorization", Qt::CaseInsensitive) == 0 && value == "Bearer tok-123";
    QVERIFY(bearer);
    QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
}

void TestEndpointsPanel::resolvesVariablesFromTheEnvironmentAndFetchesTheTrace()
{
    const WorkspaceNode *list = findByName(m_panel->store()->root(), QStringLiteral("List posts"));
    RequestTab *tab = m_panel->openRequest(list->id);
    QVERIFY(tab->editor()->urlEdit()->unresolvedNames().isEmpty());
    QSignalSpy traced(m_panel.get(), &EndpointsWidget::traceReady);
    QSignalSpy untraced(m_panel.get(), &EndpointsWidget::traceUnavailable);
    m_panel->send(tab);
    QTRY_VERIFY_WITH_TIMEOUT(tab->lastOutcome().has_value(), 10000);
    // {{baseUrl}} came from "Local engine", {{engineToken}} from the target's token.
    QCOMPARE(tab->lastOutcome()->wire.url.left(m_engine->baseUrl().size()), m_engine->baseUrl());
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

void TestEndpointsPanel::cancelsASlowRequestWithEscape()
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

void TestEndpointsPanel::theResponseGetsTheRoomAfterTheFirstSend()
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

void TestEndpointsPanel::scriptVariablesOutliveTheSend()
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
    QCOMPARE(m_panel->scopesFor({}, {}).value(QStringLiteral("globalOne")), QStringLiteral("g1"));
    QFile globals(m_workspaceDir + QStringLiteral("/.backbench/globals.json"));
    QVERIFY(globals.open(QIODevice::ReadOnly));
    const QByteArray saved = globals.readAll();
    QVERIFY(saved.contains("globalOne"));
    QVERIFY(!saved.contains(kEngineTokenVariable.toUtf8()));
    QVERIFY(!saved.contains(m_context->accessToken().toUtf8()));
    QVERIFY(m_panel->closeTab(m_panel->tabs()->indexOf(tab), false));
    // Both survive a restart.
    makePanel();
    QCOMPARE(m_panel->scopesFor({}, {}).value(QStringLiteral("globalOne")), QStringLiteral("g1"));
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

void TestEndpointsPanel::scriptChangedSecretReachesTheKeychain()
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
        keychain.read(kLocalEnvironment, QStringLiteral("apiSecret"), [&](bb::Result<QString> got) {
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

void TestEndpointsPanel::eachTabGetsItsOwnServerTrace()
{
    // Tab A's trace is still being fetched when tab B's send finishes: A still gets it.
    const WorkspaceNode *health =
        findByName(m_panel->store()->root(), QStringLiteral("Health check"));
    const WorkspaceNode *list = findByName(m_panel->store()->root(), QStringLiteral("List posts"));
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

void TestEndpointsPanel::destroyingThePanelStopsAScriptInSendRequest()
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

QTEST_MAIN(TestEndpointsPanel)
