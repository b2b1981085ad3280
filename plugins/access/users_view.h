// bb::plugins::access — the Users tab: search, the lazy table, and the selected user's details.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace bb::shell {
class ShellContext;
}

namespace bb::plugins::access {

class AdminApi;
class RoleListModel;
class UserDetailsView;
class UserEditor;
class UserListModel;

class UsersView : public QWidget {
    Q_OBJECT
public:
    UsersView(AdminApi *api, RoleListModel *roles, shell::ShellContext *context,
              QWidget *parent = nullptr);

    UserListModel *model() const { return m_model; }
    UserEditor *editor() const { return m_editor; }
    UserDetailsView *details() const { return m_details; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    QPushButton *newUserButton() const { return m_newUser; }
    QLabel *countLabel() const { return m_count; }

    /// Opens the "New user" dialog (also the button's action); returns it for tests.
    QWidget *openCreateDialog();
    /// Asks to confirm, then deletes the selected user (the Delete key).
    void deleteSelected();
    void reload();

signals:
    void failed(const QString &message);
    void notice(const QString &message);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void loadVisibleRows();
    void onSelectionChanged();
    void updateCount();

    AdminApi *m_api;
    RoleListModel *m_roles;
    UserListModel *m_model;
    UserEditor *m_editor;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
    QPushButton *m_newUser = nullptr;
    QTableView *m_table = nullptr;
    UserDetailsView *m_details = nullptr;
};

} // namespace bb::plugins::access
