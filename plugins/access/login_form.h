// bb::plugins::access — sign-in to a remote target that has no token configured.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;

namespace bb::plugins::access {

class AccessConnection;

/// The access token it obtains stays in memory only (AccessConnection); nothing is saved.
class LoginForm : public QWidget {
    Q_OBJECT
public:
    explicit LoginForm(AccessConnection *connection, QWidget *parent = nullptr);

    QLineEdit *emailField() const { return m_email; }
    QLineEdit *passwordField() const { return m_password; }
    QPushButton *signInButton() const { return m_signIn; }
    QLabel *errorLabel() const { return m_error; }
    /// Updates the heading with the target's name (it may change).
    void refresh();

private:
    void submit();

    AccessConnection *m_connection;
    QLabel *m_heading;
    QLineEdit *m_email;
    QLineEdit *m_password;
    QPushButton *m_signIn;
    QLabel *m_error;
};

} // namespace bb::plugins::access
