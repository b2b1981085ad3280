// bb::plugins::access — the "New user" form.
#pragma once

#include "records.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace bb::plugins::access {

class UserEditor;

/// Stays open when the server refuses (a taken email, a short password) and shows why.
class UserCreateDialog : public QDialog {
    Q_OBJECT
public:
    UserCreateDialog(UserEditor *editor, const QStringList &roleNames, QWidget *parent = nullptr);

    QLineEdit *emailField() const { return m_email; }
    QLineEdit *nameField() const { return m_name; }
    QLineEdit *passwordField() const { return m_password; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *createButton() const { return m_create; }
    /// Checks the named role's box (tests; people click).
    void setRoleChecked(const QString &role, bool checked);
    QStringList checkedRoles() const;

signals:
    void created(const bb::plugins::access::UserRecord &user);

private:
    void submit();
    void generatePassword();

    UserEditor *m_editor;
    QLineEdit *m_email;
    QLineEdit *m_name;
    QLineEdit *m_password;
    QList<QCheckBox *> m_roles;
    QLabel *m_error;
    QPushButton *m_create;
};

} // namespace bb::plugins::access
