// EndpointsWidget, continued: the tabs that are not request editors (runner, WebSocket, SSE) and
// the per-tab tools (the tab menu, load test, OAuth 2.0 token, GraphQL schema). Split from
// endpoints_widget.cpp along that seam.
#include "endpoints_widget.h"

#include "auth_editor.h"
#include "body_editor.h"
#include "graphql_completer.h"
#include "method_badge.h"
#include "oauth2_fetcher.h"
#include "request_editor.h"
#include "request_tab.h"
#include "response_view.h"
#include "runner_view.h"
#include "shell/shell_context.h"
#include "sse_view.h"
#include "starter_workspace.h"
#include "tester/oauth2_tokens.h"
#include "tester/request_builder.h"
#include "tester_actions.h"
#include "websocket_view.h"
#include "workspace/curl.h"
#include "workspace/workspace_store.h"

#include <QApplication>
#include <QClipboard>
#include <QMenu>
#include <QPointer>
#include <QTabBar>
#include <QTabWidget>

namespace bb::plugins::endpoints {

QWidget *EndpointsWidget::openRealtime(bool webSocket, const QString &url)
{
    QWidget *view = nullptr;
    if (webSocket) {
        auto *ws = new bb::endpoints::WebSocketView(m_tabs);
        if (!url.isEmpty())
            ws->setUrl(url);
        view = ws;
    } else {
        auto *sse = new bb::endpoints::SseView(m_tabs);
        if (!url.isEmpty())
            sse->setUrl(url);
        view = sse;
    }
    const int i =
        m_tabs->addTab(view, methodIcon(webSocket ? QStringLiteral("WS") : QStringLiteral("SSE")),
                       webSocket ? tr("WebSocket") : tr("Server-Sent Events"));
    m_tabs->setCurrentIndex(i);
    updateEmptyState();
    return view;
}

QWidget *EndpointsWidget::openRunner(const QString &containerId)
{
    if (!m_store)
        return nullptr;
    const QString collectionId = workspace::WorkspaceStore::collectionIdOf(containerId);
    auto collection = m_store->collection(collectionId);
    if (!collection) {
        showError(tr("Cannot run: %1").arg(collection.error().message));
        return nullptr;
    }
    // The runner names folders by their path of names inside the collection; tree ids are
    // file paths, so walk down from the collection collecting names.
    QStringList names;
    const workspace::WorkspaceNode *node = m_store->node(collectionId);
    while (node && node->id != containerId) {
        const workspace::WorkspaceNode *next = nullptr;
        for (const auto &c : node->children) {
            if (c.kind != workspace::WorkspaceNode::Kind::Request &&
                (c.id == containerId || containerId.startsWith(c.id + QLatin1Char('/')))) {
                next = &c;
                names.append(c.name);
                break;
            }
        }
        node = next;
    }
    auto *runner = new RunnerView(m_tabs);
    runner->setCollection(*collection, names.join(QLatin1Char('/')));
    const QString envName = environmentName();
    workspace::Environment runEnv{envName, {}};
    for (const auto &env : std::as_const(m_environments)) {
        if (env.name == envName)
            runEnv = env;
    }
    // {{engineToken}} as a single send has it, for runs against the engine itself.
    const QString base = scopesFor({}, {}).resolve(QStringLiteral("{{baseUrl}}"));
    if (isEngineUrl(base))
        runEnv.variables.append({kEngineTokenVariable, m_context.accessToken(), true, false});
    runner->setEnvironment(runEnv);
    connect(runner, &RunnerView::environmentChanged, this, [this](workspace::Environment env) {
        // What the run's scripts set stays in the environment, as after a single send;
        // the minted token does not.
        if (!m_store || env.name.isEmpty())
            return;
        env.variables.removeIf(
            [](const workspace::Variable &v) { return v.name == kEngineTokenVariable; });
        if (auto r = m_store->saveEnvironment(env); !r)
            showError(r.error().message);
        reloadEnvironments();
    });
    const QString title = names.isEmpty() ? collection->name : names.last();
    const int i = m_tabs->addTab(runner, tr("Run: %1").arg(title));
    m_tabs->setCurrentIndex(i);
    updateEmptyState();
    return runner;
}

bool EndpointsWidget::loadTest(RequestTab *tab)
{
    if (!tab || !m_context.hasAction(kLoadTestAction))
        return false;
    workspace::HttpRequest r = tab->editor()->request();
    const tester::VariableScopes scopes = scopesFor(tab->requestId(), r);
    // The load tester gets what would be sent, not our {{variables}}.
    r.url = scopes.resolve(r.url);
    for (workspace::KeyValue &h : r.headers)
        h.value = scopes.resolve(h.value);
    r.body.text = scopes.resolve(r.body.text);
    return m_context.invoke(kLoadTestAction, requestToVariant(r));
}

void EndpointsWidget::showTabMenu(const QPoint &pos)
{
    const int index = m_tabs->tabBar()->tabAt(pos);
    RequestTab *tab = tabAt(index);
    QMenu menu(this);
    if (tab) {
        menu.addAction(tr("Save"), this, [this, tab] { save(tab); });
        menu.addAction(tr("Copy as cURL"), this, [this, tab] {
            QApplication::clipboard()->setText(workspace::exportCurl(tab->editor()->request()));
        });
        QAction *load =
            menu.addAction(tr("Load test this request"), this, [this, tab] { loadTest(tab); });
        if (!m_context.hasAction(kLoadTestAction)) {
            load->setEnabled(false);
            load->setToolTip(tr("The load tester is not installed"));
            load->setText(tr("Load test this request (the load tester is not installed)"));
        }
        menu.addSeparator();
    }
    if (index >= 0)
        menu.addAction(tr("Close"), this, [this, index] { closeTab(index); });
    menu.addAction(tr("Close all"), this, [this] {
        for (int i = m_tabs->count() - 1; i >= 0; --i) {
            if (!closeTab(i))
                return;
        }
    });
    menu.exec(m_tabs->tabBar()->mapToGlobal(pos));
}

void EndpointsWidget::fetchToken(RequestTab *tab, bool thenSend)
{
    const workspace::HttpRequest r = tab->editor()->request();
    const tester::VariableScopes scopes = scopesFor(tab->requestId(), r);
    const workspace::Auth auth = tester::resolveOAuth2Fields(r.auth, scopes);
    QPointer<RequestTab> guard(tab);
    tab->response()->showRunning();
    m_oauth2->fetch(auth, [this, guard, thenSend](Result<QString> token) {
        if (!guard)
            return;
        if (!token) {
            client::HttpResponse failed;
            failed.error = tr("Not sent: OAuth 2.0 token: %1").arg(token.error().message);
            guard->response()->setResponse(failed);
            return;
        }
        guard->editor()->authEditor()->setOAuth2Token(*token);
        if (thenSend)
            send(guard);
        else
            guard->response()->clear();
    });
}

void EndpointsWidget::fetchSchema(RequestTab *tab)
{
    auto *completer = tab->findChild<bb::endpoints::GraphQlCompleter *>();
    if (!completer) {
        completer = new bb::endpoints::GraphQlCompleter(
            tab->editor()->bodyEditor()->graphQlEditor(), m_client.get(), tab);
        BodyEditor *body = tab->editor()->bodyEditor();
        connect(completer, &bb::endpoints::GraphQlCompleter::schemaLoaded, body, [body] {
            body->setSchemaStatus(tr("Schema loaded: Ctrl+Space completes field names"));
        });
        connect(completer, &bb::endpoints::GraphQlCompleter::schemaFailed, body,
                [body](const QString &why) { body->setSchemaStatus(why); });
    }
    // The introspection request goes where the query would, with its headers and auth.
    const workspace::HttpRequest r = tab->editor()->request();
    tester::VariableScopes scopes = scopesFor(tab->requestId(), r);
    if (isEngineUrl(scopes.resolve(r.url)))
        scopes.set(tester::Scope::Global, kEngineTokenVariable, m_context.accessToken());
    auto built = tester::buildRequest(r, scopes, collectionSettingsFor(tab->requestId()));
    if (!built) {
        tab->editor()->bodyEditor()->setSchemaStatus(built.error().message);
        return;
    }
    tab->editor()->bodyEditor()->setSchemaStatus(tr("Loading the schema…"));
    completer->fetchSchema(built->wire.url, built->wire.headers, built->wire);
}

} // namespace bb::plugins::endpoints
