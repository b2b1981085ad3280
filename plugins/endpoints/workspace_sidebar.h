// bb::plugins::endpoints — the left side of the panel: the workspace tree with its search field
// and the tree's actions (new, rename F2, duplicate Ctrl+D, delete Del, run).
#pragma once

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace bb::plugins::endpoints {

class WorkspaceTreeModel;

class WorkspaceSidebar : public QWidget {
    Q_OBJECT
public:
    explicit WorkspaceSidebar(WorkspaceTreeModel *model, QWidget *parent = nullptr);

    QTreeView *tree() const { return m_tree; }
    QLineEdit *searchField() const { return m_search; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    /// The selected item's id, or empty.
    QString currentId() const;
    void select(const QString &id);

    /// The operations behind the menu and shortcuts, public so tests drive them without menus.
    /// `name` empty asks the user.
    QString newCollection(const QString &name = {});
    QString newFolder(const QString &parentId, const QString &name = {});
    QString newRequest(const QString &parentId, const QString &name = {});
    QString duplicate(const QString &id);
    /// `confirm` false skips the question (tests; the caller already asked).
    bool remove(const QString &id, bool confirm = true);
    void renameCurrent();

signals:
    void openRequested(const QString &id);
    void runRequested(const QString &containerId);
    void removed(const QString &id);
    void failed(const QString &message);

private:
    void showMenu(const QPoint &pos);
    QString containerFor(const QString &id) const;
    QString askName(const QString &title, const QString &suggestion);
    void afterChange(const QString &selectId);

    WorkspaceTreeModel *m_model;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_tree = nullptr;
    QLineEdit *m_search = nullptr;
};

} // namespace bb::plugins::endpoints
