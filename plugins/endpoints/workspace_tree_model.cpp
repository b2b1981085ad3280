#include "workspace_tree_model.h"

#include "method_badge.h"

#include <QApplication>
#include <QMimeData>
#include <QStyle>

namespace bb::plugins::endpoints {

using Kind = workspace::WorkspaceNode::Kind;

namespace {
const QString kMime = QStringLiteral("application/x-backbench-workspace-id");
}

WorkspaceTreeModel::WorkspaceTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Item>())
{}

void WorkspaceTreeModel::setStore(workspace::WorkspaceStore *store)
{
    m_store = store;
    reload();
}

void WorkspaceTreeModel::build(Item *item, const workspace::WorkspaceNode &node)
{
    item->node = node;
    item->node.children.clear();
    int row = 0;
    for (const workspace::WorkspaceNode &child : node.children) {
        auto c = std::make_unique<Item>();
        c->parent = item;
        c->row = row++;
        build(c.get(), child);
        item->children.push_back(std::move(c));
    }
}

void WorkspaceTreeModel::reload()
{
    beginResetModel();
    m_root = std::make_unique<Item>();
    if (m_store)
        build(m_root.get(), m_store->root());
    endResetModel();
}

WorkspaceTreeModel::Item *WorkspaceTreeModel::itemAt(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Item *>(index.internalPointer()) : m_root.get();
}

QModelIndex WorkspaceTreeModel::indexOfItem(const Item *item) const
{
    if (!item || item == m_root.get())
        return {};
    return createIndex(item->row, 0, const_cast<Item *>(item));
}

QModelIndex WorkspaceTreeModel::indexOf(const QString &id) const
{
    // Ids are paths, so walk down by prefix instead of searching the whole tree.
    const Item *item = m_root.get();
    while (item) {
        if (item != m_root.get() && item->node.id == id)
            return indexOfItem(item);
        const Item *next = nullptr;
        for (const auto &c : item->children) {
            if (c->node.id == id || id.startsWith(c->node.id + QLatin1Char('/'))) {
                next = c.get();
                break;
            }
        }
        item = next;
    }
    return {};
}

QString WorkspaceTreeModel::idAt(const QModelIndex &index) const
{
    return index.isValid() ? itemAt(index)->node.id : QString();
}

const workspace::WorkspaceNode *WorkspaceTreeModel::nodeAt(const QModelIndex &index) const
{
    return index.isValid() ? &itemAt(index)->node : nullptr;
}

QModelIndex WorkspaceTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const Item *p = itemAt(parent);
    if (column != 0 || row < 0 || row >= int(p->children.size()))
        return {};
    return createIndex(row, 0, p->children[std::size_t(row)].get());
}

QModelIndex WorkspaceTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOfItem(itemAt(child)->parent);
}

int WorkspaceTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(itemAt(parent)->children.size());
}

int WorkspaceTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant WorkspaceTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const workspace::WorkspaceNode &n = itemAt(index)->node;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return n.name;
    case Qt::ToolTipRole:
        return n.id;
    case Qt::DecorationRole:
        if (n.kind == Kind::Request)
            return methodIcon(n.method.isEmpty() ? QStringLiteral("GET") : n.method);
        return QApplication::style()->standardIcon(
            n.kind == Kind::Collection ? QStyle::SP_DirHomeIcon : QStyle::SP_DirIcon);
    case IdRole:
        return n.id;
    case KindRole:
        return int(n.kind);
    case MethodRole:
        return n.method;
    default:
        return {};
    }
}

bool WorkspaceTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || role != Qt::EditRole || !m_store)
        return false;
    const QString name = value.toString().trimmed();
    const QString oldId = idAt(index);
    if (name.isEmpty() || name == itemAt(index)->node.name)
        return false;
    auto renamed = m_store->rename(oldId, name);
    if (!renamed) {
        emit failed(
            tr("Cannot rename “%1”: %2").arg(itemAt(index)->node.name, renamed.error().message));
        return false;
    }
    const QString newId = *renamed;
    // The id is a path: the rename changes this item's and its descendants' ids, so rebuild
    // once the view has finished with the editor.
    QMetaObject::invokeMethod(
        this,
        [this, oldId, newId] {
            reload();
            emit idChanged(oldId, newId);
        },
        Qt::QueuedConnection);
    return true;
}

Qt::ItemFlags WorkspaceTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    const Kind kind = itemAt(index)->node.kind;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
    if (kind != Kind::Collection)
        f |= Qt::ItemIsDragEnabled;
    if (kind != Kind::Request)
        f |= Qt::ItemIsDropEnabled;
    return f;
}

QStringList WorkspaceTreeModel::mimeTypes() const
{
    return {kMime};
}

QMimeData *WorkspaceTreeModel::mimeData(const QModelIndexList &indexes) const
{
    if (indexes.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(kMime, idAt(indexes.first()).toUtf8());
    return mime;
}

bool WorkspaceTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                         const QModelIndex &parent) const
{
    if (action != Qt::MoveAction || !data || !data->hasFormat(kMime) || !parent.isValid())
        return false;
    const QString id = QString::fromUtf8(data->data(kMime));
    const QString target = idAt(parent);
    // Nothing moves into itself or below itself.
    return itemAt(parent)->node.kind != Kind::Request && target != id &&
           !target.startsWith(id + QLatin1Char('/'));
}

bool WorkspaceTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row,
                                      int column, const QModelIndex &parent)
{
    if (!m_store || !canDropMimeData(data, action, row, column, parent))
        return false;
    const QString id = QString::fromUtf8(data->data(kMime));
    auto moved = m_store->move(id, idAt(parent), row);
    if (!moved) {
        emit failed(tr("Cannot move “%1”: %2").arg(id, moved.error().message));
        return false;
    }
    const QString newId = *moved;
    // The view removes the dragged row itself after a successful move drop; rebuilding from the
    // store afterwards (queued) keeps the tree equal to the files.
    QMetaObject::invokeMethod(
        this,
        [this, id, newId] {
            reload();
            emit idChanged(id, newId);
        },
        Qt::QueuedConnection);
    return true;
}

} // namespace bb::plugins::endpoints
