// bb::workspace — a workspace folder of plain files (docs/workspace-format.md) that the user can
// keep in git: collections, folders and requests as YAML files, environments beside them, and
// git-ignored local state (history, cookies, tabs) under .backbench/.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QList>
#include <QString>

#include <memory>

namespace bb::workspace {

/// One collection, folder or request as the tree shows it. `id` is the path relative to the
/// workspace root ('/'-separated, e.g. "petstore/pets/list-pets.req.yaml"); it changes only
/// when the item is renamed or moved, and the operations that do so return the new one.
struct WorkspaceNode {
    enum class Kind { Collection, Folder, Request };
    QString id;
    Kind kind = Kind::Folder;
    QString name;
    QString method; ///< requests only, for the tree's method badge
    QList<WorkspaceNode> children;

    bool operator==(const WorkspaceNode &) const = default;
};

/// A file the store could not read when opening; the rest of the workspace loaded.
struct WorkspaceProblem {
    QString path; ///< absolute
    int line = 0; ///< 1-based; 0 when the problem is not about a position (unreadable file)
    int column = 0;
    QString message;
};

/// The workspace on disk and its tree in memory, kept consistent: every write is atomic
/// (QSaveFile), and an operation that fails leaves both the files and the tree as they were.
/// Not thread-safe: use it from one thread (the GUI's).
class WorkspaceStore {
public:
    /// Opens `dir`, creating an empty workspace if the folder is missing or empty (hidden entries
    /// such as .git aside); any other folder without backbench-workspace.yaml is refused. Files
    /// that cannot be parsed are skipped and listed in problems(). Request files are parsed in
    /// parallel: 3,000 requests open in a fraction of a second.
    static bb::Result<std::unique_ptr<WorkspaceStore>> open(const QString &dir);
    ~WorkspaceStore();

    /// Reads the folder again (after a git pull or an edit in another program). Node pointers
    /// and references from before are invalid afterwards; ids of unchanged items stay the same.
    /// On failure the store keeps what it had.
    bb::Result<void> reload();

    QString rootDir() const;
    QString name() const;
    /// The workspace itself (id "", kind Folder) with the collections as its children.
    const WorkspaceNode &root() const;
    /// The node with this id, or nullptr.
    const WorkspaceNode *node(const QString &id) const;
    QList<WorkspaceProblem> problems() const;

    bb::Result<HttpRequest> request(const QString &id) const;
    /// The collection's whole tree as the model (for the runner and the exporters).
    bb::Result<Collection> collection(const QString &collectionId) const;
    /// The id of the collection `id` belongs to ("" for the root).
    static QString collectionIdOf(const QString &id);

    bb::Result<QString> addCollection(const QString &name);
    bb::Result<QString> addFolder(const QString &parentId, const QString &name);
    bb::Result<QString> addRequest(const QString &parentId, const HttpRequest &request);
    /// Writes the request back to its file; a new name is shown in the tree but keeps the id.
    bb::Result<void> saveRequest(const QString &id, const HttpRequest &request);
    /// Renames a collection, folder or request, renaming its file or folder; returns the new id.
    bb::Result<QString> rename(const QString &id, const QString &newName);
    /// Moves a folder or request under another collection or folder at `index` among its
    /// children (-1 = last). Collections cannot be moved. Returns the new id.
    bb::Result<QString> move(const QString &id, const QString &newParentId, int index);
    /// Copies an item (a folder or collection with everything below it) next to the original,
    /// named "<name> copy"; returns the copy's id.
    bb::Result<QString> duplicate(const QString &id);
    bb::Result<void> remove(const QString &id);
    /// Writes a whole collection (e.g. an importer's output) as a new collection.
    bb::Result<QString> importCollection(const Collection &collection);

    /// Variables of a collection or folder (request variables are part of the request).
    bb::Result<QList<KeyValue>> variables(const QString &containerId) const;
    bb::Result<void> setVariables(const QString &containerId, const QList<KeyValue> &variables);
    /// The variables of the folders between a request's collection and the request, outermost
    /// first (the order VariableScopes::setFolders takes).
    bb::Result<QList<QList<KeyValue>>> folderVariables(const QString &requestId) const;
    bb::Result<RequestSettings> settings(const QString &collectionId) const;
    bb::Result<void> setSettings(const QString &collectionId, const RequestSettings &settings);
    bb::Result<QString> description(const QString &containerId) const;
    bb::Result<void> setDescription(const QString &containerId, const QString &description);

    /// Environments in name order. Secret variables come with empty values: their values are
    /// in the SecretStore.
    QList<Environment> environments() const;
    /// Creates or replaces the environment with this name; a secret's value is never written.
    bb::Result<void> saveEnvironment(const Environment &environment);
    bb::Result<void> removeEnvironment(const QString &name);

    /// `<root>/.backbench/`: per-user state kept out of git (history, cookies, open tabs).
    QString localStateDir() const;

private:
    struct Impl;
    explicit WorkspaceStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace bb::workspace
