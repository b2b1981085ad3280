#include "cookie_dialog.h"

#include "client/cookie_jar.h"

#include <QCheckBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

CookieDialog::CookieDialog(client::CookieJar &jar, QWidget *parent)
    : QDialog(parent)
    , m_jar(jar)
{
    setWindowTitle(tr("Cookies"));
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("cookieList"));
    m_list->setRootIsDecorated(false);
    m_list->setHeaderLabels(
        {tr("Domain"), tr("Path"), tr("Name"), tr("Value"), tr("Expires"), tr("Flags")});
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    auto *add = new QPushButton(tr("Add…"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    auto *clear = new QPushButton(tr("Remove all"), this);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *row = new QHBoxLayout;
    row->addWidget(add);
    row->addWidget(remove);
    row->addWidget(clear);
    row->addStretch(1);
    row->addWidget(buttons);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addLayout(row);
    connect(add, &QPushButton::clicked, this, &CookieDialog::addCookie);
    connect(remove, &QPushButton::clicked, this, &CookieDialog::removeSelected);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_jar.clear();
        reload();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::accept);
    resize(760, 360);
    reload();
}

void CookieDialog::reload()
{
    m_list->clear();
    for (const client::Cookie &c : m_jar.list()) {
        QStringList flags;
        if (c.secure)
            flags << QStringLiteral("Secure");
        if (c.httpOnly)
            flags << QStringLiteral("HttpOnly");
        if (c.includeSubdomains)
            flags << tr("subdomains");
        new QTreeWidgetItem(m_list,
                            {QString::fromUtf8(c.domain), QString::fromUtf8(c.path),
                             QString::fromUtf8(c.name), QString::fromUtf8(c.value),
                             c.expires == 0 ? tr("session")
                                            : QDateTime::fromSecsSinceEpoch(c.expires).toString(
                                                  QStringLiteral("yyyy-MM-dd HH:mm")),
                             flags.join(QStringLiteral(", "))});
    }
    for (int i = 0; i < 3; ++i)
        m_list->resizeColumnToContents(i);
}

void CookieDialog::addCookie()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Add a cookie"));
    auto *domain = new QLineEdit(QStringLiteral("127.0.0.1"), &dialog);
    auto *path = new QLineEdit(QStringLiteral("/"), &dialog);
    auto *name = new QLineEdit(&dialog);
    auto *value = new QLineEdit(&dialog);
    auto *secure = new QCheckBox(tr("Secure (HTTPS only)"), &dialog);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    auto *form = new QFormLayout(&dialog);
    form->addRow(tr("Domain"), domain);
    form->addRow(tr("Path"), path);
    form->addRow(tr("Name"), name);
    form->addRow(tr("Value"), value);
    form->addRow(QString(), secure);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    client::Cookie c;
    c.domain = domain->text().trimmed().toUtf8();
    c.path = path->text().trimmed().isEmpty() ? QByteArray("/") : path->text().trimmed().toUtf8();
    c.name = name->text().trimmed().toUtf8();
    c.value = value->text().toUtf8();
    c.secure = secure->isChecked();
    if (c.domain.isEmpty() || c.name.isEmpty()) {
        QMessageBox::warning(this, tr("Cookies"), tr("A cookie needs a domain and a name."));
        return;
    }
    if (auto r = m_jar.add(c); !r)
        QMessageBox::warning(this, tr("Cookies"), r.error().message);
    reload();
}

void CookieDialog::removeSelected()
{
    QTreeWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    m_jar.remove(item->text(0).toUtf8(), item->text(1).toUtf8(), item->text(2).toUtf8());
    reload();
}

} // namespace bb::plugins::endpoints
