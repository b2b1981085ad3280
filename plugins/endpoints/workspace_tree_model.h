// bb::plugins::endpoints — the workspace's collections, folders and requests as a tree, with
// renaming in place and drag and drop that move files through the WorkspaceStore.
#pragma once

#include "workspace/workspace_store.h"

#include <QAbstractItemModel>

namespace bb::plugins::endpoints {

class WorkspaceTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, KindRole, MethodRole };

    explicit WorkspaceTreeModel(QObject *parent = nullptr);

    /// The store to show; not owned, may be null. Call reload() after changing it directly.
    void setStore(workspace::WorkspaceStore *store);
    workspace::WorkspaceStore *store() const { return m_store; }
    /// Re-reads the tree from the store.
    void reload();

    QModelIndex indexOf(const QString &id) const;
    QString idAt(const QModelIndex &index) const;
    const workspace::WorkspaceNode *nodeAt(const QModelIndex &index) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

signals:
    /// An item's id changed (renamed or moved): open editors follow it.
    void idChanged(const QString &oldId, const QString &newId);
    /// A store operation failed; the message is for the user.
    void failed(const QString &message);

private:
    struct Item {
        workspace::WorkspaceNode node; ///< children are in `children`, not in node.children
        Item *parent = nullptr;
        std::vector<std::unique_ptr<Item>> children;
        int row = 0;
    };
    void build(Item *item, const workspace::WorkspaceNode &node);
    Item *itemAt(const QModelIndex &index) const;
    QModelIndex indexOfItem(const Item *item) const;

    workspace::WorkspaceStore *m_store = nullptr;
    std::unique_ptr<Item> m_root;
};

} // namespace bb::plugins::endpoints
