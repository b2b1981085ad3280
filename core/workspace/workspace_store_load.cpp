// Opening a workspace: the folder skeleton is walked on this thread, the request files are
// parsed in parallel, then the tree is assembled in the order the container files give.
#include "workspace/workspace_store_p.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>

namespace bb::workspace {

void WorkspaceStore::Impl::problem(const QString &path, const QByteArray &bytes, const bb::Error &e)
{
    WorkspaceProblem p{path, 0, 0, e.message};
    if (e.position >= 0) {
        const auto [line, column] = lineColumn(bytes, e.position);
        p.line = line;
        p.column = column;
    }
    problems.append(p);
}

void WorkspaceStore::Impl::readContainer(Item *item, const QString &file)
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

void WorkspaceStore::Impl::scan(Item *item, std::vector<PendingRequest> &pending)
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
            problems.append(
                {dir + u'/' + sub, 0, 0,
                 QStringLiteral("folders nest deeper than %1 levels (not read)").arg(kMaxDepth)});
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

void WorkspaceStore::Impl::applyOrder(Item *item)
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

void WorkspaceStore::Impl::dropUnread(Item *item, const QSet<const Item *> &failed)
{
    auto &ch = item->children;
    ch.erase(std::remove_if(ch.begin(), ch.end(),
                            [&](const auto &c) { return failed.contains(c.get()); }),
             ch.end());
    for (const auto &c : ch)
        dropUnread(c.get(), failed);
}

void WorkspaceStore::Impl::load()
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

void WorkspaceStore::Impl::loadEnvironments()
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

void WorkspaceStore::Impl::sortEnvironments()
{
    std::sort(environments.begin(), environments.end(), [](const auto &a, const auto &b) {
        return a.environment.name.localeAwareCompare(b.environment.name) < 0;
    });
}

bb::Result<std::unique_ptr<WorkspaceStore>> WorkspaceStore::open(const QString &dir)
{
    auto impl = std::make_unique<Impl>();
    impl->root = QDir::cleanPath(QFileInfo(dir).absoluteFilePath());
    const QDir d(impl->root);
    const QString marker = impl->root + u'/' + kWorkspaceFile;
    impl->top.kind = Kind::Folder;
    impl->top.meta.name = QFileInfo(impl->root).fileName();
    if (!QFileInfo::exists(marker)) {
        // Hidden entries do not count: a fresh clone (only .git) becomes a workspace too.
        if (d.exists() && !d.isEmpty(QDir::AllEntries | QDir::NoDotAndDotDot))
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

} // namespace bb::workspace
