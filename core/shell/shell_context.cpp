#include "shell/shell_context.h"

#include "engine/engine_controller.h"

#include <QLoggingCategory>
#include <QMetaMethod>

namespace bb::shell {

Q_LOGGING_CATEGORY(lcContext, "backbench.shell.context")

namespace {
TargetBackend localTarget(engine::EngineController *engine)
{
    TargetBackend t;
    t.name = QObject::tr("Embedded engine");
    t.local = true;
    if (engine) {
        const QUrl running = engine->baseUrl();
        if (running.isValid() && !running.isEmpty()) {
            t.baseUrl = running;
        } else {
            // Not running yet: point at where it will listen, so panels show a sensible URL.
            const auto cfg = engine->config();
            t.baseUrl = QUrl(QStringLiteral("http://%1:%2").arg(cfg.bindAddress).arg(cfg.port));
        }
    }
    return t;
}
} // namespace

ShellContext::ShellContext(engine::EngineController *engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_target(localTarget(engine))
{
    if (m_engine) {
        connect(m_engine, &engine::EngineController::stateChanged, this,
                &ShellContext::syncLocalTarget);
    }
}

ShellContext::~ShellContext() = default;

void ShellContext::setTarget(const TargetBackend &target)
{
    TargetBackend next = target;
    if (next.local)
        next = localTarget(m_engine);
    if (next == m_target)
        return;
    m_target = next;
    emit targetChanged(m_target);
}

void ShellContext::useLocalTarget()
{
    TargetBackend t;
    t.local = true;
    setTarget(t);
}

QString ShellContext::accessToken() const
{
    if (!m_target.local)
        return m_target.token;
    return m_engine ? m_engine->localAdminToken() : QString();
}

void ShellContext::syncLocalTarget()
{
    if (!m_target.local)
        return;
    const TargetBackend next = localTarget(m_engine);
    if (next == m_target)
        return;
    m_target = next;
    emit targetChanged(m_target);
}

void ShellContext::registerAction(const QString &name, Action action)
{
    if (m_actions.contains(name))
        qCWarning(lcContext) << "action" << name << "registered twice; the later one wins";
    m_actions.insert(name, std::move(action));
}

void ShellContext::unregisterAction(const QString &name)
{
    m_actions.remove(name);
}

QStringList ShellContext::actionNames() const
{
    QStringList names = m_actions.keys();
    names.sort();
    return names;
}

bool ShellContext::invoke(const QString &name, const QVariantMap &args, QString *reason)
{
    const auto it = m_actions.constFind(name);
    if (it == m_actions.constEnd() || !*it) {
        if (reason)
            *reason = tr("No plugin provides the action \"%1\"").arg(name);
        return false;
    }
    // Copy first: the action may unregister itself or register others while it runs.
    const Action action = *it;
    action(args);
    return true;
}

bool ShellContext::showPanel(const QString &panelId)
{
    if (!isSignalConnected(QMetaMethod::fromSignal(&ShellContext::panelRequested)))
        return false;
    emit panelRequested(panelId);
    return true;
}

} // namespace bb::shell
