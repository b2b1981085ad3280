// The Item tree on disk: paths, unique slugs, atomic writes of containers and subtrees, the
// trash that makes removal undoable, and the conversions to the public tree and the model.
#include "workspace/workspace_store_p.h"

#include "workspace/slug_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QUuid>

namespace bb::workspace {

namespace detail {

bb::Result<void> writeFile(const QString &path, const QByteArray &bytes)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return bb::Error::io(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    if (f.write(bytes) != bytes.size() || !f.commit())
        return bb::Error::io(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return {};
}

bb::Result<QByteArray> readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return bb::Error::io(QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    return f.readAll();
}

} // namespace detail

QString WorkspaceStore::Impl::pathOf(const Item *item) const
{
    return item->parent ? root + u'/' + item->id() : root;
}

QString WorkspaceStore::Impl::containerFilePath(const Item *item) const
{
    const QString dir = pathOf(item);
    switch (item->kind) {
    case Kind::Collection:
        return dir + u'/' + kCollectionFile;
    case Kind::Folder:
        return item->parent ? dir + u'/' + kFolderFile : dir + u'/' + kWorkspaceFile;
    case Kind::Request:
        break;
    }
    return {};
}

ContainerKind WorkspaceStore::Impl::containerKind(const Item *item)
{
    if (!item->parent)
        return ContainerKind::Workspace;
    return item->kind == Kind::Collection ? ContainerKind::Collection : ContainerKind::Folder;
}

Item *WorkspaceStore::Impl::find(const QString &id)
{
    if (id.isEmpty())
        return &top;
    Item *cur = &top;
    for (const QString &part : id.split(u'/')) {
        Item *next = nullptr;
        for (const auto &c : cur->children)
            if (c->slug == part)
                next = c.get();
        if (!next)
            return nullptr;
        cur = next;
    }
    return cur;
}

bb::Result<Item *> WorkspaceStore::Impl::findKind(const QString &id, bool container)
{
    Item *item = find(id);
    if (!item)
        return bb::Error::notFound(QStringLiteral("no item %1 in the workspace").arg(id));
    if (container != item->isContainer())
        return bb::Error::invalid(QStringLiteral("%1 is not a %2")
                                      .arg(id, container ? QStringLiteral("collection or folder")
                                                         : QStringLiteral("request")));
    return item;
}

QString WorkspaceStore::Impl::uniqueSlug(const Item *parent, const QString &base,
                                         const QString &suffix, const Item *ignore) const
{
    const QString dir = pathOf(parent);
    const bool onDisk = QFileInfo(dir).isDir();
    for (int n = 1; n < 100000; ++n) {
        const QString candidate = (n == 1 ? base : base + u'-' + QString::number(n)) + suffix;
        bool taken = false;
        for (const auto &c : parent->children)
            if (c.get() != ignore && c->slug.compare(candidate, Qt::CaseInsensitive) == 0)
                taken = true;
        if (!parent->parent && (candidate == kEnvironmentsDir || candidate.startsWith(u'.')))
            taken = true;
        if (!taken && onDisk && (!ignore || ignore->slug != candidate) &&
            QFileInfo::exists(dir + u'/' + candidate))
            taken = true;
        if (!taken)
            return candidate;
    }
    return base + u'-' + QUuid::createUuid().toString(QUuid::Id128) + suffix;
}

QString WorkspaceStore::Impl::slugBase(const Item *item)
{
    return detail::slugify(item->name(), item->kind == Kind::Request ? QStringLiteral("request")
                                                                     : QStringLiteral("folder"));
}

bb::Result<void> WorkspaceStore::Impl::writeContainer(Item *item)
{
    ContainerFile meta = item->meta;
    meta.order.clear();
    for (const auto &c : item->children)
        meta.order.append(c->slug);
    return writeFile(containerFilePath(item), writeContainerFile(meta, containerKind(item)));
}

bb::Result<void> WorkspaceStore::Impl::writeSubtree(Item *item)
{
    const QString path = pathOf(item);
    if (item->kind == Kind::Request)
        return writeFile(path, writeRequestFile(item->request));
    if (item->depth() > kMaxDepth)
        return bb::Error::invalid(
            QStringLiteral("folders nest deeper than %1 levels").arg(kMaxDepth));
    if (!QDir().mkpath(path))
        return bb::Error::io(QStringLiteral("cannot create the folder %1").arg(path));
    auto r = writeContainer(item);
    for (size_t i = 0; r && i < item->children.size(); ++i)
        r = writeSubtree(item->children[i].get());
    if (!r)
        QDir(path).removeRecursively();
    return r;
}

bb::Result<QString> WorkspaceStore::Impl::moveToTrash(const QString &path)
{
    const QString trashDir = root + u'/' + kLocalDir + QStringLiteral("/trash");
    QDir().mkpath(trashDir);
    const QString target = trashDir + u'/' + QUuid::createUuid().toString(QUuid::Id128);
    if (!QDir().rename(path, target))
        return bb::Error::io(QStringLiteral("cannot remove %1").arg(path));
    return target;
}

void WorkspaceStore::Impl::purge(const QString &trashed)
{
    if (QFileInfo(trashed).isDir())
        QDir(trashed).removeRecursively();
    else
        QFile::remove(trashed);
}

WorkspaceNode WorkspaceStore::Impl::viewOf(const Item *item)
{
    WorkspaceNode n;
    n.id = item->id();
    n.kind = item->kind;
    n.name = item->name();
    if (item->kind == Kind::Request)
        n.method = item->request.method;
    n.children.reserve(qsizetype(item->children.size()));
    for (const auto &c : item->children)
        n.children.append(viewOf(c.get()));
    return n;
}

void WorkspaceStore::Impl::toModel(const Item *item, Folder &folder)
{
    folder.name = item->meta.name;
    folder.variables = item->meta.variables;
    for (const auto &c : item->children) {
        if (c->kind == Kind::Request) {
            folder.requests.append(c->request);
        } else {
            Folder sub;
            toModel(c.get(), sub);
            folder.folders.append(sub);
        }
    }
}

void WorkspaceStore::Impl::fromModel(Item *item, const Folder &folder)
{
    for (const Folder &f : folder.folders) {
        auto child = std::make_unique<Item>();
        child->kind = Kind::Folder;
        child->parent = item;
        child->meta.name = f.name;
        child->meta.variables = f.variables;
        fromModel(child.get(), f);
        item->children.push_back(std::move(child));
    }
    for (const HttpRequest &r : folder.requests) {
        auto child = std::make_unique<Item>();
        child->kind = Kind::Request;
        child->parent = item;
        child->request = r;
        item->children.push_back(std::move(child));
    }
}

void WorkspaceStore::Impl::assignSlugs(Item *item)
{
    QSet<QString> used;
    for (const auto &c : item->children) {
        const QString suffix = c->kind == Kind::Request ? kRequestSuffix : QString();
        const QString base = slugBase(c.get());
        QString slug = base + suffix;
        for (int n = 2; used.contains(slug); ++n)
            slug = base + u'-' + QString::number(n) + suffix;
        used.insert(slug);
        c->slug = slug;
        assignSlugs(c.get());
    }
}

bb::Result<QString> WorkspaceStore::Impl::attachNew(Item *parent, std::unique_ptr<Item> child,
                                                    int index)
{
    Item *raw = child.get();
    child->parent = parent;
    const int at =
        index < 0 || index > int(parent->children.size()) ? int(parent->children.size()) : index;
    parent->children.insert(parent->children.begin() + at, std::move(child));
    auto undo = [&] { parent->children.erase(parent->children.begin() + at); };
    if (auto w = writeSubtree(raw); !w) {
        undo();
        return w.error();
    }
    if (auto w = writeContainer(parent); !w) {
        const QString path = pathOf(raw);
        undo();
        purge(path);
        return w.error();
    }
    rebuildView();
    return raw->id();
}

} // namespace bb::workspace
