#include "login_form.h"

#include "access_connection.h"
#include "tone.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bb::plugins::access {

LoginForm::LoginForm(AccessConnection *connection, QWidget *parent)
    : QWidget(parent)
    , m_connection(connection)
{
    setObjectName(QStringLiteral("accessLogin"));
    m_heading = new QLabel(this);
    m_heading->setWordWrap(true);
    QFont f = m_heading->font();
    f.setBold(true);
    m_heading->setFont(f);
    auto *hint = new QLabel(tr("This target has no token configured. Sign in with an account "
                               "that holds the admin areas you want to manage. The session is "
                               "kept in memory only and renewed while you work."),
                            this);
    hint->setWordWrap(true);
    setTextTone(hint, shell::Tone::Muted);
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("loginEmail"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("loginPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_signIn = new QPushButton(tr("Sign in"), this);
    m_signIn->setObjectName(QStringLiteral("loginButton"));
    m_signIn->setDefault(true);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setWordWrap(true);
    setTextTone(m_error, shell::Tone::Danger);

    auto *form = new QFormLayout;
    form->addRow(tr("Email"), m_email);
    form->addRow(tr("Password"), m_password);
    auto *box = new QWidget(this);
    box->setMaximumWidth(480);
    auto *v = new QVBoxLayout(box);
    v->addWidget(m_heading);
    v->addWidget(hint);
    v->addLayout(form);
    v->addWidget(m_signIn, 0, Qt::AlignRight);
    v->addWidget(m_error);
    auto *outer = new QVBoxLayout(this);
    outer->addStretch(1);
    outer->addWidget(box, 0, Qt::AlignHCenter);
    outer->addStretch(2);

    connect(m_signIn, &QPushButton::clicked, this, &LoginForm::submit);
    connect(m_password, &QLineEdit::returnPressed, this, &LoginForm::submit);
    refresh();
}

void LoginForm::refresh()
{
    m_heading->setText(tr("Sign in to %1").arg(m_connection->targetName()));
}

void LoginForm::submit()
{
    if (m_email->text().trimmed().isEmpty() || m_password->text().isEmpty()) {
        m_error->setText(tr("Enter an email and a password."));
        return;
    }
    m_signIn->setEnabled(false);
    m_error->clear();
    m_connection->login(m_email->text().trimmed(), m_password->text(),
                        [this](const QString &error) {
                            m_signIn->setEnabled(true);
                            m_password->clear();
                            m_error->setText(error);
                        });
}

} // namespace bb::plugins::access
