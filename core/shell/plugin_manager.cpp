#include "shell/plugin_manager.h"

#include "shell/ipanel.h"
#include "shell/iplugin.h"
#include "shell/shell_context.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QLibrary>
#include <QLoggingCategory>
#include <QPluginLoader>

#include <algorithm>
#include <exception>

#ifndef BB_PLUGIN_BUILD_DIR
#define BB_PLUGIN_BUILD_DIR ""
#endif
#ifndef BB_PLUGINS_FROM_BIN
#define BB_PLUGINS_FROM_BIN "../lib/backbench/plugins"
#endif

namespace bb::shell {

Q_LOGGING_CATEGORY(lcPlugins, "backbench.shell.plugins")

PluginManager::PluginManager(QObject *parent)
    : QObject(parent)
{}

PluginManager::~PluginManager()
{
    shutdown();
    // The libraries stay mapped (see the class comment); only the plugin objects go, newest first.
    for (auto it = m_loaders.rbegin(); it != m_loaders.rend(); ++it)
        delete (*it)->instance();
}

QStringList PluginManager::defaultSearchPaths()
{
    QStringList paths;
    const QString appDir = QCoreApplication::applicationDirPath();
    // Installed layout: <prefix>/bin/backbench and <prefix>/lib/backbench/plugins.
    const QString installed =
        QDir::cleanPath(appDir + QLatin1Char('/') + QStringLiteral(BB_PLUGINS_FROM_BIN));
    // Build layout: the app runs from <build>/app and plugins land in <build>/plugins. The build
    // tree's folder is only used when the executable itself lives in that build tree, so an
    // installed package never picks up a developer's build.
    const QString buildDir = QStringLiteral(BB_PLUGIN_BUILD_DIR);
    if (!buildDir.isEmpty()) {
        const QString buildRoot = QFileInfo(buildDir).absolutePath();
        if (QDir::cleanPath(appDir).startsWith(QDir::cleanPath(buildRoot) + QLatin1Char('/')))
            paths << QDir::cleanPath(buildDir);
    }
    if (!paths.contains(installed))
        paths << installed;
    return paths;
}

void PluginManager::discover()
{
    m_specs.clear();
    m_order.clear();
    QHash<QString, QString> firstPathById;
    for (const QString &dirPath : std::as_const(m_searchPaths)) {
        QDir dir(dirPath);
        if (!dir.exists())
            continue;
        const QFileInfoList files =
            dir.entryInfoList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &file : files) {
            if (!QLibrary::isLibrary(file.fileName()))
                continue;
            const QString path = file.absoluteFilePath();
            // metaData() reads the plugin's embedded JSON without running any of its code.
            QPluginLoader probe(path);
            PluginSpec spec = specFromMetaData(probe.metaData(), path);
            if (!spec.isBroken() && firstPathById.contains(spec.id)) {
                spec.fail(QStringLiteral("duplicate of \"%1\" already found at %2")
                              .arg(spec.id, firstPathById.value(spec.id)));
            }
            if (!spec.isBroken())
                firstPathById.insert(spec.id, path);
            if (spec.id.isEmpty())
                spec.id = file.completeBaseName();
            m_specs.append(spec);
        }
    }
    m_order = resolveLoadOrder(m_specs);
    for (const PluginSpec &spec : std::as_const(m_specs)) {
        if (spec.isBroken())
            qCWarning(lcPlugins).noquote() << "plugin" << spec.id << "skipped:" << spec.error;
    }
}

bool PluginManager::dependenciesIn(const PluginSpec &spec, PluginState state) const
{
    // Look dependencies up among the ordered (healthy, first-found) plugins only: a broken
    // duplicate with the same id must not count.
    for (const PluginDependency &dep : spec.dependencies) {
        const auto it = std::find_if(m_order.cbegin(), m_order.cend(),
                                     [&](int i) { return m_specs[i].id == dep.id; });
        if (it == m_order.cend() || m_specs[*it].state != state)
            return false;
    }
    return true;
}

void PluginManager::load()
{
    for (int index : std::as_const(m_order)) {
        PluginSpec &spec = m_specs[index];
        if (spec.state != PluginState::Resolved)
            continue;
        if (!dependenciesIn(spec, PluginState::Loaded)) {
            spec.fail(QStringLiteral("a dependency failed to load"));
            continue;
        }
        auto loader = std::make_unique<QPluginLoader>(spec.path);
        QObject *root = loader->instance();
        if (!root) {
            spec.fail(QStringLiteral("cannot load: %1").arg(loader->errorString()));
            continue;
        }
        auto *plugin = qobject_cast<IPlugin *>(root);
        if (!plugin) {
            spec.fail(QStringLiteral("the plugin object does not implement %1")
                          .arg(QLatin1String(BB_IPLUGIN_IID)));
            continue;
        }
        spec.instance = plugin;
        spec.state = PluginState::Loaded;
        m_loaders.push_back(std::move(loader));
    }
}

void PluginManager::initialize(ShellContext &context)
{
    for (int index : std::as_const(m_order)) {
        PluginSpec &spec = m_specs[index];
        if (spec.state != PluginState::Loaded)
            continue;
        if (!dependenciesIn(spec, PluginState::Initialized)) {
            spec.fail(QStringLiteral("a dependency failed to initialize"));
            continue;
        }
        QString error;
        bool ok = false;
        try {
            ok = spec.instance->initialize(context, &error);
        } catch (const std::exception &e) {
            error = QStringLiteral("initialize() threw: %1").arg(QString::fromLocal8Bit(e.what()));
        } catch (...) {
            error = QStringLiteral("initialize() threw an unknown exception");
        }
        if (!ok) {
            spec.fail(error.isEmpty() ? QStringLiteral("initialize() failed") : error);
            qCWarning(lcPlugins).noquote() << "plugin" << spec.id << "failed:" << spec.error;
            continue;
        }
        spec.state = PluginState::Initialized;
    }

    for (auto it = m_order.crbegin(); it != m_order.crend(); ++it) {
        PluginSpec &spec = m_specs[*it];
        if (spec.state != PluginState::Initialized)
            continue;
        try {
            spec.instance->extensionsInitialized();
            spec.state = PluginState::Running;
        } catch (const std::exception &e) {
            spec.fail(QStringLiteral("extensionsInitialized() threw: %1")
                          .arg(QString::fromLocal8Bit(e.what())));
        } catch (...) {
            spec.fail(QStringLiteral("extensionsInitialized() threw an unknown exception"));
        }
    }
}

void PluginManager::loadAll(ShellContext &context)
{
    discover();
    load();
    initialize(context);
}

void PluginManager::shutdown()
{
    if (m_shutDown)
        return;
    m_shutDown = true;
    for (auto it = m_order.crbegin(); it != m_order.crend(); ++it) {
        PluginSpec &spec = m_specs[*it];
        if (spec.state != PluginState::Running)
            continue;
        try {
            spec.instance->aboutToShutdown();
        } catch (...) {
            qCWarning(lcPlugins) << "plugin" << spec.id << "threw in aboutToShutdown()";
        }
        spec.state = PluginState::Stopped;
    }
}

QList<const PluginSpec *> PluginManager::runningPlugins() const
{
    QList<const PluginSpec *> out;
    for (int index : m_order) {
        const PluginSpec &spec = m_specs[index];
        if (spec.state == PluginState::Running)
            out.append(&spec);
    }
    return out;
}

QList<IPanel *> PluginManager::panels() const
{
    QList<IPanel *> out;
    for (const PluginSpec *spec : runningPlugins())
        out += spec->instance->panels();
    std::stable_sort(out.begin(), out.end(), [](IPanel *a, IPanel *b) {
        if (a->order() != b->order())
            return a->order() < b->order();
        return a->title() < b->title();
    });
    return out;
}

int PluginManager::brokenCount() const
{
    return int(std::count_if(m_specs.cbegin(), m_specs.cend(),
                             [](const PluginSpec &s) { return s.isBroken(); }));
}

} // namespace bb::shell
