// What WorkspaceStore keeps in memory, shared by its source files: the tree of Items (the
// source of truth; the public WorkspaceNode tree is rebuilt from it after each change) and the
// helpers that put it on disk (workspace_store_impl.cpp) and read it back
// (workspace_store_load.cpp). The public operations are in workspace_store.cpp.
#pragma once

#include "common/result.h"
#include "workspace/workspace_file.h"
#include "workspace/workspace_store.h"

#include <QSet>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace bb::workspace {

namespace detail {

using Kind = WorkspaceNode::Kind;

inline const QString kWorkspaceFile = QStringLiteral("backbench-workspace.yaml");
inline const QString kCollectionFile = QStringLiteral("collection.yaml");
inline const QString kFolderFile = QStringLiteral("folder.yaml");
inline const QString kRequestSuffix = QStringLiteral(".req.yaml");
inline const QString kEnvironmentSuffix = QStringLiteral(".env.yaml");
inline const QString kEnvironmentsDir = QStringLiteral("environments");
inline const QString kLocalDir = QStringLiteral(".backbench");
inline constexpr int kMaxDepth = 64; // folders nested deeper are not read (and not created)

/// Atomic (QSaveFile).
bb::Result<void> writeFile(const QString &path, const QByteArray &bytes);
bb::Result<QByteArray> readFile(const QString &path);

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

} // namespace detail

using namespace detail;

struct WorkspaceStore::Impl {
    QString root;
    Item top; ///< the workspace: its meta is backbench-workspace.yaml, children the collections
    WorkspaceNode view;
    QList<WorkspaceProblem> problems;
    QList<EnvironmentEntry> environments;

    QString pathOf(const Item *item) const;
    QString containerFilePath(const Item *item) const;
    static ContainerKind containerKind(const Item *item);

    Item *find(const QString &id);
    const Item *find(const QString &id) const { return const_cast<Impl *>(this)->find(id); }

    bb::Result<Item *> findKind(const QString &id, bool container);

    // A slug no sibling uses and no file in the folder has (a file that failed to parse is not
    // in the tree but must not be overwritten).
    QString uniqueSlug(const Item *parent, const QString &base, const QString &suffix,
                       const Item *ignore = nullptr) const;
    static QString slugBase(const Item *item);

    bb::Result<void> writeContainer(Item *item);

    // Writes an item (and everything below it) at its place on disk; the caller has attached
    // it to its parent. On failure whatever was written is removed again.
    bb::Result<void> writeSubtree(Item *item);

    // Removes a file or folder by moving it to .backbench/ first (one rename, so it either
    // happens or not), then deleting it there.
    bb::Result<QString> moveToTrash(const QString &path);
    static void purge(const QString &trashed);

    static WorkspaceNode viewOf(const Item *item);
    void rebuildView() { view = viewOf(&top); }

    struct PendingRequest {
        Item *item;
        QString path;
        std::optional<HttpRequest> request;
        WorkspaceProblem problem;
    };

    void problem(const QString &path, const QByteArray &bytes, const bb::Error &e);

    void readContainer(Item *item, const QString &file);

    // Builds the skeleton of folders and collects the request files to parse.
    void scan(Item *item, std::vector<PendingRequest> &pending);

    // Children listed in the container's `order` come first, in that order; the rest (added
    // by hand, or by a tool that does not keep the list) follow by name.
    static void applyOrder(Item *item);

    static void dropUnread(Item *item, const QSet<const Item *> &failed);

    void load();

    void loadEnvironments();
    void sortEnvironments();

    static void toModel(const Item *item, Folder &folder);

    static void fromModel(Item *item, const Folder &folder);

    // Gives every item below `item` a slug unique among its siblings (a fresh subtree).
    static void assignSlugs(Item *item);

    // Inserts `child` under `parent` at `index`, writes it and the parent's order; on failure
    // the tree and the disk are as before.
    bb::Result<QString> attachNew(Item *parent, std::unique_ptr<Item> child, int index);
};

} // namespace bb::workspace
