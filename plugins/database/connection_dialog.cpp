#include "connection_dialog.h"

#include "dbx/connection.h"
#include "dbx/connection_passwords.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace bb::plugins::database {

namespace {
// The drivers a user may pick; the engine's own file is the fixed entry of the list instead.
const QList<dbx::Driver> kDrivers{dbx::Driver::Sqlite, dbx::Driver::Postgres, dbx::Driver::Mysql};
} // namespace

ConnectionDialog::ConnectionDialog(const dbx::ConnectionProfile &profile,
                                   dbx::ConnectionPasswords *passwords, QWidget *parent)
    : QDialog(parent)
    , m_id(profile.id)
    , m_driver(new QComboBox(this))
    , m_name(new QLineEdit(profile.name, this))
    , m_pages(new QStackedWidget(this))
    , m_path(new QLineEdit(profile.path, this))
    , m_create(new QCheckBox(tr("Create the file when it does not exist"), this))
    , m_host(new QLineEdit(profile.host, this))
    , m_port(new QSpinBox(this))
    , m_user(new QLineEdit(profile.user, this))
    , m_password(new QLineEdit(this))
    , m_database(new QLineEdit(profile.database, this))
    , m_sslMode(new QComboBox(this))
    , m_keychainNote(new QLabel(this))
    , m_test(new QPushButton(tr("Test connection"), this))
    , m_result(new QLabel(this))
{
    setWindowTitle(profile.name.isEmpty() ? tr("New connection") : tr("Edit connection"));
    m_driver->addItems({tr("SQLite file"), tr("PostgreSQL"), tr("MySQL / MariaDB")});
    m_driver->setCurrentIndex(std::max<int>(0, int(kDrivers.indexOf(profile.driver))));
    m_create->setChecked(profile.createIfMissing);
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("default"));
    m_port->setValue(profile.port);
    m_password->setEchoMode(QLineEdit::Password);
    m_keychainNote->setWordWrap(true);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->setObjectName(QStringLiteral("testResult"));

    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("SQLite database"), m_path->text(),
            tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"), nullptr,
            QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty())
            m_path->setText(file);
    });
    auto *filePage = new QWidget(this);
    auto *fileForm = new QFormLayout(filePage);
    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    fileForm->addRow(tr("File"), pathRow);
    fileForm->addRow(QString(), m_create);

    auto *serverPage = new QWidget(this);
    auto *serverForm = new QFormLayout(serverPage);
    serverForm->addRow(tr("Host"), m_host);
    serverForm->addRow(tr("Port"), m_port);
    serverForm->addRow(tr("User"), m_user);
    serverForm->addRow(tr("Password"), m_password);
    serverForm->addRow(QString(), m_keychainNote);
    serverForm->addRow(tr("Database"), m_database);
    serverForm->addRow(tr("SSL mode"), m_sslMode);
    m_pages->addWidget(filePage);
    m_pages->addWidget(serverPage);

    auto *form = new QFormLayout;
    form->addRow(tr("Driver"), m_driver);
    form->addRow(tr("Name"), m_name);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_result, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_pages);
    layout->addLayout(testRow);
    layout->addWidget(buttons);

    // The keychain probe may answer after the dialog opens; the note follows it.
    auto describeKeychain = [this, passwords] {
        if (!passwords)
            m_keychainNote->setText(tr("The password is only used to test the connection."));
        else if (!passwords->isPersistent())
            m_keychainNote->setText(tr("No keychain answered (%1): the password is kept for "
                                       "this session only.")
                                        .arg(passwords->sessionOnlyReason()));
        else
            m_keychainNote->setText(passwords->isKnown()
                                        ? tr("Saved in the system keychain.")
                                        : tr("Saved in the system keychain (checking that one "
                                             "answers…)."));
    };
    describeKeychain();
    if (passwords)
        connect(passwords, &dbx::ConnectionPasswords::persistenceChanged, this, describeKeychain);
    m_keychainNote->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    if (passwords && profile.isServer()) {
        QPointer<ConnectionDialog> self(this);
        passwords->read(profile.id, [self](Result<QString> pw) {
            if (self && pw && self->m_password->text().isEmpty())
                self->m_password->setText(*pw);
        });
    }

    connect(m_driver, &QComboBox::currentIndexChanged, this, &ConnectionDialog::driverChanged);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    driverChanged();
    m_sslMode->setCurrentText(profile.sslMode);
    resize(520, sizeHint().height());
}

void ConnectionDialog::driverChanged()
{
    const dbx::Driver driver = kDrivers.value(m_driver->currentIndex());
    const bool server = driver != dbx::Driver::Sqlite;
    m_pages->setCurrentIndex(server ? 1 : 0);
    const QString current = m_sslMode->currentText();
    m_sslMode->clear();
    m_sslMode->addItem(QString());
    m_sslMode->addItems(dbx::ConnectionProfile::sslModes(driver));
    m_sslMode->setCurrentText(current);
    m_port->setSpecialValueText(
        tr("default (%1)").arg(dbx::ConnectionProfile::defaultPort(driver)));
    m_result->clear();
}

dbx::ConnectionProfile ConnectionDialog::profile() const
{
    dbx::ConnectionProfile p;
    p.id = m_id;
    p.driver = kDrivers.value(m_driver->currentIndex());
    p.name = m_name->text().trimmed();
    p.path = m_path->text().trimmed();
    p.createIfMissing = m_create->isChecked();
    p.host = m_host->text().trimmed();
    p.port = m_port->value();
    p.user = m_user->text().trimmed();
    p.database = m_database->text().trimmed();
    p.sslMode = m_sslMode->currentText();
    if (p.name.isEmpty())
        p.name = p.driver == dbx::Driver::Sqlite ? QFileInfo(p.path).fileName() : p.summary();
    return p;
}

QString ConnectionDialog::password() const
{
    return m_password->text();
}

QString ConnectionDialog::testResult() const
{
    return m_result->text();
}

void ConnectionDialog::testConnection()
{
    const dbx::ConnectionProfile p = profile();
    if (auto valid = p.validate(); !valid) {
        m_result->setText(valid.error().message);
        m_result->setStyleSheet(QStringLiteral("color: #cf222e;"));
        return;
    }
    m_test->setEnabled(false);
    m_result->setStyleSheet({});
    m_result->setText(tr("Connecting…"));
    dbx::testConnectionAsync(this, p, password(), [this](Result<dbx::ConnectionCheck> check) {
        m_test->setEnabled(true);
        if (check) {
            m_result->setStyleSheet(QStringLiteral("color: #2ea043;"));
            m_result->setText(
                tr("Connected: %1 (%2 ms)").arg(check->serverVersion).arg(check->elapsedMs));
        } else {
            // The server's own words: they say what is wrong better than a paraphrase.
            m_result->setStyleSheet(QStringLiteral("color: #cf222e;"));
            m_result->setText(check.error().message);
        }
    });
}

void ConnectionDialog::accept()
{
    if (auto valid = profile().validate(); !valid) {
        m_result->setStyleSheet(QStringLiteral("color: #cf222e;"));
        m_result->setText(valid.error().message);
        return;
    }
    QDialog::accept();
}

} // namespace bb::plugins::database
