// WorkspaceStore's public operations: each changes the files and the Item tree together, and
// undoes what it did when a later step fails.
#include "workspace/workspace_store_p.h"

#include "workspace/slug_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

namespace bb::workspace {

WorkspaceStore::WorkspaceStore(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{}

WorkspaceStore::~WorkspaceStore() = default;

bb::Result<void> WorkspaceStore::reload()
{
    auto fresh = open(d->root);
    if (!fresh)
        return fresh.error();
    d = std::move((*fresh)->d);
    return {};
}

QString WorkspaceStore::rootDir() const
{
    return d->root;
}

QString WorkspaceStore::name() const
{
    return d->top.meta.name;
}

const WorkspaceNode &WorkspaceStore::root() const
{
    return d->view;
}

const WorkspaceNode *WorkspaceStore::node(const QString &id) const
{
    const WorkspaceNode *cur = &d->view;
    if (id.isEmpty())
        return cur;
    while (cur) {
        const WorkspaceNode *next = nullptr;
        for (const WorkspaceNode &c : cur->children) {
            if (c.id == id)
                return &c;
            if (id.startsWith(c.id + u'/'))
                next = &c;
        }
        cur = next;
    }
    return nullptr;
}

QList<WorkspaceProblem> WorkspaceStore::problems() const
{
    return d->problems;
}

QString WorkspaceStore::collectionIdOf(const QString &id)
{
    return id.section(u'/', 0, 0);
}

bb::Result<HttpRequest> WorkspaceStore::request(const QString &id) const
{
    auto item = d->findKind(id, false);
    if (!item)
        return item.error();
    return (*item)->request;
}

bb::Result<Collection> WorkspaceStore::collection(const QString &collectionId) const
{
    const Item *item = d->find(collectionId);
    if (!item || item->kind != Kind::Collection)
        return bb::Error::notFound(QStringLiteral("no collection %1").arg(collectionId));
    Collection c;
    c.name = item->meta.name;
    c.description = item->meta.description;
    c.variables = item->meta.variables;
    c.settings = item->meta.settings;
    Impl::toModel(item, c.root);
    c.root.variables.clear(); // the collection's own variables, returned once
    return c;
}

bb::Result<QString> WorkspaceStore::addCollection(const QString &name)
{
    if (name.trimmed().isEmpty())
        return bb::Error::invalid(QStringLiteral("a collection needs a name"));
    auto item = std::make_unique<Item>();
    item->kind = Kind::Collection;
    item->meta.name = name;
    item->slug = d->uniqueSlug(&d->top, Impl::slugBase(item.get()), {});
    return d->attachNew(&d->top, std::move(item), -1);
}

bb::Result<QString> WorkspaceStore::addFolder(const QString &parentId, const QString &name)
{
    if (parentId.isEmpty())
        return bb::Error::invalid(QStringLiteral("folders live in a collection"));
    if (name.trimmed().isEmpty())
        return bb::Error::invalid(QStringLiteral("a folder needs a name"));
    auto parent = d->findKind(parentId, true);
    if (!parent)
        return parent.error();
    auto item = std::make_unique<Item>();
    item->kind = Kind::Folder;
    item->meta.name = name;
    item->slug = d->uniqueSlug(*parent, Impl::slugBase(item.get()), {});
    return d->attachNew(*parent, std::move(item), -1);
}

bb::Result<QString> WorkspaceStore::addRequest(const QString &parentId, const HttpRequest &request)
{
    if (parentId.isEmpty())
        return bb::Error::invalid(QStringLiteral("requests live in a collection"));
    auto parent = d->findKind(parentId, true);
    if (!parent)
        return parent.error();
    auto item = std::make_unique<Item>();
    item->kind = Kind::Request;
    item->request = request;
    item->slug = d->uniqueSlug(*parent, Impl::slugBase(item.get()), kRequestSuffix);
    return d->attachNew(*parent, std::move(item), -1);
}

bb::Result<void> WorkspaceStore::saveRequest(const QString &id, const HttpRequest &request)
{
    auto item = d->findKind(id, false);
    if (!item)
        return item.error();
    if (auto w = writeFile(d->pathOf(*item), writeRequestFile(request)); !w)
        return w;
    (*item)->request = request;
    d->rebuildView();
    return {};
}

bb::Result<QString> WorkspaceStore::rename(const QString &id, const QString &newName)
{
    if (newName.trimmed().isEmpty())
        return bb::Error::invalid(QStringLiteral("a name cannot be empty"));
    Item *item = d->find(id);
    if (!item || !item->parent)
        return bb::Error::notFound(QStringLiteral("no item %1 in the workspace").arg(id));
    const QString oldPath = d->pathOf(item);
    const QString oldSlug = item->slug;
    const bool isRequest = item->kind == Kind::Request;

    Item renamed;
    renamed.kind = item->kind;
    renamed.request = item->request;
    renamed.request.name = newName;
    renamed.meta = item->meta;
    renamed.meta.name = newName;
    const QString suffix = isRequest ? kRequestSuffix : QString();
    // Keep the slug if the new name gives the same one (e.g. only the case changed).
    QString newSlug = Impl::slugBase(&renamed) + suffix;
    if (newSlug != oldSlug)
        newSlug = d->uniqueSlug(item->parent, Impl::slugBase(&renamed), suffix, item);
    const QString newPath = d->pathOf(item->parent) + u'/' + newSlug;

    if (isRequest) {
        if (auto w = writeFile(newPath, writeRequestFile(renamed.request)); !w)
            return w.error();
        if (newSlug != oldSlug) {
            item->slug = newSlug;
            if (auto w = d->writeContainer(item->parent); !w) {
                item->slug = oldSlug;
                QFile::remove(newPath);
                return w.error();
            }
            QFile::remove(oldPath);
        }
        item->request = renamed.request;
    } else {
        const QString markerName = d->containerFilePath(item).section(u'/', -1);
        const auto markerBytes = readFile(d->containerFilePath(item));
        const QByteArray oldMarker = markerBytes ? *markerBytes : QByteArray();
        const ContainerFile oldMeta = item->meta;
        item->meta.name = newName;
        if (auto w = d->writeContainer(item); !w) {
            item->meta = oldMeta;
            return w.error();
        }
        auto restoreMarker = [&] {
            item->meta = oldMeta;
            // Best effort: the rename already failed, this only restores the old display name.
            (void)writeFile(oldPath + u'/' + markerName, oldMarker);
        };
        if (newSlug != oldSlug) {
            if (!QDir().rename(oldPath, newPath)) {
                restoreMarker();
                return bb::Error::io(
                    QStringLiteral("cannot rename %1 to %2").arg(oldPath, newPath));
            }
            item->slug = newSlug;
            if (auto w = d->writeContainer(item->parent); !w) {
                item->slug = oldSlug;
                QDir().rename(newPath, oldPath);
                restoreMarker();
                return w.error();
            }
        }
    }
    d->rebuildView();
    return item->id();
}

bb::Result<QString> WorkspaceStore::move(const QString &id, const QString &newParentId, int index)
{
    Item *item = d->find(id);
    if (!item || !item->parent)
        return bb::Error::notFound(QStringLiteral("no item %1 in the workspace").arg(id));
    if (item->kind == Kind::Collection)
        return bb::Error::invalid(QStringLiteral("a collection cannot be moved"));
    if (newParentId.isEmpty())
        return bb::Error::invalid(QStringLiteral("folders and requests live in a collection"));
    auto target = d->findKind(newParentId, true);
    if (!target)
        return target.error();
    Item *newParent = *target;
    if (newParent->isWithin(item))
        return bb::Error::invalid(QStringLiteral("%1 cannot be moved into itself").arg(id));
    if (item->kind == Kind::Folder && newParent->depth() + 1 > kMaxDepth)
        return bb::Error::invalid(
            QStringLiteral("folders nest deeper than %1 levels").arg(kMaxDepth));

    Item *oldParent = item->parent;
    const int oldIndex = item->indexIn();
    std::unique_ptr<Item> owned = std::move(oldParent->children[size_t(oldIndex)]);
    oldParent->children.erase(oldParent->children.begin() + oldIndex);
    auto clampIndex = [&] {
        return index < 0 || index > int(newParent->children.size())
                   ? int(newParent->children.size())
                   : index;
    };
    auto putBack = [&](std::unique_ptr<Item> p) {
        p->parent = oldParent;
        oldParent->children.insert(oldParent->children.begin() + oldIndex, std::move(p));
    };

    if (newParent == oldParent) {
        const int at = clampIndex();
        newParent->children.insert(newParent->children.begin() + at, std::move(owned));
        if (auto w = d->writeContainer(newParent); !w) {
            auto back = std::move(newParent->children[size_t(at)]);
            newParent->children.erase(newParent->children.begin() + at);
            putBack(std::move(back));
            return w.error();
        }
        d->rebuildView();
        return id;
    }

    const QString oldPath = d->root + u'/' + id;
    const QString oldSlug = owned->slug;
    const QString suffix = owned->kind == Kind::Request ? kRequestSuffix : QString();
    const QString base = suffix.isEmpty() ? oldSlug : oldSlug.chopped(suffix.size());
    const QString newSlug = d->uniqueSlug(newParent, base, suffix);
    const QString newPath = d->pathOf(newParent) + u'/' + newSlug;
    if (!QDir().rename(oldPath, newPath)) {
        putBack(std::move(owned));
        return bb::Error::io(QStringLiteral("cannot move %1 to %2").arg(oldPath, newPath));
    }
    const int at = clampIndex();
    Item *raw = owned.get();
    owned->slug = newSlug;
    owned->parent = newParent;
    newParent->children.insert(newParent->children.begin() + at, std::move(owned));
    auto undo = [&] {
        auto back = std::move(newParent->children[size_t(at)]);
        newParent->children.erase(newParent->children.begin() + at);
        back->slug = oldSlug;
        QDir().rename(newPath, oldPath);
        putBack(std::move(back));
        (void)d->writeContainer(newParent); // best effort: restores the order it had
    };
    if (auto w = d->writeContainer(newParent); !w) {
        undo();
        return w.error();
    }
    if (auto w = d->writeContainer(oldParent); !w) {
        undo();
        return w.error();
    }
    d->rebuildView();
    return raw->id();
}

bb::Result<QString> WorkspaceStore::duplicate(const QString &id)
{
    Item *item = d->find(id);
    if (!item || !item->parent)
        return bb::Error::notFound(QStringLiteral("no item %1 in the workspace").arg(id));
    auto copy = item->clone();
    const QString copyName = item->name() + QStringLiteral(" copy");
    if (copy->kind == Kind::Request)
        copy->request.name = copyName;
    else
        copy->meta.name = copyName;
    copy->slug = d->uniqueSlug(item->parent, Impl::slugBase(copy.get()),
                               copy->kind == Kind::Request ? kRequestSuffix : QString());
    return d->attachNew(item->parent, std::move(copy), item->indexIn() + 1);
}

bb::Result<void> WorkspaceStore::remove(const QString &id)
{
    Item *item = d->find(id);
    if (!item || !item->parent)
        return bb::Error::notFound(QStringLiteral("no item %1 in the workspace").arg(id));
    Item *parent = item->parent;
    const QString path = d->pathOf(item);
    auto trashed = d->moveToTrash(path);
    if (!trashed)
        return trashed.error();
    const int index = item->indexIn();
    std::unique_ptr<Item> owned = std::move(parent->children[size_t(index)]);
    parent->children.erase(parent->children.begin() + index);
    if (auto w = d->writeContainer(parent); !w) {
        QDir().rename(*trashed, path);
        parent->children.insert(parent->children.begin() + index, std::move(owned));
        return w.error();
    }
    Impl::purge(*trashed);
    d->rebuildView();
    return {};
}

bb::Result<QString> WorkspaceStore::importCollection(const Collection &collection)
{
    auto item = std::make_unique<Item>();
    item->kind = Kind::Collection;
    item->meta.name = collection.name.isEmpty() ? QStringLiteral("Imported") : collection.name;
    item->meta.description = collection.description;
    // The model has variables on the collection and on its root folder; both are the
    // collection's scope.
    item->meta.variables = collection.variables + collection.root.variables;
    item->meta.settings = collection.settings;
    Impl::fromModel(item.get(), collection.root);
    Impl::assignSlugs(item.get());
    item->slug = d->uniqueSlug(&d->top, Impl::slugBase(item.get()), {});
    return d->attachNew(&d->top, std::move(item), -1);
}

bb::Result<QList<KeyValue>> WorkspaceStore::variables(const QString &containerId) const
{
    const Item *item = d->find(containerId);
    if (!item || !item->isContainer() || !item->parent)
        return bb::Error::notFound(QStringLiteral("no collection or folder %1").arg(containerId));
    return item->meta.variables;
}

bb::Result<void> WorkspaceStore::setVariables(const QString &containerId,
                                              const QList<KeyValue> &variables)
{
    Item *item = d->find(containerId);
    if (!item || !item->isContainer() || !item->parent)
        return bb::Error::notFound(QStringLiteral("no collection or folder %1").arg(containerId));
    const QList<KeyValue> old = item->meta.variables;
    item->meta.variables = variables;
    if (auto w = d->writeContainer(item); !w) {
        item->meta.variables = old;
        return w;
    }
    return {};
}

bb::Result<QList<QList<KeyValue>>> WorkspaceStore::folderVariables(const QString &requestId) const
{
    const Item *item = d->find(requestId);
    if (!item || item->kind != Kind::Request)
        return bb::Error::notFound(QStringLiteral("no request %1").arg(requestId));
    QList<QList<KeyValue>> out;
    for (const Item *p = item->parent; p && p->kind == Kind::Folder && p->parent; p = p->parent)
        out.prepend(p->meta.variables);
    return out;
}

bb::Result<RequestSettings> WorkspaceStore::settings(const QString &collectionId) const
{
    const Item *item = d->find(collectionId);
    if (!item || item->kind != Kind::Collection)
        return bb::Error::notFound(QStringLiteral("no collection %1").arg(collectionId));
    return item->meta.settings;
}

bb::Result<void> WorkspaceStore::setSettings(const QString &collectionId,
                                             const RequestSettings &settings)
{
    Item *item = d->find(collectionId);
    if (!item || item->kind != Kind::Collection)
        return bb::Error::notFound(QStringLiteral("no collection %1").arg(collectionId));
    const RequestSettings old = item->meta.settings;
    item->meta.settings = settings;
    if (auto w = d->writeContainer(item); !w) {
        item->meta.settings = old;
        return w;
    }
    return {};
}

bb::Result<QString> WorkspaceStore::description(const QString &containerId) const
{
    const Item *item = d->find(containerId);
    if (!item || !item->isContainer() || !item->parent)
        return bb::Error::notFound(QStringLiteral("no collection or folder %1").arg(containerId));
    return item->meta.description;
}

bb::Result<void> WorkspaceStore::setDescription(const QString &containerId,
                                                const QString &description)
{
    Item *item = d->find(containerId);
    if (!item || !item->isContainer() || !item->parent)
        return bb::Error::notFound(QStringLiteral("no collection or folder %1").arg(containerId));
    const QString old = item->meta.description;
    item->meta.description = description;
    if (auto w = d->writeContainer(item); !w) {
        item->meta.description = old;
        return w;
    }
    return {};
}

QList<Environment> WorkspaceStore::environments() const
{
    QList<Environment> out;
    for (const EnvironmentEntry &e : d->environments)
        out.append(e.environment);
    return out;
}

bb::Result<void> WorkspaceStore::saveEnvironment(const Environment &environment)
{
    if (environment.name.trimmed().isEmpty())
        return bb::Error::invalid(QStringLiteral("an environment needs a name"));
    Environment stored = environment;
    for (Variable &v : stored.variables)
        if (v.secret)
            v.value.clear();
    const QString dir = d->root + u'/' + kEnvironmentsDir;
    auto it = std::find_if(d->environments.begin(), d->environments.end(),
                           [&](const auto &e) { return e.environment.name == environment.name; });
    QString slug;
    if (it != d->environments.end()) {
        slug = it->slug;
    } else {
        const QString base = detail::slugify(environment.name, QStringLiteral("environment"));
        slug = base + kEnvironmentSuffix;
        for (int n = 2; QFileInfo::exists(dir + u'/' + slug) && n < 100000; ++n)
            slug = base + u'-' + QString::number(n) + kEnvironmentSuffix;
    }
    if (!QDir().mkpath(dir))
        return bb::Error::io(QStringLiteral("cannot create the folder %1").arg(dir));
    if (auto w = writeFile(dir + u'/' + slug, writeEnvironmentFile(stored)); !w)
        return w;
    if (it != d->environments.end())
        it->environment = stored;
    else
        d->environments.append({stored, slug});
    d->sortEnvironments();
    return {};
}

bb::Result<void> WorkspaceStore::removeEnvironment(const QString &name)
{
    auto it = std::find_if(d->environments.begin(), d->environments.end(),
                           [&](const auto &e) { return e.environment.name == name; });
    if (it == d->environments.end())
        return bb::Error::notFound(QStringLiteral("no environment %1").arg(name));
    const QString path = d->root + u'/' + kEnvironmentsDir + u'/' + it->slug;
    if (!QFile::remove(path))
        return bb::Error::io(QStringLiteral("cannot remove %1").arg(path));
    d->environments.erase(it);
    return {};
}

QString WorkspaceStore::localStateDir() const
{
    return d->root + u'/' + kLocalDir + u'/';
}

} // namespace bb::workspace
