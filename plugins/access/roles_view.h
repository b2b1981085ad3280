// bb::plugins::access — the Roles tab: the role list and the selected role's permission matrix.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace bb::plugins::access {

class PermissionMatrixModel;
class RoleListModel;

class RolesView : public QWidget {
    Q_OBJECT
public:
    RolesView(RoleListModel *roles, PermissionMatrixModel *matrix, QWidget *parent = nullptr);

    QTableView *rolesTable() const { return m_roles; }
    QTableView *matrixTable() const { return m_matrix; }
    QPushButton *newButton() const { return m_new; }
    QPushButton *renameButton() const { return m_rename; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *applyButton() const { return m_apply; }
    QPushButton *revertButton() const { return m_revert; }
    QLabel *dirtyLabel() const { return m_dirty; }
    QLabel *matrixTitle() const { return m_title; }

    /// Selects the role's row (and shows its matrix).
    void selectRole(const QString &name);
    /// Each opens a small dialog (returned for tests) or asks to confirm; the server decides.
    QWidget *openCreateDialog();
    QWidget *openRenameDialog();
    void deleteSelected();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onRoleSelected();
    void showSelectedRole();
    void updateButtons();
    int selectedRow() const;

    RoleListModel *m_model;
    PermissionMatrixModel *m_matrixModel;
    QTableView *m_roles = nullptr;
    QTableView *m_matrix = nullptr;
    QPushButton *m_new = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_dirty = nullptr;
    QLabel *m_note = nullptr;
    qint64 m_shownRoleId = 0;
    QString m_pendingSelection;
};

} // namespace bb::plugins::access
