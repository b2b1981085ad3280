// bb::plugins::access — the Access panel: users, roles, the policy tester and the audit log of
// the shell's current target.
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTabWidget;

namespace bb::shell {
class ShellContext;
}

namespace bb::plugins::access {

class AccessConnection;
class AuditLogModel;
class AuditLogView;
class LoginForm;
class PermissionMatrixModel;
class PolicyTester;
class PolicyTesterView;
class RoleListModel;
class RolesView;
class UsersView;

/// Thin: it owns the connection and the models, lays out the four tabs, and shows every
/// failure and success in one status line. Loading starts the first time it is shown; the
/// audit log polls only while it is visible.
class AccessWidget : public QWidget {
    Q_OBJECT
public:
    enum Tab { UsersTab, RolesTab, PolicyTab, AuditTab };

    explicit AccessWidget(shell::ShellContext &context, QWidget *parent = nullptr);
    ~AccessWidget() override;

    AccessConnection *connection() const { return m_connection; }
    UsersView *usersView() const { return m_users; }
    RolesView *rolesView() const { return m_roles; }
    PolicyTesterView *policyView() const { return m_policy; }
    AuditLogView *auditView() const { return m_audit; }
    RoleListModel *roleModel() const { return m_roleModel; }
    PermissionMatrixModel *matrixModel() const { return m_matrix; }
    PolicyTester *policyTester() const { return m_tester; }
    AuditLogModel *auditModel() const { return m_auditModel; }
    QTabWidget *tabs() const { return m_tabs; }
    LoginForm *loginForm() const { return m_login; }
    QLabel *targetLabel() const { return m_target; }
    QLabel *statusLabel() const { return m_status; }

    /// Reads everything again (F5, a new target, a restarted engine).
    void reloadAll();
    /// Ctrl+F: the search field of the current tab.
    void focusSearch();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildHeader();
    void updateConnection();
    void showFailure(const QString &message);
    void showNotice(const QString &message);

    shell::ShellContext &m_context;
    AccessConnection *m_connection;
    RoleListModel *m_roleModel;
    PermissionMatrixModel *m_matrix;
    PolicyTester *m_tester;
    AuditLogModel *m_auditModel;
    UsersView *m_users = nullptr;
    RolesView *m_roles = nullptr;
    PolicyTesterView *m_policy = nullptr;
    AuditLogView *m_audit = nullptr;
    QTabWidget *m_tabs = nullptr;
    LoginForm *m_login = nullptr;
    QLabel *m_message = nullptr;
    QStackedWidget *m_stack = nullptr;
    QLabel *m_target = nullptr;
    QPushButton *m_signOut = nullptr;
    QLabel *m_status = nullptr;
    bool m_loaded = false;
};

} // namespace bb::plugins::access
