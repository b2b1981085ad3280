// bb::plugins::endpoints — the Endpoints panel: the workspace tree on the left, tabs of request
// editors with their responses on the right, the environment picker above; it sends requests,
// fetches the engine's trace of each one, and remembers open tabs across restarts.
#pragma once

#include "client/http_client.h"
#include "tester/variables.h"
#include "workspace/request.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QStackedWidget;
class QTabWidget;
class QToolButton;

namespace bb::shell {
class ShellContext;
}
namespace bb::workspace {
class HistoryStore;
class SecretStore;
class WorkspaceStore;
} // namespace bb::workspace

namespace bb::plugins::endpoints {

class HistoryView;
class OAuth2Fetcher;
class RequestTab;
class ScreenshotScenes;
class TraceFetcher;
class WorkspaceSidebar;
class WorkspaceTreeModel;
struct SendOutcome;

class EndpointsWidget : public QWidget {
    Q_OBJECT
public:
    /// Opens the workspace remembered in the plugin's settings, or `defaultWorkspaceDir` (seeded
    /// with the starter collection when empty).
    EndpointsWidget(shell::ShellContext &context, const QString &defaultWorkspaceDir,
                    QWidget *parent = nullptr);
    ~EndpointsWidget() override;

    /// Switches to another workspace folder (created when missing); remembered.
    bool openWorkspace(const QString &dir);
    workspace::WorkspaceStore *store() const { return m_store.get(); }
    WorkspaceTreeModel *treeModel() const { return m_treeModel; }
    WorkspaceSidebar *sidebar() const { return m_sidebar; }
    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *environmentCombo() const { return m_envCombo; }
    workspace::HistoryStore *history() const { return m_history.get(); }
    HistoryView *historyView() const { return m_historyView; }
    client::HttpClient &client() { return *m_client; }

    /// Opens a saved request (or focuses its tab).
    RequestTab *openRequest(const QString &id);
    /// Opens the history entry (HistoryStore index) as it was sent, in a new unsaved tab.
    RequestTab *restoreHistory(int entryIndex);
    /// A WebSocket or Server-Sent Events tab (C's realtime views) for `url`.
    QWidget *openRealtime(bool webSocket, const QString &url = {});
    /// A Runner tab for a collection or a folder in it (a tree id); null when it cannot be read.
    QWidget *openRunner(const QString &containerId);
    /// Hands the tab's request to the load tester ("loadTestRequest"); false when none is
    /// installed.
    bool loadTest(RequestTab *tab);
    /// Opens a new unsaved tab with `request`.
    RequestTab *openNew(const workspace::HttpRequest &request);
    RequestTab *currentTab() const;
    RequestTab *tabAt(int index) const;
    /// Sends the tab's request (what Ctrl+Enter does).
    void send(RequestTab *tab);
    /// Saves the tab through the store; an unsaved tab goes into `parentId` (asked when empty).
    bool save(RequestTab *tab, const QString &parentId = {});
    /// Closes a tab; a dirty one asks first unless `ask` is false (then edits are dropped).
    bool closeTab(int index, bool ask = true);
    /// Selects an environment by name; empty = "No environment".
    void setEnvironment(const QString &name);
    QString environmentName() const;
    /// The variables a send of `request` (saved as `requestId`, or unsaved) would see.
    tester::VariableScopes scopesFor(const QString &requestId,
                                     const workspace::HttpRequest &request) const;
    /// Imports a parsed collection into the workspace and shows its warnings (when `show`).
    QString importReport(const workspace::ImportReport &report, bool showWarnings = true);
    /// The request of the current tab as a curl command on the clipboard.
    bool copyCurrentAsCurl();
    /// Writes the open tabs' ids and the active one into the plugin settings.
    void saveSession() const;

    // The screenshot convention (app/screenshot_runner.h): scenes staged on a live engine.
    Q_INVOKABLE int screenshotSceneCount() const;
    /// Starts staging scene `index`; returns its name ("response-pretty"), empty on failure.
    Q_INVOKABLE QString prepareScreenshotScene(int index);
    Q_INVOKABLE bool screenshotSceneReady();
    /// Why the last prepareScreenshotScene failed.
    Q_INVOKABLE QString screenshotSceneProblem() const;

signals:
    /// A send finished (after its tab showed it); the trace may arrive later.
    void sendFinished(bb::plugins::endpoints::RequestTab *tab);
    /// The engine's trace for a tab's last send arrived (json) or will not (why).
    void traceReady(bb::plugins::endpoints::RequestTab *tab, const QByteArray &json);
    void traceUnavailable(bb::plugins::endpoints::RequestTab *tab, const QString &why);

private:
    QWidget *buildToolbar();
    RequestTab *addTab(const workspace::HttpRequest &request, const QString &id);
    void updateTabTitle(RequestTab *tab);
    void onSendFinished(RequestTab *tab, const SendOutcome &outcome);
    void restoreSession();
    void reloadEnvironments();
    void editEnvironments();
    void updateEmptyState();
    void refreshVariableLookups();
    void followIds(const QString &oldId, const QString &newId);
    void chooseWorkspace();
    void importFromMenu(int format);
    /// Writes the selected collection as a Postman v2.1 collection or a .http file.
    void exportCollection(bool postman);
    void exportHistoryHar();
    void showError(const QString &message);
    void recordHistory(const SendOutcome &outcome, const QString &sourceId);
    void keepScriptVariables(const SendOutcome &outcome, const QString &requestId);
    void keepScriptEnvironment(const SendOutcome &outcome);
    /// Stores a secret variable's value in the keychain (the workspace files never hold it).
    void writeSecret(const QString &environment, const workspace::Variable &variable);
    /// Variables whose values never go into history: {{engineToken}} and every secret.
    QStringList protectedVariables() const;
    void saveCookies() const;
    void showTabMenu(const QPoint &pos);
    void fetchSchema(RequestTab *tab);
    void fillSecrets();
    workspace::SecretStore *secrets();
    void releaseSecrets();
    void fetchToken(RequestTab *tab, bool thenSend);
    QString askContainer();
    workspace::RequestSettings collectionSettingsFor(const QString &requestId) const;
    bool isEngineUrl(const QString &url) const;

    shell::ShellContext &m_context;
    QString m_defaultDir;
    std::unique_ptr<client::HttpClient> m_client;
    std::unique_ptr<workspace::WorkspaceStore> m_store;
    WorkspaceTreeModel *m_treeModel = nullptr;
    WorkspaceSidebar *m_sidebar = nullptr;
    QTabWidget *m_tabs = nullptr;
    QStackedWidget *m_centre = nullptr;
    QComboBox *m_envCombo = nullptr;
    QToolButton *m_workspaceButton = nullptr;
    TraceFetcher *m_traces = nullptr;
    HistoryView *m_historyView = nullptr;
    std::unique_ptr<workspace::HistoryStore> m_history;
    workspace::SecretStore *m_secrets = nullptr;
    OAuth2Fetcher *m_oauth2 = nullptr;
    QList<workspace::Environment> m_environments;
    QList<workspace::KeyValue> m_globals; ///< pm.globals.set values, in .backbench/globals.json
    QHash<QString, QPointer<RequestTab>> m_traceTabs; ///< trace id → the tab that sent it
    ScreenshotScenes *m_scenes = nullptr;             ///< made on the first prepareScreenshotScene
    bool m_restoring = false;
};

} // namespace bb::plugins::endpoints
