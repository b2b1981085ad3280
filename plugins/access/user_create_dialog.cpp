#include "user_create_dialog.h"

#include "user_editor.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QVBoxLayout>

namespace bb::plugins::access {

UserCreateDialog::UserCreateDialog(UserEditor *editor, const QStringList &roleNames,
                                   QWidget *parent)
    : QDialog(parent)
    , m_editor(editor)
{
    setObjectName(QStringLiteral("userCreateDialog"));
    setWindowTitle(tr("New user"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("newUserEmail"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("newUserName"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("newUserPassword"));
    m_password->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    auto *generate = new QPushButton(tr("&Generate"), this);
    generate->setToolTip(tr("Fill in a random 20-character password and show it"));
    auto *pwRow = new QHBoxLayout;
    pwRow->addWidget(m_password, 1);
    pwRow->addWidget(generate);

    auto *rolesBox = new QGroupBox(tr("Roles"), this);
    auto *rolesLayout = new QHBoxLayout(rolesBox);
    for (const QString &name : roleNames) {
        if (name == QLatin1String("anonymous"))
            continue; // what callers without credentials get; never assigned to a user
        auto *box = new QCheckBox(name, rolesBox);
        box->setObjectName(QStringLiteral("newUserRole-") + name);
        box->setChecked(name == QLatin1String("viewer"));
        rolesLayout->addWidget(box);
        m_roles << box;
    }
    rolesLayout->addStretch(1);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("newUserError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Email"), m_email);
    form->addRow(tr("&Display name"), m_name);
    form->addRow(tr("&Password"), pwRow);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("&Create"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createUserButton"));
    m_create->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(rolesBox);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());

    connect(generate, &QPushButton::clicked, this, &UserCreateDialog::generatePassword);
    connect(m_create, &QPushButton::clicked, this, &UserCreateDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void UserCreateDialog::setRoleChecked(const QString &role, bool checked)
{
    for (QCheckBox *box : m_roles) {
        if (box->text() == role)
            box->setChecked(checked);
    }
}

QStringList UserCreateDialog::checkedRoles() const
{
    QStringList roles;
    for (QCheckBox *box : m_roles) {
        if (box->isChecked())
            roles << box->text();
    }
    return roles;
}

void UserCreateDialog::generatePassword()
{
    // No look-alike characters: the password may be read out or typed from a screen.
    static const QString alphabet =
        QStringLiteral("abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789");
    QString pw;
    auto *rng = QRandomGenerator::system();
    for (int i = 0; i < 20; ++i)
        pw += alphabet.at(int(rng->bounded(quint32(alphabet.size()))));
    m_password->setEchoMode(QLineEdit::Normal);
    m_password->setText(pw);
}

void UserCreateDialog::submit()
{
    if (m_email->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        m_error->setText(tr("An email and a password are needed."));
        m_error->show();
        return;
    }
    m_create->setEnabled(false);
    m_error->hide();
    m_editor->createUser(
        m_email->text().trimmed(), m_password->text(), m_name->text().trimmed(), checkedRoles(),
        [this](const UserRecord &u) {
            emit created(u);
            accept();
        },
        [this](const QString &error) {
            m_create->setEnabled(true);
            m_error->setText(error);
            m_error->show();
        });
}

} // namespace bb::plugins::access
