// bb::shell — the services a plugin may use, handed to it explicitly (no singletons or lookups).
#pragma once

#include "shell/plugin_settings.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QUrl>
#include <QVariantMap>

#include <functional>

namespace bb::engine {
class EngineController;
}

namespace bb::shell {

/// The backend the panels talk to: the embedded engine by default, or a remote one.
struct TargetBackend {
    QString name;
    QUrl baseUrl;
    QString token;     ///< optional bearer token for remote backends
    bool local = true; ///< true = follows the embedded engine's address

    bool operator==(const TargetBackend &) const = default;
};

class ShellContext : public QObject {
    Q_OBJECT
public:
    using Action = std::function<void(const QVariantMap &)>;

    /// `engine` may be null (e.g. `--list-plugins`); panels must cope with that.
    explicit ShellContext(engine::EngineController *engine, QObject *parent = nullptr);
    ~ShellContext() override;

    /// The embedded engine's controller, or nullptr.
    engine::EngineController *engine() const { return m_engine; }

    /// Settings scoped to one plugin.
    PluginSettings settings(const QString &pluginId) const { return PluginSettings(pluginId); }

    /// The current target backend; while it is local its URL follows the embedded engine.
    TargetBackend target() const { return m_target; }
    void setTarget(const TargetBackend &target);
    /// Switches back to the embedded engine.
    void useLocalTarget();
    /// A bearer token for the current target, or empty when there is none. For the embedded
    /// engine it is a fresh short-lived token of the GUI's own admin, minted on every call (it is
    /// cheap), so callers ask again rather than keep one; for a remote target it is the token the
    /// user gave (TargetBackend::token).
    QString accessToken() const;

    /// Registers a named cross-panel action such as "openInTester"; a later registration with the
    /// same name replaces the earlier one (the last plugin to initialize wins, and that is logged).
    void registerAction(const QString &name, Action action);
    void unregisterAction(const QString &name);
    bool hasAction(const QString &name) const { return m_actions.contains(name); }
    QStringList actionNames() const;
    /// Runs the action. Returns false, with `*reason` set, when nobody registered it.
    bool invoke(const QString &name, const QVariantMap &args = {}, QString *reason = nullptr);

    /// Asks the host to bring a panel to front. Returns false when no host listens.
    bool showPanel(const QString &panelId);

signals:
    void targetChanged(const bb::shell::TargetBackend &target);
    /// Emitted by showPanel(); the main window connects to it.
    void panelRequested(const QString &panelId);

private:
    void syncLocalTarget();

    engine::EngineController *m_engine = nullptr;
    TargetBackend m_target;
    QHash<QString, Action> m_actions;
};

} // namespace bb::shell
