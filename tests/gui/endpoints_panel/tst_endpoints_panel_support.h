// TestEndpointsPanel: the Endpoints panel suite's class, its engine, panel and shared setup. The
// test functions are defined in tst_endpoints_panel.cpp and tst_endpoints_panel_*.cpp.
#pragma once

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

namespace endpoints_panel {

// The first node named `name` anywhere below `node`.
inline const WorkspaceNode *findByName(const WorkspaceNode &node, const QString &name)
{
    for (const WorkspaceNode &c : node.children) {
        if (c.name == name)
            return &c;
        if (const WorkspaceNode *found = findByName(c, name))
            return found;
    }
    return nullptr;
}

} // namespace endpoints_panel

using namespace endpoints_panel;

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

    void firstRunSeedsAStarterWorkspace();
    void sendsWithCtrlEnterAndShowsTheResponse();
    void preRequestScriptsSetEnvironmentVariables();
    void oauth2TokenIsFetchedBeforeSending();
    void historyRestoresTheRequestAsSent();
    void loadTestNeedsTheLoadTester();
    void resolvesVariablesFromTheEnvironmentAndFetchesTheTrace();
    void cancelsASlowRequestWithEscape();
    void savesAndRestoresTabsAcrossARestart();
    void cookiesAreKeptPerWorkspace();
    void realtimeTabsOpenAndClose();
    void treeOperationsReachTheFiles();
    void searchFiltersTheTree();
    void openInTesterFromAVariantMap();
    void runsAFolderInARunnerTab();
    void stagesTheScreenshotScenes();
    void theResponseGetsTheRoomAfterTheFirstSend();
    void serverRecentRequestsOpenInTheTester();
    void importsAnOpenApiFixture();
    void scriptVariablesOutliveTheSend();
    void historyAndHarKeepNoSecrets();
    void scriptChangedSecretReachesTheKeychain();
    void eachTabGetsItsOwnServerTrace();
    void destroyingThePanelStopsAScriptInSendRequest();

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
