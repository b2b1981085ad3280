// EndpointsWidget, continued: what a finished send leaves behind — its history entry (secrets
// kept as names), the variables its scripts set (environment, collection, globals, secrets to the
// keychain) and the cookie jar. Split from endpoints_widget.cpp along that seam.
#include "endpoints_widget.h"

#include "client/http_client.h"
#include "global_variables.h"
#include "history_har.h"
#include "send_controller.h"
#include "starter_workspace.h"
#include "variable_changes.h"
#include "workspace/history_store.h"
#include "workspace/secret_store.h"
#include "workspace/workspace_store.h"

#include <QDir>
#include <QPointer>

namespace bb::plugins::endpoints {

void EndpointsWidget::recordHistory(const SendOutcome &outcome, const QString &sourceId)
{
    if (!m_history)
        return;
    // History keeps the request as it went out (variables resolved), so restoring it resends
    // exactly that even after the environment changed; except secrets and {{engineToken}},
    // which stay `{{name}}` so they never reach the file and a restore re-resolves them (a
    // fresh engine token instead of an expired one).
    workspace::HistoryEntry e;
    e.time = outcome.startedAt;
    workspace::HttpRequest r = outcome.request;
    tester::VariableScopes v = outcome.variables;
    QStringList hiddenValues;
    for (const QString &name : protectedVariables()) {
        if (!v.has(name))
            continue;
        if (const QString value = v.value(name); !value.isEmpty())
            hiddenValues.append(value);
        // A name whose value is its own reference resolves to itself (a cycle stays as written).
        v.set(tester::Scope::Local, name, QStringLiteral("{{%1}}").arg(name));
    }
    const bool wireShowsSecret =
        std::any_of(hiddenValues.cbegin(), hiddenValues.cend(),
                    [&](const QString &value) { return outcome.wire.url.contains(value); });
    if (outcome.wire.url.isEmpty() || wireShowsSecret) {
        r.url = v.resolve(r.url);
        for (workspace::KeyValue &q : r.query) {
            q.name = v.resolve(q.name);
            q.value = v.resolve(q.value);
        }
    } else {
        r.url = outcome.wire.url;
        r.query.clear();
    }
    for (workspace::KeyValue &h : r.headers) {
        h.name = v.resolve(h.name);
        h.value = v.resolve(h.value);
    }
    r.body.text = v.resolve(r.body.text);
    for (workspace::FormField &f : r.body.fields)
        f.value = v.resolve(f.value);
    r.auth.token = v.resolve(r.auth.token);
    r.auth.username = v.resolve(r.auth.username);
    r.auth.password = v.resolve(r.auth.password);
    r.auth.keyValue = v.resolve(r.auth.keyValue);
    e.request = r;
    e.sourceId = sourceId;
    e.status = outcome.response.status;
    e.error = outcome.response.status == 0 ? outcome.error : QString();
    e.durationMs = outcome.response.timings.totalUs >= 0
                       ? double(outcome.response.timings.totalUs) / 1000.0
                       : 0.0;
    e.timings = harTimings(outcome.response.timings);
    e.requestBytes = outcome.response.uploadedBytes;
    e.responseBytes = outcome.response.bodySize;
    for (const auto &[name, value] : outcome.response.headers)
        e.responseHeaders.append({QString::fromUtf8(name), QString::fromUtf8(value), true});
    e.bodyPreview = outcome.response.body.left(workspace::HistoryStore::kBodyPreviewBytes);
    e.bodyTruncated = outcome.response.bodySize > e.bodyPreview.size();
    if (auto r2 = m_history->append(e); !r2)
        showError(tr("Cannot write the history: %1").arg(r2.error().message));
}

QStringList EndpointsWidget::protectedVariables() const
{
    QStringList names{kEngineTokenVariable};
    for (const workspace::Environment &env : m_environments) {
        for (const workspace::Variable &var : env.variables) {
            if (var.secret && !names.contains(var.name))
                names.append(var.name);
        }
    }
    return names;
}

void EndpointsWidget::keepScriptVariables(const SendOutcome &outcome, const QString &requestId)
{
    // What a script set stays, as in Postman: pm.environment.set in the selected environment,
    // pm.collectionVariables.set in the request's collection, pm.globals.set in the globals.
    if (!m_store)
        return;
    keepScriptEnvironment(outcome);
    // Only what the scripts changed, applied to the scope as it is now: another tab's send may
    // have stored something meanwhile, and a cancelled send carries no scopes at all.
    const auto changed = [&](tester::Scope scope, const QList<workspace::KeyValue> &current) {
        return withChanges(current, outcome.variablesBefore.scope(scope),
                           outcome.variables.scope(scope), {kEngineTokenVariable});
    };
    if (!requestId.isEmpty()) {
        const QString collection = workspace::WorkspaceStore::collectionIdOf(requestId);
        if (auto now = m_store->variables(collection)) {
            const QList<workspace::KeyValue> kept = changed(tester::Scope::Collection, *now);
            if (kept != *now) {
                if (auto r = m_store->setVariables(collection, kept); !r)
                    showError(r.error().message);
            }
        }
    }
    // {{engineToken}} is the panel's own, injected per send: never a global to keep.
    if (const QList<workspace::KeyValue> globals = changed(tester::Scope::Global, m_globals);
        globals != m_globals) {
        m_globals = globals;
        const QString dir = m_store->localStateDir();
        QDir().mkpath(dir);
        if (auto r = saveGlobals(globalsPath(dir), m_globals); !r)
            showError(tr("Cannot save the global variables: %1").arg(r.error().message));
    }
    refreshVariableLookups();
}

void EndpointsWidget::keepScriptEnvironment(const SendOutcome &outcome)
{
    const QString name = environmentName();
    if (name.isEmpty() || outcome.variables.environmentName() != name)
        return;
    for (workspace::Environment &env : m_environments) {
        if (env.name != name)
            continue;
        // As for the other scopes, only what the scripts changed, applied to the environment as
        // it is now: two tabs' sends must not undo each other's pm.environment.set.
        QList<workspace::KeyValue> current;
        for (const workspace::Variable &v : std::as_const(env.variables))
            current.append({v.name, v.value, v.enabled});
        const QList<workspace::KeyValue> kept = withChanges(
            current, outcome.variablesBefore.scope(tester::Scope::Environment),
            outcome.variables.scope(tester::Scope::Environment), {kEngineTokenVariable});
        if (kept == current)
            return;
        QList<workspace::Variable> vars;
        QList<workspace::Variable> changedSecrets;
        for (const workspace::KeyValue &kv : kept) {
            auto it = std::find_if(env.variables.cbegin(), env.variables.cend(),
                                   [&](const auto &v) { return v.name == kv.name; });
            const bool secret = it != env.variables.cend() && it->secret;
            const workspace::Variable v{kv.name, kv.value, kv.enabled, secret};
            if (secret && it->value != kv.value)
                changedSecrets.append(v);
            vars.append(v);
        }
        env.variables = vars;
        // The store drops secret values: the keychain keeps them, as editEnvironments does.
        if (auto r = m_store->saveEnvironment(env); !r)
            showError(r.error().message);
        for (const workspace::Variable &v : std::as_const(changedSecrets))
            writeSecret(env.name, v);
        return;
    }
}

void EndpointsWidget::writeSecret(const QString &environment, const workspace::Variable &v)
{
    if (!secrets())
        return;
    QPointer<EndpointsWidget> self(this);
    m_secrets->write(environment, v.name, v.value, [self](Result<void> r) {
        if (self && !r)
            self->showError(tr("Cannot store a secret: %1").arg(r.error().message));
    });
}

void EndpointsWidget::saveCookies() const
{
    if (!m_store)
        return;
    const QString dir = m_store->localStateDir();
    QDir().mkpath(dir);
    if (auto r = m_client->cookies().saveTo(QDir(dir).filePath(QStringLiteral("cookies.txt"))); !r)
        qWarning("endpoints: cannot save cookies: %s", qPrintable(r.error().message));
}

} // namespace bb::plugins::endpoints
