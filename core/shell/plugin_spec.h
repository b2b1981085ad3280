// bb::shell — what the plugin manager knows about one plugin: its metadata, state and failure
// reason.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QVersionNumber>

namespace bb::shell {

class IPlugin;

/// A dependency on another plugin, optionally with a minimum version.
struct PluginDependency {
    QString id;
    QVersionNumber minVersion; ///< null = any version

    bool operator==(const PluginDependency &) const = default;
};

enum class PluginState {
    Discovered,  ///< metadata read, nothing loaded
    Resolved,    ///< dependencies present and ordered
    Loaded,      ///< library loaded, instance created
    Initialized, ///< initialize() returned true
    Running,     ///< extensionsInitialized() done
    Stopped,     ///< aboutToShutdown() done
    Broken,      ///< skipped; `error` says why
};

QString toString(PluginState state);

/// One plugin as the manager tracks it. Plain data so About Plugins and `--list-plugins` can
/// show it, and so the ordering logic can be tested without any library on disk.
struct PluginSpec {
    QString id;
    QString name;
    QString version;
    int interfaceVersion = 0;
    QString description;
    QList<PluginDependency> dependencies;
    QString path; ///< the library file
    PluginState state = PluginState::Discovered;
    QString error; ///< why it is Broken; empty otherwise
    IPlugin *instance = nullptr;

    bool isBroken() const { return state == PluginState::Broken; }
    void fail(const QString &reason)
    {
        state = PluginState::Broken;
        error = reason;
    }
};

/// Fills a spec from QPluginLoader::metaData() (the object with "IID" and "MetaData").
/// On a problem the spec comes back Broken with the reason.
PluginSpec specFromMetaData(const QJsonObject &loaderMetaData, const QString &path);

/// Orders `specs` so each plugin follows its dependencies. Plugins with a missing or too-old
/// dependency, in a dependency cycle, or depending on a broken plugin are marked Broken with the
/// reason; the others become Resolved. Returns indices into `specs` in initialization order.
QList<int> resolveLoadOrder(QList<PluginSpec> &specs);

} // namespace bb::shell
