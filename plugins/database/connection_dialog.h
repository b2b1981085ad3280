// bb::plugins::database — add or edit a connection profile: driver, a file (with a picker) or
// host/port/user/database/SSL mode, the password (kept in the keychain, or for this session only
// when there is none, which the dialog says), and "Test connection" showing the server's own
// error.
#pragma once

#include "dbx/connection_profile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStackedWidget;

namespace bb::dbx {
class ConnectionPasswords;
}

namespace bb::plugins::database {

class ConnectionDialog : public QDialog {
    Q_OBJECT
public:
    /// `passwords` may be null (tests): the password field then only feeds "Test connection".
    ConnectionDialog(const dbx::ConnectionProfile &profile, dbx::ConnectionPasswords *passwords,
                     QWidget *parent = nullptr);

    /// The profile as edited (its id kept).
    dbx::ConnectionProfile profile() const;
    QString password() const;
    /// The last "Test connection" outcome, as shown.
    QString testResult() const;
    void testConnection();

    void accept() override;

private:
    void driverChanged();

    QString m_id;
    QComboBox *m_driver;
    QLineEdit *m_name;
    QStackedWidget *m_pages;
    QLineEdit *m_path;
    QCheckBox *m_create;
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLineEdit *m_database;
    QComboBox *m_sslMode;
    QLabel *m_keychainNote;
    QPushButton *m_test;
    QLabel *m_result;
};

} // namespace bb::plugins::database
