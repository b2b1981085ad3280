#include "shell/plugin_spec.h"

#include "shell/iplugin.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>

#include <functional>

namespace bb::shell {

QString toString(PluginState state)
{
    switch (state) {
    case PluginState::Discovered:
        return QStringLiteral("discovered");
    case PluginState::Resolved:
        return QStringLiteral("resolved");
    case PluginState::Loaded:
        return QStringLiteral("loaded");
    case PluginState::Initialized:
        return QStringLiteral("initialized");
    case PluginState::Running:
        return QStringLiteral("running");
    case PluginState::Stopped:
        return QStringLiteral("stopped");
    case PluginState::Broken:
        return QStringLiteral("broken");
    }
    return QStringLiteral("unknown");
}

namespace {

bool parseDependencies(const QJsonValue &value, QList<PluginDependency> *out, QString *error)
{
    if (value.isUndefined() || value.isNull())
        return true;
    if (!value.isArray()) {
        *error = QStringLiteral("\"dependencies\" must be an array");
        return false;
    }
    for (const QJsonValue &entry : value.toArray()) {
        PluginDependency dep;
        if (entry.isString()) {
            dep.id = entry.toString();
        } else if (entry.isObject()) {
            const QJsonObject o = entry.toObject();
            dep.id = o.value(QLatin1String("id")).toString();
            const QString v = o.value(QLatin1String("version")).toString();
            if (!v.isEmpty()) {
                dep.minVersion = QVersionNumber::fromString(v);
                if (dep.minVersion.isNull()) {
                    *error =
                        QStringLiteral("dependency \"%1\" has a bad version \"%2\"").arg(dep.id, v);
                    return false;
                }
            }
        }
        if (dep.id.isEmpty()) {
            *error = QStringLiteral("a dependency has no id");
            return false;
        }
        out->append(dep);
    }
    return true;
}

} // namespace

PluginSpec specFromMetaData(const QJsonObject &loaderMetaData, const QString &path)
{
    PluginSpec spec;
    spec.path = path;
    if (loaderMetaData.isEmpty()) {
        spec.fail(QStringLiteral("not a Qt plugin (no plugin metadata)"));
        return spec;
    }
    const QString iid = loaderMetaData.value(QLatin1String("IID")).toString();
    const QJsonObject meta = loaderMetaData.value(QLatin1String("MetaData")).toObject();
    spec.id = meta.value(QLatin1String("id")).toString();
    spec.name = meta.value(QLatin1String("name")).toString(spec.id);
    spec.version = meta.value(QLatin1String("version")).toString();
    spec.description = meta.value(QLatin1String("description")).toString();
    spec.interfaceVersion = meta.value(QLatin1String("interfaceVersion")).toInt(0);

    if (iid != QLatin1String(BB_IPLUGIN_IID)) {
        spec.fail(QStringLiteral("wrong plugin interface \"%1\", expected \"%2\"")
                      .arg(iid, QLatin1String(BB_IPLUGIN_IID)));
        return spec;
    }
    if (spec.id.isEmpty()) {
        spec.fail(QStringLiteral("metadata has no \"id\""));
        return spec;
    }
    if (spec.interfaceVersion != kPluginInterfaceVersion) {
        spec.fail(QStringLiteral("interface version %1 is not supported (this Backbench uses %2)")
                      .arg(spec.interfaceVersion)
                      .arg(kPluginInterfaceVersion));
        return spec;
    }
    if (QVersionNumber::fromString(spec.version).isNull()) {
        spec.fail(QStringLiteral("metadata has no valid \"version\""));
        return spec;
    }
    QString depError;
    if (!parseDependencies(meta.value(QLatin1String("dependencies")), &spec.dependencies,
                           &depError)) {
        spec.fail(depError);
        return spec;
    }
    return spec;
}

QList<int> resolveLoadOrder(QList<PluginSpec> &specs)
{
    QHash<QString, int> byId;
    for (int i = 0; i < specs.size(); ++i) {
        if (!specs[i].isBroken() && !specs[i].id.isEmpty())
            byId.insert(specs[i].id, i);
    }

    enum class Mark { None, Visiting, Done };
    QList<Mark> marks(specs.size(), Mark::None);
    QList<int> order;
    QList<int> stack; // the current DFS path, to name the cycle

    // Depth-first: a plugin is appended after all its dependencies, so `order` is topological.
    std::function<bool(int)> visit = [&](int i) -> bool {
        PluginSpec &spec = specs[i];
        if (marks[i] == Mark::Done)
            return !spec.isBroken();
        if (marks[i] == Mark::Visiting) {
            QStringList cycle;
            for (int k = stack.indexOf(i); k >= 0 && k < stack.size(); ++k)
                cycle << specs[stack[k]].id;
            cycle << spec.id;
            const QString reason =
                QStringLiteral("dependency cycle: %1").arg(cycle.join(QStringLiteral(" -> ")));
            for (int k = stack.indexOf(i); k >= 0 && k < stack.size(); ++k) {
                specs[stack[k]].fail(reason);
                marks[stack[k]] = Mark::Done;
            }
            return false;
        }
        marks[i] = Mark::Visiting;
        stack.append(i);
        for (const PluginDependency &dep : spec.dependencies) {
            const auto it = byId.constFind(dep.id);
            if (it == byId.constEnd()) {
                spec.fail(QStringLiteral("missing dependency \"%1\"").arg(dep.id));
                break;
            }
            PluginSpec &target = specs[*it];
            const QVersionNumber have = QVersionNumber::fromString(target.version);
            if (!dep.minVersion.isNull() && have < dep.minVersion) {
                spec.fail(QStringLiteral("needs \"%1\" %2 or newer, found %3")
                              .arg(dep.id, dep.minVersion.toString(), target.version));
                break;
            }
            if (!visit(*it)) {
                if (!spec.isBroken()) {
                    spec.fail(QStringLiteral("dependency \"%1\" is broken: %2")
                                  .arg(dep.id, target.error));
                }
                break;
            }
        }
        stack.removeLast();
        marks[i] = Mark::Done;
        if (spec.isBroken())
            return false;
        spec.state = PluginState::Resolved;
        order.append(i);
        return true;
    };

    for (int i = 0; i < specs.size(); ++i) {
        if (specs[i].isBroken())
            marks[i] = Mark::Done;
    }
    for (int i = 0; i < specs.size(); ++i) {
        if (marks[i] == Mark::None)
            visit(i);
    }
    // A cycle member reached first through a plugin outside the cycle may already be ordered
    // before the cycle was found; keep only plugins that are still healthy.
    QList<int> healthy;
    for (int i : order) {
        if (!specs[i].isBroken())
            healthy.append(i);
    }
    return healthy;
}

} // namespace bb::shell
