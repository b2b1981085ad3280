// EndpointsWidget, continued: environments and the variable scopes a send resolves against —
// the selected environment, secrets filled in from the keychain, collection and folder
// variables, globals. Split from endpoints_widget.cpp along that seam.
#include "endpoints_widget.h"

#include "endpoints_settings_p.h"
#include "environment_dialog.h"
#include "request_editor.h"
#include "request_tab.h"
#include "shell/shell_context.h"
#include "starter_workspace.h"
#include "workspace/secret_store.h"
#include "workspace/workspace_store.h"

#include <QComboBox>
#include <QPointer>

namespace bb::plugins::endpoints {

void EndpointsWidget::reloadEnvironments()
{
    const QString current = m_restoring ? QString() : environmentName();
    const QString wanted =
        current.isEmpty()
            ? m_context.settings(kPluginId).value(kEnvironmentKey, kLocalEnvironment).toString()
            : current;
    const bool wasRestoring = m_restoring;
    m_restoring = true;
    m_environments = m_store ? m_store->environments() : QList<workspace::Environment>();
    m_envCombo->clear();
    m_envCombo->addItem(tr("No environment"));
    for (const auto &env : std::as_const(m_environments))
        m_envCombo->addItem(env.name);
    const int i = m_envCombo->findText(wanted);
    m_envCombo->setCurrentIndex(i > 0 ? i : kNoEnvironment);
    m_restoring = wasRestoring;
    refreshVariableLookups();
    fillSecrets();
}

workspace::SecretStore *EndpointsWidget::secrets()
{
    // Created on first need: opening the store probes the keychain, which is slow and pointless
    // for a workspace without secrets.
    if (!m_secrets && m_store)
        m_secrets = new workspace::SecretStore(m_store->rootDir(), this);
    return m_secrets;
}

void EndpointsWidget::releaseSecrets()
{
    if (!m_secrets)
        return;
    // Safe while keychain jobs are in flight: they outlive the store (see SecretStore).
    delete m_secrets;
    m_secrets = nullptr;
}

void EndpointsWidget::fillSecrets()
{
    // Secret values live in the keychain, which answers asynchronously; variables resolve to
    // empty until it has.
    for (const workspace::Environment &env : std::as_const(m_environments)) {
        const bool hasSecret = std::any_of(env.variables.cbegin(), env.variables.cend(),
                                           [](const auto &v) { return v.secret; });
        if (!hasSecret || !secrets())
            continue;
        QPointer<EndpointsWidget> self(this);
        m_secrets->fill(env, [self](workspace::Environment filled) {
            if (!self)
                return;
            for (workspace::Environment &e : self->m_environments) {
                if (e.name == filled.name)
                    e = filled;
            }
            self->refreshVariableLookups();
        });
    }
}

void EndpointsWidget::setEnvironment(const QString &name)
{
    const int i = name.isEmpty() ? kNoEnvironment : m_envCombo->findText(name);
    m_envCombo->setCurrentIndex(i < 0 ? kNoEnvironment : i);
}

QString EndpointsWidget::environmentName() const
{
    return m_envCombo->currentIndex() > kNoEnvironment ? m_envCombo->currentText() : QString();
}

void EndpointsWidget::editEnvironments()
{
    if (!m_store)
        return;
    EnvironmentDialog dialog(m_environments, environmentName(), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    for (const QString &name : dialog.removedNames()) {
        if (auto r = m_store->removeEnvironment(name); !r)
            showError(r.error().message);
    }
    // The store drops secret values; keep the ones just typed until the keychain answers.
    const QList<workspace::Environment> edited = dialog.environments();
    for (const auto &env : dialog.environments()) {
        if (auto r = m_store->saveEnvironment(env); !r)
            showError(r.error().message);
        for (const workspace::Variable &v : env.variables) {
            if (v.secret)
                writeSecret(env.name, v);
        }
    }
    reloadEnvironments();
    for (workspace::Environment &env : m_environments) {
        for (const workspace::Environment &e : edited) {
            if (e.name == env.name)
                env = e;
        }
    }
    refreshVariableLookups();
}

tester::VariableScopes EndpointsWidget::scopesFor(const QString &requestId,
                                                  const workspace::HttpRequest &request) const
{
    tester::VariableScopes scopes;
    scopes.setScope(tester::Scope::Global, m_globals);
    const QString name = environmentName();
    for (const auto &env : m_environments) {
        if (env.name == name)
            scopes.setEnvironment(env);
    }
    if (m_store && !requestId.isEmpty()) {
        const QString collection = workspace::WorkspaceStore::collectionIdOf(requestId);
        if (auto vars = m_store->variables(collection))
            scopes.setScope(tester::Scope::Collection, *vars);
        if (auto folders = m_store->folderVariables(requestId))
            scopes.setFolders(*folders);
    }
    scopes.setScope(tester::Scope::Request, request.variables);
    return scopes;
}

workspace::RequestSettings EndpointsWidget::collectionSettingsFor(const QString &requestId) const
{
    if (!m_store || requestId.isEmpty())
        return {};
    auto s = m_store->settings(workspace::WorkspaceStore::collectionIdOf(requestId));
    return s ? *s : workspace::RequestSettings{};
}

void EndpointsWidget::refreshVariableLookups()
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        RequestTab *tab = tabAt(i);
        if (!tab)
            continue;
        QPointer<RequestTab> guard(tab);
        tab->editor()->setLookup([this, guard](const QString &name) -> std::optional<QString> {
            if (!guard)
                return std::nullopt;
            if (name.startsWith(QLatin1Char('$')) &&
                tester::VariableScopes::dynamicNames().contains(name.mid(1).section(' ', 0, 0)))
                return tr("(a fresh value on every send)");
            if (name == kEngineTokenVariable)
                return tr("(a token for the embedded engine, minted when you send)");
            const tester::VariableScopes scopes =
                scopesFor(guard->requestId(), guard->editor()->request());
            if (!scopes.has(name))
                return std::nullopt;
            return scopes.resolve(scopes.value(name));
        });
    }
}

} // namespace bb::plugins::endpoints
