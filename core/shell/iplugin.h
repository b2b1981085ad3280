// bb::shell — the contract every Backbench plugin implements; the PluginManager drives its
// lifecycle.
#pragma once

#include <QList>
#include <QString>
#include <QtPlugin>

namespace bb::shell {

class IPanel;
class ShellContext;

/// The interface version a plugin's metadata must declare in "interfaceVersion".
inline constexpr int kPluginInterfaceVersion = 1;

/// A plugin: one small class plus a JSON metadata file (id, name, version, interfaceVersion,
/// dependencies, description). Lifecycle, as in Qt Creator: initialize() in dependency order,
/// extensionsInitialized() in reverse order, aboutToShutdown() before the window goes away.
class IPlugin {
public:
    virtual ~IPlugin() = default;

    /// Registers actions and reads settings. Must not create widgets: `--list-plugins` runs it
    /// without a GUI. Returns false with `*error` set when the plugin cannot work.
    virtual bool initialize(ShellContext &context, QString *error) = 0;
    /// Every plugin this one depends on is initialized; cross-plugin actions may be looked up.
    virtual void extensionsInitialized() {}
    /// The app is closing: stop timers and background work. Widgets still exist.
    virtual void aboutToShutdown() {}
    /// The panels this plugin contributes; the plugin keeps ownership.
    virtual QList<IPanel *> panels() const = 0;
};

} // namespace bb::shell

#define BB_IPLUGIN_IID "org.backbench.IPlugin/1"
Q_DECLARE_INTERFACE(bb::shell::IPlugin, BB_IPLUGIN_IID)
