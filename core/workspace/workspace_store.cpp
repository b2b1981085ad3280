#include "workspace/workspace_store.h"

#include "workspace/slug_p.h"
#include "workspace/workspace_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>
#include <QUuid>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <optional>
#include <vector>

namespace bb::workspace {

namespace {

using Kind = WorkspaceNode::Kind;

const QString kWorkspaceFile = QStringLiteral("backbench-workspace.yaml");
const QString kCollectionFile = QStringLiteral("collection.yaml");
const QString kFolderFile = QStringLiteral("folder.yaml");
const QString kRequestSuffix = QStringLiteral(".req.yaml");
const QString kEnvironmentSuffix = QStringLiteral(".env.yaml");
const QString kEnvironmentsDir = QStringLiteral("environments");
const QString kLocalDir = QStringLiteral(".backbench");
constexpr int kMaxDepth = 64; // folders nested deeper are not read (and not created)

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

// One collection, folder or request in memory. The tree of Items is the source of truth; the
// public WorkspaceNode tree is rebuilt from it after each change.
struct Item {
    Kind kind = Kind::Folder;
    QString slug; ///< file or folder name on disk; "" for the workspace root
    Item *parent = nullptr;
    std::vector<std::unique_ptr<Item>> children;
    ContainerFile meta;  ///< collections and folders
    HttpRequest request; ///< requests

    const QString &name() const { return kind == Kind::Request ? request.name : meta.name; }
    bool isContainer() const { return kind != Kind::Request; }

    QString id() const
    {
        QStringList parts;
        for (const Item *i = this; i && i->parent; i = i->parent)
            parts.prepend(i->slug);
        return parts.join(u'/');
    }
    int depth() const
    {
        int n = 0;
        for (const Item *i = parent; i; i = i->parent)
            ++n;
        return n;
    }
    int indexIn() const
    {
        for (size_t i = 0; i < parent->children.size(); ++i)
            if (parent->children[i].get() == this)
                return int(i);
        return -1;
    }
    bool isWithin(const Item *ancestor) const
    {
        for (const Item *i = this; i; i = i->parent)
            if (i == ancestor)
                return true;
        return false;
    }
    std::unique_ptr<Item> clone() const
    {
        auto c = std::make_unique<Item>();
        c->kind = kind;
        c->slug = slug;
        c->meta = meta;
        c->request = request;
        for (const auto &ch : children) {
            c->children.push_back(ch->clone());
            c->children.back()->parent = c.get();
        }
        return c;
    }
};

struct EnvironmentEntry {
    Environment environment;
    QString slug; ///< file name in environments/
};

} // namespace

struct WorkspaceStore::Impl {
    QString root;
    Item top; ///< the workspace: its meta is backbench-workspace.yaml, children the collections
    WorkspaceNode view;
    QList<WorkspaceProblem> problems;
    QList<EnvironmentEntry> environments;

    QString pathOf(const Item *item) const
    {
        return item->parent ? root + u'/' + item->id() : root;
    }
    QString containerFilePath(const Item *item) const
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
    static ContainerKind containerKind(const Item *item)
    {
        if (!item->parent)
            return ContainerKind::Workspace;
        return item->kind == Kind::Collection ? ContainerKind::Collection : ContainerKind::Folder;
    }

    // ---- lookup --------------------------------------------------------------------------

    Item *find(const QString &id)
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
    const Item *find(const QString &id) const { return const_cast<Impl *>(this)->find(id); }

    bb::Result<Item *> findKind(const QString &id, bool container)
    {
        Item *item = find(id);
        if (!item)
            return bb::Error::notFound(QStringLiteral("no item %1 in the workspace").arg(id));
        if (container != item->isContainer())
            return bb::Error::invalid(QStringLiteral("%1 is not a %2")
                                          .arg(id, container
                                                       ? QStringLiteral("collection or folder")
                                                       : QStringLiteral("request")));
        return item;
    }

    // ---- names on disk -------------------------------------------------------------------

    // A slug no sibling uses and no file in the folder has (a file that failed to parse is not
    // in the tree but must not be overwritten).
    QString uniqueSlug(const Item *parent, const QString &base, const QString &suffix,
                       const Item *ignore = nullptr) const
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
    static QString slugBase(const Item *item)
    {
        return detail::slugify(item->name(), item->kind == Kind::Request
                                                 ? QStringLiteral("request")
                                                 : QStringLiteral("folder"));
    }

    // ---- writing -------------------------------------------------------------------------

    bb::Result<void> writeContainer(Item *item)
    {
        ContainerFile meta = item->meta;
        meta.order.clear();
        for (const auto &c : item->children)
            meta.order.append(c->slug);
        return writeFile(containerFilePath(item), writeContainerFile(meta, containerKind(item)));
    }

    // Writes an item (and everything below it) at its place on disk; the caller has attached
    // it to its parent. On failure whatever was written is removed again.
    bb::Result<void> writeSubtree(Item *item)
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

    // Removes a file or folder by moving it to .backbench/ first (one rename, so it either
    // happens or not), then deleting it there.
    bb::Result<QString> moveToTrash(const QString &path)
    {
        const QString trashDir = root + u'/' + kLocalDir + QStringLiteral("/trash");
        QDir().mkpath(trashDir);
        const QString target = trashDir + u'/' + QUuid::createUuid().toString(QUuid::Id128);
        if (!QDir().rename(path, target))
            return bb::Error::io(QStringLiteral("cannot remove %1").arg(path));
        return target;
    }
    static void purge(const QString &trashed)
    {
        if (QFileInfo(trashed).isDir())
            QDir(trashed).removeRecursively();
        else
            QFile::remove(trashed);
    }

    // ---- the public tree -----------------------------------------------------------------

    static WorkspaceNode viewOf(const Item *item)
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
    void rebuildView() { view = viewOf(&top); }

    // ---- reading -------------------------------------------------------------------------

    struct PendingRequest {
        Item *item;
        QString path;
        std::optional<HttpRequest> request;
        WorkspaceProblem problem;
    };

    void problem(const QString &path, const QByteArray &bytes, const bb::Error &e)
    {
        WorkspaceProblem p{path, 0, 0, e.message};
        if (e.position >= 0) {
            const auto [line, column] = lineColumn(bytes, e.position);
            p.line = line;
            p.column = column;
        }
        problems.append(p);
    }

    void readContainer(Item *item, const QString &file)
    {
        auto bytes = readFile(file);
        if (!bytes) {
            problems.append({file, 0, 0, bytes.error().message});
            return;
        }
        auto meta = readContainerFile(*bytes, containerKind(item));
        if (!meta) {
            problem(file, *bytes, meta.error());
            return;
        }
        item->meta = *meta;
    }

    // Builds the skeleton of folders and collects the request files to parse.
    void scan(Item *item, std::vector<PendingRequest> &pending)
    {
        const QString dir = pathOf(item);
        const QDir d(dir);
        const QStringList dirs =
            d.entryList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks, QDir::Name);
        for (const QString &sub : dirs) {
            if (sub.startsWith(u'.') || (!item->parent && sub == kEnvironmentsDir))
                continue;
            const QString marker =
                dir + u'/' + sub + u'/' + (item->parent ? kFolderFile : kCollectionFile);
            if (!QFileInfo::exists(marker))
                continue;
            if (item->depth() >= kMaxDepth) {
                problems.append({dir + u'/' + sub, 0, 0,
                                 QStringLiteral("folders nest deeper than %1 levels (not read)")
                                     .arg(kMaxDepth)});
                continue;
            }
            auto child = std::make_unique<Item>();
            child->kind = item->parent ? Kind::Folder : Kind::Collection;
            child->slug = sub;
            child->parent = item;
            child->meta.name = sub;
            readContainer(child.get(), marker);
            scan(child.get(), pending);
            item->children.push_back(std::move(child));
        }
        if (item->parent) {
            for (const QString &file :
                 d.entryList({u'*' + kRequestSuffix}, QDir::Files | QDir::Readable, QDir::Name)) {
                auto child = std::make_unique<Item>();
                child->kind = Kind::Request;
                child->slug = file;
                child->parent = item;
                pending.push_back({child.get(), dir + u'/' + file, std::nullopt, {}});
                item->children.push_back(std::move(child));
            }
        }
    }

    // Children listed in the container's `order` come first, in that order; the rest (added
    // by hand, or by a tool that does not keep the list) follow by name.
    static void applyOrder(Item *item)
    {
        const QStringList &order = item->meta.order;
        std::stable_sort(item->children.begin(), item->children.end(),
                         [&](const auto &a, const auto &b) {
                             qsizetype ia = order.indexOf(a->slug), ib = order.indexOf(b->slug);
                             if (ia < 0)
                                 ia = order.size();
                             if (ib < 0)
                                 ib = order.size();
                             return ia < ib;
                         });
        for (const auto &c : item->children)
            applyOrder(c.get());
    }

    static void dropUnread(Item *item, const QSet<const Item *> &failed)
    {
        auto &ch = item->children;
        ch.erase(std::remove_if(ch.begin(), ch.end(),
                                [&](const auto &c) { return failed.contains(c.get()); }),
                 ch.end());
        for (const auto &c : ch)
            dropUnread(c.get(), failed);
    }

    void load()
    {
        std::vector<PendingRequest> pending;
        scan(&top, pending);
        // Parsing is the cost of opening a big workspace; files are independent, so in parallel.
        QtConcurrent::blockingMap(pending, [](PendingRequest &p) {
            QFile f(p.path);
            if (!f.open(QIODevice::ReadOnly)) {
                p.problem = {p.path, 0, 0, f.errorString()};
                return;
            }
            const QByteArray bytes = f.readAll();
            auto r = readRequestFile(bytes);
            if (r) {
                p.request = std::move(r).value();
                return;
            }
            const auto [line, column] = lineColumn(bytes, r.error().position);
            p.problem = {p.path, line, column, r.error().message};
        });
        QSet<const Item *> failed;
        for (PendingRequest &p : pending) {
            if (p.request) {
                p.item->request = std::move(*p.request);
            } else {
                problems.append(p.problem);
                failed.insert(p.item);
            }
        }
        dropUnread(&top, failed);
        applyOrder(&top);
        loadEnvironments();
        rebuildView();
    }

    void loadEnvironments()
    {
        const QDir d(root + u'/' + kEnvironmentsDir);
        for (const QString &file :
             d.entryList({u'*' + kEnvironmentSuffix}, QDir::Files | QDir::Readable, QDir::Name)) {
            const QString path = d.filePath(file);
            auto bytes = readFile(path);
            if (!bytes) {
                problems.append({path, 0, 0, bytes.error().message});
                continue;
            }
            auto env = readEnvironmentFile(*bytes);
            if (!env) {
                problem(path, *bytes, env.error());
                continue;
            }
            if (env->name.isEmpty())
                env->name = file.chopped(kEnvironmentSuffix.size());
            environments.append({*env, file});
        }
        sortEnvironments();
    }
    void sortEnvironments()
    {
        std::sort(environments.begin(), environments.end(), [](const auto &a, const auto &b) {
            return a.environment.name.localeAwareCompare(b.environment.name) < 0;
        });
    }

    // ---- model conversion ----------------------------------------------------------------

    static void toModel(const Item *item, Folder &folder)
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

    static void fromModel(Item *item, const Folder &folder)
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

    // Gives every item below `item` a slug unique among its siblings (a fresh subtree).
    static void assignSlugs(Item *item)
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

    // Inserts `child` under `parent` at `index`, writes it and the parent's order; on failure
    // the tree and the disk are as before.
    bb::Result<QString> attachNew(Item *parent, std::unique_ptr<Item> child, int index)
    {
        Item *raw = child.get();
        child->parent = parent;
        const int at = index < 0 || index > int(parent->children.size())
                           ? int(parent->children.size())
                           : index;
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
};

WorkspaceStore::WorkspaceStore(std::unique_ptr<Impl> impl)
    : d(std::move(impl))
{}

WorkspaceStore::~WorkspaceStore() = default;

bb::Result<std::unique_ptr<WorkspaceStore>> WorkspaceStore::open(const QString &dir)
{
    auto impl = std::make_unique<Impl>();
    impl->root = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const QDir d(impl->root);
    const QString marker = impl->root + u'/' + kWorkspaceFile;
    impl->top.kind = Kind::Folder;
    impl->top.meta.name = QFileInfo(impl->root).fileName();
    if (!QFileInfo::exists(marker)) {
        if (d.exists() && !d.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden))
            return bb::Error::invalid(
                QStringLiteral("%1 is not a Backbench workspace (no %2) and not empty")
                    .arg(impl->root, kWorkspaceFile));
        if (!QDir().mkpath(impl->root))
            return bb::Error::io(QStringLiteral("cannot create the folder %1").arg(impl->root));
        if (auto w = impl->writeContainer(&impl->top); !w)
            return w.error();
    } else {
        auto bytes = readFile(marker);
        if (!bytes)
            return bytes.error();
        auto meta = readContainerFile(*bytes, ContainerKind::Workspace);
        // A newer format is refused (writing it back would lose what it adds); a broken file
        // is reported and the collections still load.
        if (!meta && meta.error().message.contains(QStringLiteral("newer than")))
            return meta.error();
        if (meta)
            impl->top.meta = *meta;
        else
            impl->problem(marker, *bytes, meta.error());
    }
    // Local state stays out of git whatever the repository's own .gitignore says.
    const QString local = impl->root + u'/' + kLocalDir;
    if (!QFileInfo::exists(local + QStringLiteral("/.gitignore"))) {
        QDir().mkpath(local);
        if (auto w = writeFile(local + QStringLiteral("/.gitignore"), "*\n"); !w)
            impl->problems.append({local, 0, 0, w.error().message});
    }
    impl->load();
    return std::unique_ptr<WorkspaceStore>(new WorkspaceStore(std::move(impl)));
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
