#include "endpoints_widget.h"

#include "endpoints_settings_p.h"

#include "auth_editor.h"
#include "body_editor.h"
#include "cookie_dialog.h"
#include "environment_dialog.h"
#include "global_variables.h"
#include "graphql_completer.h"
#include "history_har.h"
#include "history_view.h"
#include "import_export.h"
#include "method_badge.h"
#include "oauth2_fetcher.h"
#include "request_editor.h"
#include "request_tab.h"
#include "response_view.h"
#include "runner_view.h"
#include "screenshot_scenes.h"
#include "send_controller.h"
#include "shell/shell_context.h"
#include "sse_view.h"
#include "starter_workspace.h"
#include "tester/oauth2_tokens.h"
#include "tester_actions.h"
#include "trace_fetcher.h"
#include "variable_changes.h"
#include "websocket_view.h"
#include "workspace/curl.h"
#include "workspace/har.h"
#include "workspace/history_store.h"
#include "workspace/http_file.h"
#include "workspace/postman.h"
#include "workspace/secret_store.h"
#include "workspace/workspace_store.h"
#include "workspace_sidebar.h"
#include "workspace_tree_model.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

EndpointsWidget::EndpointsWidget(shell::ShellContext &context, const QString &defaultWorkspaceDir,
                                 QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_defaultDir(defaultWorkspaceDir)
    , m_client(std::make_unique<client::HttpClient>())
{
    m_treeModel = new WorkspaceTreeModel(this);
    m_sidebar = new WorkspaceSidebar(m_treeModel, this);
    m_oauth2 = new OAuth2Fetcher(this);
    m_traces = new TraceFetcher(
        m_client.get(), [this] { return m_context.accessToken(); }, this);

    auto *left = new QTabWidget(this);
    left->setObjectName(QStringLiteral("sidebarTabs"));
    left->setDocumentMode(true);
    left->addTab(m_sidebar, tr("Collections"));
    m_historyView = new HistoryView(this);
    left->addTab(m_historyView, tr("History"));
    connect(m_historyView, &HistoryView::restoreRequested, this,
            [this](int i) { restoreHistory(i); });

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("requestTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setElideMode(Qt::ElideRight);
    m_tabs->setIconSize(QSize(28, 16));
    m_tabs->tabBar()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_tabs->tabBar(), &QWidget::customContextMenuRequested, this,
            &EndpointsWidget::showTabMenu);

    auto *empty = new QWidget(this);
    auto *emptyLayout = new QVBoxLayout(empty);
    auto *emptyTitle = new QLabel(tr("No request open"), empty);
    QFont big = emptyTitle->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    emptyTitle->setFont(big);
    auto *emptyHint = new QLabel(tr("Double-click a request in the tree, or start a new one.\n"
                                    "Ctrl+Enter sends, Ctrl+S saves, Ctrl+T opens a new tab."),
                                 empty);
    emptyHint->setAlignment(Qt::AlignCenter);
    emptyHint->setEnabled(false);
    auto *newButton = new QPushButton(tr("New request"), empty);
    newButton->setObjectName(QStringLiteral("emptyNewRequest"));
    auto *importButton = new QPushButton(tr("Import a cURL command…"), empty);
    connect(newButton, &QPushButton::clicked, this, [this] { openNew({}); });
    connect(importButton, &QPushButton::clicked, this,
            [this] { importFromMenu(int(ImportFormat::Curl)); });
    auto *emptyButtons = new QHBoxLayout;
    emptyButtons->addStretch(1);
    emptyButtons->addWidget(newButton);
    emptyButtons->addWidget(importButton);
    emptyButtons->addStretch(1);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(emptyTitle, 0, Qt::AlignCenter);
    emptyLayout->addWidget(emptyHint, 0, Qt::AlignCenter);
    emptyLayout->addSpacing(12);
    emptyLayout->addLayout(emptyButtons);
    emptyLayout->addStretch(2);

    m_centre = new QStackedWidget(this);
    m_centre->addWidget(empty);
    m_centre->addWidget(m_tabs);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setObjectName(QStringLiteral("endpointsSplit"));
    split->setChildrenCollapsible(false);
    split->addWidget(left);
    split->addWidget(m_centre);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({270, 900});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(buildToolbar());
    layout->addWidget(split, 1);

    connect(m_sidebar, &WorkspaceSidebar::openRequested, this,
            [this](const QString &id) { openRequest(id); });
    connect(m_sidebar, &WorkspaceSidebar::failed, this, &EndpointsWidget::showError);
    connect(m_sidebar, &WorkspaceSidebar::runRequested, this,
            [this](const QString &id) { openRunner(id); });
    connect(m_sidebar, &WorkspaceSidebar::removed, this, [this](const QString &id) {
        // Tabs of removed requests become unsaved copies rather than vanishing with the edits.
        for (int i = 0; i < m_tabs->count(); ++i) {
            RequestTab *tab = tabAt(i);
            if (tab &&
                (tab->requestId() == id || tab->requestId().startsWith(id + QLatin1Char('/'))))
                tab->setRequestId({});
        }
        saveSession();
    });
    connect(m_treeModel, &WorkspaceTreeModel::idChanged, this, &EndpointsWidget::followIds);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int i) { closeTab(i); });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (!m_restoring)
            saveSession();
    });
    connect(m_envCombo, &QComboBox::currentIndexChanged, this, [this] {
        if (m_restoring)
            return;
        m_context.settings(kPluginId).setValue(kEnvironmentKey, environmentName());
        refreshVariableLookups();
    });
    connect(m_traces, &TraceFetcher::fetched, this,
            [this](const QString &traceId, const QByteArray &json) {
                if (RequestTab *tab = m_traceTabs.take(traceId)) {
                    tab->response()->setServerTrace(json);
                    emit traceReady(tab, json);
                }
            });
    connect(m_traces, &TraceFetcher::unavailable, this,
            [this](const QString &traceId, const QString &why) {
                if (RequestTab *tab = m_traceTabs.take(traceId)) {
                    tab->response()->setServerTraceUnavailable(why);
                    emit traceUnavailable(tab, why);
                }
            });
    connect(&m_context, &shell::ShellContext::targetChanged, this, [this] {
        if (m_store && m_context.target().local) {
            if (auto r = followEngine(*m_store, m_context.target().baseUrl); !r)
                showError(r.error().message);
            reloadEnvironments();
        }
    });

    auto shortcut = [this](const QKeySequence &key, auto slot) {
        auto *s = new QShortcut(key, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    shortcut(QKeySequence::Save, [this] {
        if (auto *tab = currentTab())
            save(tab);
    });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_T), [this] { openNew({}); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_W), [this] {
        if (m_tabs->currentIndex() >= 0)
            closeTab(m_tabs->currentIndex());
    });

    const QString dir = m_context.settings(kPluginId).value(kWorkspaceKey, m_defaultDir).toString();
    if (!openWorkspace(dir) && dir != m_defaultDir)
        openWorkspace(m_defaultDir);
    updateEmptyState();
}

EndpointsWidget::~EndpointsWidget()
{
    saveSession();
    saveCookies();
    releaseSecrets();
    m_restoring = true; // removing the tabs below must not save a shrinking session
    // Tabs hold send controllers whose transfers belong to the client; let them go first.
    while (m_tabs->count() > 0) {
        QWidget *w = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete w;
    }
}

QWidget *EndpointsWidget::buildToolbar()
{
    auto *bar = new QWidget(this);
    bar->setObjectName(QStringLiteral("endpointsToolbar"));
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(6);

    auto *newMenu = new QMenu(bar);
    newMenu->addAction(tr("HTTP request"), QKeySequence(Qt::CTRL | Qt::Key_T), this,
                       [this] { openNew({}); });
    newMenu->addAction(tr("WebSocket"), this, [this] { openRealtime(true); });
    newMenu->addAction(tr("Server-Sent Events"), this, [this] { openRealtime(false); });
    newMenu->addSeparator();
    newMenu->addAction(tr("Request in the selected folder…"), this, [this] {
        QString parent = m_sidebar->currentId();
        if (const auto *node = m_store ? m_store->node(parent) : nullptr;
            node && node->kind == workspace::WorkspaceNode::Kind::Request)
            parent = parent.section(QLatin1Char('/'), 0, -2);
        if (parent.isEmpty())
            parent = askContainer();
        if (!parent.isEmpty())
            m_sidebar->newRequest(parent);
    });
    newMenu->addAction(tr("Folder…"), this, [this] {
        const QString parent = askContainer();
        if (!parent.isEmpty())
            m_sidebar->newFolder(parent);
    });
    newMenu->addAction(tr("Collection…"), this, [this] { m_sidebar->newCollection(); });
    auto *newButton = new QToolButton(bar);
    newButton->setObjectName(QStringLiteral("newButton"));
    newButton->setText(tr("New"));
    newButton->setMenu(newMenu);
    newButton->setPopupMode(QToolButton::InstantPopup);
    newButton->setToolButtonStyle(Qt::ToolButtonTextOnly);

    auto *importMenu = new QMenu(bar);
    for (ImportFormat f : {ImportFormat::Curl, ImportFormat::Postman, ImportFormat::OpenApi,
                           ImportFormat::Har, ImportFormat::HttpFile})
        importMenu->addAction(importFormatName(f) + QStringLiteral("…"), this,
                              [this, f] { importFromMenu(int(f)); });
    auto *importButton = new QToolButton(bar);
    importButton->setText(tr("Import"));
    importButton->setMenu(importMenu);
    importButton->setPopupMode(QToolButton::InstantPopup);

    auto *exportMenu = new QMenu(bar);
    exportMenu->addAction(tr("Collection as Postman v2.1…"), this,
                          [this] { exportCollection(true); });
    exportMenu->addAction(tr("Collection as .http file…"), this,
                          [this] { exportCollection(false); });
    exportMenu->addAction(tr("Current request as cURL (to clipboard)"), this,
                          [this] { copyCurrentAsCurl(); });
    exportMenu->addAction(tr("History as HAR…"), this, &EndpointsWidget::exportHistoryHar);
    auto *exportButton = new QToolButton(bar);
    exportButton->setText(tr("Export"));
    exportButton->setMenu(exportMenu);
    exportButton->setPopupMode(QToolButton::InstantPopup);

    m_workspaceButton = new QToolButton(bar);
    m_workspaceButton->setObjectName(QStringLiteral("workspaceButton"));
    m_workspaceButton->setToolTip(tr("The workspace folder: plain files you can keep in git"));
    auto *wsMenu = new QMenu(bar);
    wsMenu->addAction(tr("Open workspace folder…"), this, &EndpointsWidget::chooseWorkspace);
    wsMenu->addAction(tr("Reload from disk"), this, [this] {
        // After a git pull or an edit in another editor.
        if (!m_store)
            return;
        if (auto r = m_store->reload(); !r)
            showError(tr("Cannot reload the workspace: %1").arg(r.error().message));
        m_treeModel->reload();
        reloadEnvironments();
    });
    wsMenu->addAction(tr("Back to the default workspace"), this,
                      [this] { openWorkspace(m_defaultDir); });
    m_workspaceButton->setMenu(wsMenu);
    m_workspaceButton->setPopupMode(QToolButton::InstantPopup);

    m_envCombo = new QComboBox(bar);
    m_envCombo->setObjectName(QStringLiteral("environmentCombo"));
    m_envCombo->setMinimumContentsLength(14);
    m_envCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_envCombo->setToolTip(tr("The environment whose variables fill in {{names}}"));
    auto *cookies = new QToolButton(bar);
    cookies->setObjectName(QStringLiteral("cookiesButton"));
    cookies->setText(tr("Cookies…"));
    cookies->setToolTip(tr("The cookies servers set, kept per workspace"));
    connect(cookies, &QToolButton::clicked, this, [this] {
        CookieDialog(m_client->cookies(), this).exec();
        saveCookies();
    });
    auto *envEdit = new QToolButton(bar);
    envEdit->setText(tr("Environments…"));
    envEdit->setToolTip(tr("Add, edit and remove environments and their variables"));
    connect(envEdit, &QToolButton::clicked, this, &EndpointsWidget::editEnvironments);

    layout->addWidget(newButton);
    layout->addWidget(importButton);
    layout->addWidget(exportButton);
    layout->addSpacing(12);
    layout->addWidget(m_workspaceButton);
    layout->addStretch(1);
    layout->addWidget(new QLabel(tr("Environment:"), bar));
    layout->addWidget(m_envCombo);
    layout->addWidget(envEdit);
    layout->addSpacing(12);
    layout->addWidget(cookies);
    return bar;
}

bool EndpointsWidget::openWorkspace(const QString &dir)
{
    auto opened = workspace::WorkspaceStore::open(dir);
    if (!opened) {
        showError(tr("Cannot open the workspace %1: %2").arg(dir, opened.error().message));
        return false;
    }
    // Leaving a workspace closes its tabs (their ids mean nothing in the next one); dirty ones
    // were the user's to save, so ask.
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        if (!closeTab(i, isVisible()))
            return false;
    }
    saveCookies();
    m_historyView->setStore(nullptr);
    m_store = std::move(opened.value());
    m_history = std::make_unique<workspace::HistoryStore>(
        QDir(m_store->localStateDir()).filePath(QStringLiteral("history.jsonl")));
    if (auto loaded = m_history->load(); !loaded)
        showError(tr("Cannot read the history: %1").arg(loaded.error().message));
    m_historyView->setStore(m_history.get());
    auto globals = loadGlobals(globalsPath(m_store->localStateDir()));
    if (!globals)
        showError(tr("Cannot read the global variables: %1").arg(globals.error().message));
    m_globals = globals ? *globals : QList<workspace::KeyValue>{};
    m_client->cookies().clear();
    const QString cookieFile =
        QDir(m_store->localStateDir()).filePath(QStringLiteral("cookies.txt"));
    if (QFile::exists(cookieFile)) {
        if (auto r = m_client->cookies().loadFrom(cookieFile); !r)
            showError(tr("Cannot read the cookies: %1").arg(r.error().message));
    }
    releaseSecrets();
    auto settings = m_context.settings(kPluginId);
    if (settings.value(kWorkspaceKey).toString() != dir) {
        settings.setValue(kWorkspaceKey, dir);
        settings.remove(kTabsKey);
        settings.remove(kActiveKey);
    }
    const QUrl engine = m_context.target().baseUrl;
    const bool fresh = m_store->root().children.isEmpty();
    if (auto seeded = seedIfEmpty(*m_store, engine.isValid() && !engine.isEmpty()
                                                ? engine
                                                : QUrl(QStringLiteral("http://127.0.0.1:8080")));
        !seeded)
        showError(seeded.error().message);
    if (m_context.target().local) {
        if (auto r = followEngine(*m_store, m_context.target().baseUrl); !r)
            showError(r.error().message);
    }
    m_treeModel->setStore(m_store.get());
    m_sidebar->tree()->expandToDepth(fresh ? 1 : 0);
    m_workspaceButton->setText(tr("Workspace: %1").arg(QDir(dir).dirName()));
    reloadEnvironments();
    restoreSession();
    if (fresh && m_tabs->count() == 0) {
        // A first run shows a request ready to send rather than an empty page.
        const auto &root = m_store->root();
        if (!root.children.isEmpty()) {
            for (const auto &c : root.children.first().children) {
                if (c.kind == workspace::WorkspaceNode::Kind::Folder && !c.children.isEmpty()) {
                    openRequest(c.children.first().id);
                    break;
                }
            }
        }
    }
    return true;
}

void EndpointsWidget::chooseWorkspace()
{
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a workspace folder"), m_store ? m_store->rootDir() : QDir::homePath());
    if (!dir.isEmpty())
        openWorkspace(dir);
}

bool EndpointsWidget::isEngineUrl(const QString &url) const
{
    return isSameOrigin(QUrl(url), m_context.target().baseUrl);
}

void EndpointsWidget::send(RequestTab *tab)
{
    if (!tab)
        return;
    const workspace::HttpRequest request = tab->editor()->request();
    if (request.auth.kind == workspace::Auth::Kind::OAuth2 && request.auth.token.isEmpty()) {
        // No token yet: get one (cached per token URL, client and scope), then send.
        fetchToken(tab, true);
        return;
    }
    tester::VariableScopes scopes = scopesFor(tab->requestId(), request);
    // {{engineToken}}: a fresh token of the GUI's own admin, only for the engine itself.
    const QString resolvedUrl = scopes.resolve(request.url);
    if (isEngineUrl(resolvedUrl))
        scopes.set(tester::Scope::Global, kEngineTokenVariable, m_context.accessToken());
    tester::BuildOptions options;
    if (m_store)
        options.baseDir = m_store->rootDir();
    tab->sender()->send(request, scopes, collectionSettingsFor(tab->requestId()), options);
}

void EndpointsWidget::onSendFinished(RequestTab *tab, const SendOutcome &outcome)
{
    if (!outcome.cancelled && (outcome.response.status > 0 || !outcome.wire.url.isEmpty()))
        recordHistory(outcome, tab->requestId());
    keepScriptVariables(outcome, tab->requestId());
    saveCookies();
    emit sendFinished(tab);
    if (outcome.response.status == 0)
        return;
    // The engine answers with the traceparent it continued; a request that went anywhere else
    // has no server side we can show.
    QString traceId = traceIdOf(outcome.response.header("traceparent"));
    const bool engine = isEngineUrl(outcome.wire.url);
    if (traceId.isEmpty() && engine)
        traceId = outcome.traceId;
    if (!traceId.isEmpty() && (engine || !outcome.response.header("traceparent").isEmpty())) {
        QUrl base = engine ? m_context.target().baseUrl : QUrl(outcome.response.effectiveUrl);
        if (!engine)
            base.setPath({});
        // One trace per tab: this tab's older send is superseded, other tabs keep theirs.
        for (auto it = m_traceTabs.begin(); it != m_traceTabs.end();) {
            if (!it.value() || it.value() == tab)
                it = m_traceTabs.erase(it);
            else
                ++it;
        }
        m_traceTabs.insert(traceId, tab);
        m_traces->fetch(base, traceId);
    } else {
        tab->response()->setServerTraceUnavailable(
            tr("%1 is not the Backbench engine this app targets, so there is no server side "
               "to show")
                .arg(QUrl(outcome.wire.url).authority()));
    }
}

bool EndpointsWidget::save(RequestTab *tab, const QString &parentId)
{
    if (!tab || !m_store)
        return false;
    workspace::HttpRequest r = tab->editor()->request();
    if (tab->requestId().isEmpty()) {
        const QString parent = parentId.isEmpty() ? askContainer() : parentId;
        if (parent.isEmpty())
            return false;
        if (r.name.isEmpty()) {
            bool ok = false;
            r.name = QInputDialog::getText(this, tr("Save request"), tr("Name:"), QLineEdit::Normal,
                                           tab->title(), &ok)
                         .trimmed();
            if (!ok || r.name.isEmpty())
                return false;
        }
        auto id = m_store->addRequest(parent, r);
        if (!id) {
            showError(tr("Cannot save: %1").arg(id.error().message));
            return false;
        }
        tab->setRequestId(*id);
        tab->editor()->setRequest(r, collectionSettingsFor(*id));
        m_treeModel->reload();
        m_sidebar->select(*id);
    } else {
        auto saved = m_store->saveRequest(tab->requestId(), r);
        if (!saved) {
            showError(tr("Cannot save: %1").arg(saved.error().message));
            return false;
        }
        tab->editor()->markSaved();
        m_treeModel->reload();
        m_sidebar->select(tab->requestId());
    }
    updateTabTitle(tab);
    saveSession();
    return true;
}

QString EndpointsWidget::askContainer()
{
    if (!m_store)
        return {};
    QStringList labels;
    QStringList ids;
    std::function<void(const workspace::WorkspaceNode &, int)> walk =
        [&](const workspace::WorkspaceNode &n, int depth) {
            for (const auto &c : n.children) {
                if (c.kind == workspace::WorkspaceNode::Kind::Request)
                    continue;
                labels.append(QString(depth * 4, QLatin1Char(' ')) + c.name);
                ids.append(c.id);
                walk(c, depth + 1);
            }
        };
    walk(m_store->root(), 0);
    if (ids.isEmpty()) {
        const QString id = m_sidebar->newCollection();
        return id;
    }
    bool ok = false;
    const QString picked = QInputDialog::getItem(this, tr("Save to"), tr("Collection or folder:"),
                                                 labels, 0, false, &ok);
    if (!ok)
        return {};
    return ids.value(labels.indexOf(picked));
}

void EndpointsWidget::showError(const QString &message)
{
    if (isVisible())
        QMessageBox::warning(this, tr("Endpoints"), message);
    else
        qWarning("endpoints: %s", qPrintable(message));
}

int EndpointsWidget::screenshotSceneCount() const
{
    return int(ScreenshotScenes::names().size());
}

QString EndpointsWidget::prepareScreenshotScene(int index)
{
    if (!m_scenes)
        m_scenes = new ScreenshotScenes(*this);
    if (!m_scenes->prepare(index))
        return {};
    return ScreenshotScenes::names().value(index);
}

bool EndpointsWidget::screenshotSceneReady()
{
    return m_scenes && m_scenes->isReady();
}

QString EndpointsWidget::screenshotSceneProblem() const
{
    return m_scenes ? m_scenes->problem() : QString();
}

} // namespace bb::plugins::endpoints
