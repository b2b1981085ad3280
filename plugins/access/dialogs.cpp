#include "dialogs.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace bb::plugins::access {

void confirmThen(QWidget *parent, const QString &title, const QString &text,
                 const QString &confirmLabel, std::function<void()> onConfirm)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    box->setObjectName(QStringLiteral("accessConfirm"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *yes = box->addButton(confirmLabel, QMessageBox::DestructiveRole);
    yes->setObjectName(QStringLiteral("confirmButton"));
    QPushButton *no = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(no); // Enter must not destroy anything
    box->setEscapeButton(no);
    QObject::connect(box, &QMessageBox::buttonClicked, box,
                     [yes, onConfirm = std::move(onConfirm)](QAbstractButton *clicked) {
                         if (clicked == yes && onConfirm)
                             onConfirm();
                     });
    box->setWindowModality(Qt::WindowModal);
    box->open();
}

SecretDialog::SecretDialog(const QString &title, const QString &explanation, const QString &secret,
                           QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("secretDialog"));
    setWindowTitle(title);
    auto *text = new QLabel(explanation, this);
    text->setWordWrap(true);
    m_field = new QLineEdit(secret, this);
    m_field->setObjectName(QStringLiteral("secretField"));
    m_field->setReadOnly(true);
    m_field->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_field->setMinimumWidth(m_field->fontMetrics().horizontalAdvance(secret) + 24);
    m_copy = new QPushButton(tr("&Copy"), this);
    m_copy->setObjectName(QStringLiteral("copySecret"));
    m_feedback = new QLabel(this);
    auto *row = new QHBoxLayout;
    row->addWidget(m_field, 1);
    row->addWidget(m_copy);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addLayout(row);
    layout->addWidget(m_feedback);
    layout->addWidget(buttons);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_field->text());
        m_feedback->setText(tr("Copied to the clipboard."));
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_field->selectAll();
}

QString SecretDialog::secret() const
{
    return m_field->text();
}

SecretDialog *SecretDialog::showSecret(QWidget *parent, const QString &title,
                                       const QString &explanation, const QString &secret)
{
    auto *d = new SecretDialog(title, explanation, secret, parent);
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowModality(Qt::WindowModal);
    d->open();
    return d;
}

} // namespace bb::plugins::access
