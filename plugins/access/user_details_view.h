// bb::plugins::access — the selected user: profile, status, roles, sessions and API keys.
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace bb::shell {
class ShellContext;
}

namespace bb::plugins::access {

class AdminApi;
class RoleListModel;
class UserEditor;
struct UserRecord;

/// Thin: every button calls one UserEditor method; destructive ones ask first, secrets open in
/// a SecretDialog.
class UserDetailsView : public QWidget {
    Q_OBJECT
public:
    UserDetailsView(UserEditor *editor, RoleListModel *roles, shell::ShellContext *context,
                    AdminApi *api, QWidget *parent = nullptr);

    QLabel *titleLabel() const { return m_title; }
    QLabel *statusLabel() const { return m_status; }
    QLineEdit *nameField() const { return m_name; }
    QPushButton *saveNameButton() const { return m_saveName; }
    QPushButton *disableButton() const { return m_disable; }
    QPushButton *unlockButton() const { return m_unlock; }
    QPushButton *resetPasswordButton() const { return m_resetPassword; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *testerButton() const { return m_tester; }
    QPushButton *saveRolesButton() const { return m_saveRoles; }
    QCheckBox *roleBox(const QString &role) const;
    QTableView *sessionsTable() const { return m_sessions; }
    QPushButton *revokeAllButton() const { return m_revokeAll; }
    QPushButton *revokeSessionButton() const { return m_revokeSession; }
    QTableView *keysTable() const { return m_keys; }
    QLineEdit *keyNameField() const { return m_keyName; }
    QPushButton *createKeyButton() const { return m_createKey; }
    QPushButton *revokeKeyButton() const { return m_revokeKey; }

    /// Re-checks whether the endpoint tester exists (it may load after this panel).
    void refreshTesterButton();
    /// Asks to confirm, then deletes the shown user (the Delete button and the Delete key).
    void confirmDelete();

private:
    QWidget *buildProfile();
    QWidget *buildRoles();
    QWidget *buildSessions();
    QWidget *buildKeys();
    void rebuildRoleBoxes();
    void showUser(const UserRecord &user);
    void updateTabTitles();
    void updateButtons();
    void confirmDisable();
    void confirmResetPassword();
    void confirmRevokeAll();
    void confirmRevokeSession();
    void createKey();
    void confirmRevokeKey();
    void openInTesterAsUser();

    UserEditor *m_editor;
    RoleListModel *m_roleModel;
    shell::ShellContext *m_context;
    AdminApi *m_api;
    QLabel *m_placeholder = nullptr;
    QWidget *m_body = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_status = nullptr;
    QLineEdit *m_name = nullptr;
    QPushButton *m_saveName = nullptr;
    QPushButton *m_disable = nullptr;
    QPushButton *m_unlock = nullptr;
    QPushButton *m_resetPassword = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_tester = nullptr;
    QLabel *m_testerHint = nullptr;
    QWidget *m_roleBoxes = nullptr;
    QList<QCheckBox *> m_roleChecks;
    QPushButton *m_saveRoles = nullptr;
    QTabWidget *m_tabs = nullptr;
    QTableView *m_sessions = nullptr;
    QPushButton *m_revokeSession = nullptr;
    QPushButton *m_revokeAll = nullptr;
    QTableView *m_keys = nullptr;
    QLineEdit *m_keyName = nullptr;
    QPushButton *m_createKey = nullptr;
    QPushButton *m_revokeKey = nullptr;
};

} // namespace bb::plugins::access
