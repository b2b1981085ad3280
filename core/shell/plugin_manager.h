// bb::shell — finds, orders, loads and drives the lifecycle of the panel plugins.
#pragma once

#include "shell/plugin_spec.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <memory>
#include <vector>

class QPluginLoader;

namespace bb::shell {

class IPanel;
class ShellContext;

/// Broken or incompatible plugins never stop the app: each is recorded with its reason and
/// skipped. Nothing is unloaded before the process ends, because widgets and icons created by a
/// plugin may outlive its shutdown by a few events.
class PluginManager : public QObject {
    Q_OBJECT
public:
    explicit PluginManager(QObject *parent = nullptr);
    ~PluginManager() override;

    /// Where an app finds its plugins: the build tree's plugin folder (when running from a build)
    /// and <prefix>/lib/backbench/plugins relative to the executable.
    static QStringList defaultSearchPaths();

    void setSearchPaths(const QStringList &paths) { m_searchPaths = paths; }
    QStringList searchPaths() const { return m_searchPaths; }

    /// Reads metadata of every library in the search paths without loading any, then orders them.
    /// The first plugin with a given id wins; later copies are recorded as duplicates.
    void discover();
    /// Loads the resolved plugins in dependency order and checks their interface.
    void load();
    /// Calls initialize() in dependency order, then extensionsInitialized() in reverse.
    void initialize(ShellContext &context);
    /// discover() + load() + initialize().
    void loadAll(ShellContext &context);
    /// Calls aboutToShutdown() in reverse order. Safe to call twice.
    void shutdown();

    /// Every plugin found, healthy or not, in discovery order.
    const QList<PluginSpec> &plugins() const { return m_specs; }
    /// Healthy plugins in initialization order.
    QList<const PluginSpec *> runningPlugins() const;
    /// The panels of running plugins, sorted by order() then title.
    QList<IPanel *> panels() const;
    int brokenCount() const;

private:
    /// True when every dependency of `spec` has reached `state`.
    bool dependenciesIn(const PluginSpec &spec, PluginState state) const;

    QStringList m_searchPaths;
    QList<PluginSpec> m_specs;
    QList<int> m_order;
    std::vector<std::unique_ptr<QPluginLoader>> m_loaders;
    bool m_shutDown = false;
};

} // namespace bb::shell
