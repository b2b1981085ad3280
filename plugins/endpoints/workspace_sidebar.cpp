#include "workspace_sidebar.h"

#include "workspace_tree_model.h"

#include <QAction>
#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

using Kind = workspace::WorkspaceNode::Kind;

WorkspaceSidebar::WorkspaceSidebar(WorkspaceTreeModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("treeSearch"));
    m_search->setPlaceholderText(tr("Filter requests"));
    m_search->setClearButtonEnabled(true);

    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(model);
    m_proxy->setRecursiveFilteringEnabled(true); // a match keeps its folders visible
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    m_tree = new QTreeView(this);
    m_tree->setObjectName(QStringLiteral("workspaceTree"));
    m_tree->setModel(m_proxy);
    m_tree->setHeaderHidden(true);
    m_tree->setDragDropMode(QAbstractItemView::InternalMove);
    m_tree->setDefaultDropAction(Qt::MoveAction);
    m_tree->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setUniformRowHeights(true);
    m_tree->setAnimated(false);
    m_tree->setIconSize(QSize(28, 16)); // room for the method badge ("DEL", "PATCH")

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_search);
    layout->addWidget(m_tree, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        if (!text.isEmpty())
            m_tree->expandAll();
    });
    connect(m_tree, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (m_model->data(source, WorkspaceTreeModel::KindRole).toInt() == int(Kind::Request))
            emit openRequested(m_model->idAt(source));
    });
    connect(m_tree, &QWidget::customContextMenuRequested, this, &WorkspaceSidebar::showMenu);
    connect(m_model, &WorkspaceTreeModel::failed, this, &WorkspaceSidebar::failed);

    auto shortcut = [this](const QKeySequence &key, auto slot) {
        auto *a = new QAction(this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(a, &QAction::triggered, this, slot);
        m_tree->addAction(a);
    };
    shortcut(QKeySequence(Qt::Key_F2), [this] { renameCurrent(); });
    shortcut(QKeySequence(Qt::CTRL | Qt::Key_D), [this] {
        if (!currentId().isEmpty())
            duplicate(currentId());
    });
    shortcut(QKeySequence::Delete, [this] {
        if (!currentId().isEmpty())
            remove(currentId());
    });
}

QString WorkspaceSidebar::currentId() const
{
    return m_model->idAt(m_proxy->mapToSource(m_tree->currentIndex()));
}

void WorkspaceSidebar::select(const QString &id)
{
    const QModelIndex index = m_proxy->mapFromSource(m_model->indexOf(id));
    if (!index.isValid())
        return;
    for (QModelIndex p = index.parent(); p.isValid(); p = p.parent())
        m_tree->expand(p);
    m_tree->setCurrentIndex(index);
    m_tree->scrollTo(index);
}

QString WorkspaceSidebar::containerFor(const QString &id) const
{
    const QModelIndex index = m_model->indexOf(id);
    const auto *node = m_model->nodeAt(index);
    if (!node)
        return {};
    if (node->kind != Kind::Request)
        return node->id;
    return m_model->idAt(index.parent());
}

QString WorkspaceSidebar::askName(const QString &title, const QString &suggestion)
{
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, title, tr("Name:"), QLineEdit::Normal, suggestion, &ok)
            .trimmed();
    return ok ? name : QString();
}

void WorkspaceSidebar::afterChange(const QString &selectId)
{
    m_model->reload();
    select(selectId);
}

QString WorkspaceSidebar::newCollection(const QString &name)
{
    if (!m_model->store())
        return {};
    const QString n = name.isEmpty() ? askName(tr("New collection"), tr("My API")) : name;
    if (n.isEmpty())
        return {};
    auto id = m_model->store()->addCollection(n);
    if (!id) {
        emit failed(tr("Cannot create the collection: %1").arg(id.error().message));
        return {};
    }
    afterChange(*id);
    return *id;
}

QString WorkspaceSidebar::newFolder(const QString &parentId, const QString &name)
{
    if (!m_model->store() || parentId.isEmpty())
        return {};
    const QString n = name.isEmpty() ? askName(tr("New folder"), tr("New folder")) : name;
    if (n.isEmpty())
        return {};
    auto id = m_model->store()->addFolder(parentId, n);
    if (!id) {
        emit failed(tr("Cannot create the folder: %1").arg(id.error().message));
        return {};
    }
    afterChange(*id);
    return *id;
}

QString WorkspaceSidebar::newRequest(const QString &parentId, const QString &name)
{
    if (!m_model->store() || parentId.isEmpty())
        return {};
    const QString n = name.isEmpty() ? askName(tr("New request"), tr("New request")) : name;
    if (n.isEmpty())
        return {};
    workspace::HttpRequest r;
    r.name = n;
    r.url = QStringLiteral("{{baseUrl}}/");
    auto id = m_model->store()->addRequest(parentId, r);
    if (!id) {
        emit failed(tr("Cannot create the request: %1").arg(id.error().message));
        return {};
    }
    afterChange(*id);
    emit openRequested(*id);
    return *id;
}

QString WorkspaceSidebar::duplicate(const QString &id)
{
    if (!m_model->store())
        return {};
    auto copy = m_model->store()->duplicate(id);
    if (!copy) {
        emit failed(tr("Cannot duplicate: %1").arg(copy.error().message));
        return {};
    }
    afterChange(*copy);
    return *copy;
}

bool WorkspaceSidebar::remove(const QString &id, bool confirm)
{
    const auto *node = m_model->nodeAt(m_model->indexOf(id));
    if (!m_model->store() || !node)
        return false;
    if (confirm) {
        const QString what = node->kind == Kind::Request
                                 ? tr("the request “%1”").arg(node->name)
                                 : tr("“%1” and everything in it").arg(node->name);
        if (QMessageBox::question(
                this, tr("Delete"),
                tr("Delete %1? Its files are removed from the workspace.").arg(what)) !=
            QMessageBox::Yes)
            return false;
    }
    auto done = m_model->store()->remove(id);
    if (!done) {
        emit failed(tr("Cannot delete: %1").arg(done.error().message));
        return false;
    }
    m_model->reload();
    emit removed(id);
    return true;
}

void WorkspaceSidebar::renameCurrent()
{
    if (m_tree->currentIndex().isValid())
        m_tree->edit(m_tree->currentIndex());
}

void WorkspaceSidebar::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_proxy->mapToSource(m_tree->indexAt(pos));
    const auto *node = m_model->nodeAt(index);
    const QString id = node ? node->id : QString();
    QMenu menu(this);
    if (node) {
        const QString container = containerFor(id);
        if (node->kind == Kind::Request)
            menu.addAction(tr("Open"), this, [this, id] { emit openRequested(id); });
        menu.addAction(tr("New request…"), this, [this, container] { newRequest(container); });
        menu.addAction(tr("New folder…"), this, [this, container] { newFolder(container); });
        if (node->kind != Kind::Request) {
            menu.addSeparator();
            menu.addAction(tr("Run collection/folder…"), this,
                           [this, id] { emit runRequested(id); });
        }
        menu.addSeparator();
        menu.addAction(tr("Rename"), QKeySequence(Qt::Key_F2), this, [this] { renameCurrent(); });
        menu.addAction(tr("Duplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), this,
                       [this, id] { duplicate(id); });
        menu.addAction(tr("Delete"), QKeySequence::Delete, this, [this, id] { remove(id); });
        menu.addSeparator();
    }
    menu.addAction(tr("New collection…"), this, [this] { newCollection(); });
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

} // namespace bb::plugins::endpoints
