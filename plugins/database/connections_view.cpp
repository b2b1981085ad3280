#include "connections_view.h"

#include "connection_dialog.h"
#include "dbx/connection_passwords.h"

#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPixmap>
#include <QPointer>
#include <QPushButton>
#include <QShortcut>
#include <QStyle>
#include <QVBoxLayout>

namespace bb::plugins::database {

namespace {
const QString kEngineId = QStringLiteral("engine");
constexpr int kIdRole = Qt::UserRole + 1;
constexpr int kOpenRole = Qt::UserRole + 2;
} // namespace

ConnectionsView::ConnectionsView(const QString &profilesPath, dbx::ConnectionPasswords *passwords,
                                 QWidget *parent)
    : QWidget(parent)
    , m_profiles(profilesPath)
    , m_passwords(passwords)
    , m_list(new QListWidget(this))
    , m_add(new QPushButton(tr("Add…"), this))
    , m_openFile(new QPushButton(tr("Open file…"), this))
    , m_edit(new QPushButton(tr("Edit…"), this))
    , m_remove(new QPushButton(tr("Remove"), this))
{
    m_list->setObjectName(QStringLiteral("connections"));
    m_list->setIconSize(QSize(16, 16));
    m_list->setToolTip(tr("Double-click or press Enter to connect"));
    m_add->setObjectName(QStringLiteral("addConnection"));
    m_add->setToolTip(tr("Add a SQLite file, PostgreSQL or MySQL connection (Ctrl+Shift+N)"));
    m_openFile->setObjectName(QStringLiteral("openSqliteFile"));
    m_openFile->setToolTip(tr("Open a SQLite file; it stays in this list (Ctrl+O)"));
    m_remove->setToolTip(tr("Remove the selected connection from the list (Del)"));
    // Del removes the selected profile (after asking) only while the list has focus: in a
    // table tab Delete stages row deletions.
    auto *del = new QShortcut(QKeySequence::Delete, m_list);
    del->setContext(Qt::WidgetShortcut);
    connect(del, &QShortcut::activated, this, &ConnectionsView::removeSelected);
    auto *title = new QLabel(tr("Connections"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    auto *buttons = new QHBoxLayout;
    buttons->setContentsMargins(0, 0, 0, 0);
    buttons->addWidget(m_add);
    buttons->addWidget(m_openFile);
    buttons->addWidget(m_edit);
    buttons->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addWidget(title);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);

    connect(m_add, &QPushButton::clicked, this, &ConnectionsView::addConnection);
    connect(m_openFile, &QPushButton::clicked, this, &ConnectionsView::openFileRequested);
    connect(m_edit, &QPushButton::clicked, this, &ConnectionsView::editClicked);
    connect(m_remove, &QPushButton::clicked, this, &ConnectionsView::removeSelected);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_list, &QListWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QListWidgetItem *item = m_list->itemAt(pos);
        QMenu *menu = contextMenu(item ? item->data(kIdRole).toString() : QString());
        menu->exec(m_list->viewport()->mapToGlobal(pos));
        delete menu;
    });
    connect(m_list, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { connectTo(item->data(kIdRole).toString()); });
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        const bool profile = item && item->data(kIdRole).toString() != kEngineId;
        m_edit->setEnabled(profile);
        m_remove->setEnabled(profile);
    });

    if (auto loaded = m_profiles.load(); !loaded)
        emit message(loaded.error().message);
    rebuild();
}

void ConnectionsView::setEngineFile(const QString &dataFile, const QString &reason)
{
    m_engineFile = dataFile;
    m_engineReason = reason;
    rebuild();
}

std::optional<dbx::ConnectionProfile> ConnectionsView::profile(const QString &id) const
{
    if (id == kEngineId) {
        if (m_engineFile.isEmpty())
            return std::nullopt;
        auto p = dbx::ConnectionProfile::engine(m_engineFile);
        p.id = kEngineId;
        return p;
    }
    if (const auto *p = m_profiles.find(id))
        return *p;
    return std::nullopt;
}

void ConnectionsView::setOpenId(const QString &id)
{
    m_openId = id;
    markOpen();
    for (int i = 0; i < m_list->count(); ++i)
        if (!id.isEmpty() && m_list->item(i)->data(kIdRole).toString() == id)
            m_list->setCurrentRow(i);
}

void ConnectionsView::markOpen()
{
    // Bold and an icon, so the open connection stands out even when another row is selected.
    const QIcon open = style()->standardIcon(QStyle::SP_DialogApplyButton);
    // The others get a blank icon of the same size, so the names stay aligned.
    QPixmap blankPixmap(m_list->iconSize());
    blankPixmap.fill(Qt::transparent);
    const QIcon blank(blankPixmap);
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        const bool isOpen = !m_openId.isEmpty() && item->data(kIdRole).toString() == m_openId;
        QFont f = item->font();
        f.setBold(isOpen);
        item->setFont(f);
        item->setIcon(isOpen ? open : blank);
        item->setData(kOpenRole, isOpen);
    }
}

bool ConnectionsView::isMarkedOpen(const QString &id) const
{
    for (int i = 0; i < m_list->count(); ++i) {
        const QListWidgetItem *item = m_list->item(i);
        if (item->data(kIdRole).toString() == id)
            return item->data(kOpenRole).toBool() && item->font().bold();
    }
    return false;
}

QString ConnectionsView::selectedId() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(kIdRole).toString() : QString();
}

void ConnectionsView::rebuild()
{
    const QString selected = selectedId();
    m_list->clear();
    auto *engine = new QListWidgetItem(tr("Embedded engine"));
    engine->setData(kIdRole, kEngineId);
    if (m_engineFile.isEmpty()) {
        engine->setFlags(engine->flags() & ~Qt::ItemIsEnabled);
        engine->setToolTip(m_engineReason.isEmpty() ? tr("The embedded engine has no SQLite file")
                                                    : m_engineReason);
    } else {
        engine->setToolTip(tr("%1\nThe engine's own data file, opened beside the running engine "
                              "(WAL)")
                               .arg(m_engineFile));
    }
    m_list->addItem(engine);
    for (const auto &p : m_profiles.profiles()) {
        auto *item = new QListWidgetItem(p.name);
        item->setData(kIdRole, p.id);
        item->setToolTip(p.summary());
        if (p.fileMissing()) {
            // Still listed (the file may come back, e.g. a remounted disk) but visibly stale.
            item->setText(tr("%1 (missing)").arg(p.name));
            item->setForeground(palette().brush(QPalette::Disabled, QPalette::Text));
            item->setToolTip(tr("%1\nThe file no longer exists").arg(p.summary()));
        }
        m_list->addItem(item);
    }
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kIdRole).toString() == selected)
            m_list->setCurrentRow(i);
    markOpen();
    const bool profile = !selected.isEmpty() && selected != kEngineId;
    m_edit->setEnabled(profile);
    m_remove->setEnabled(profile);
}

Result<void> ConnectionsView::addProfile(const dbx::ConnectionProfile &profile,
                                         const QString &password)
{
    if (auto ok = m_profiles.upsert(profile); !ok)
        return ok;
    if (auto saved = m_profiles.save(); !saved)
        return saved;
    if (m_passwords && profile.isServer() && !password.isEmpty())
        m_passwords->write(profile.id, password, [this](Result<void> written) {
            if (!written)
                emit message(tr("The password was not saved: %1").arg(written.error().message));
        });
    rebuild();
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kIdRole).toString() == profile.id)
            m_list->setCurrentRow(i);
    return {};
}

Result<dbx::ConnectionProfile> ConnectionsView::rememberFile(const QString &path)
{
    const bool known = m_profiles.findFile(path) != nullptr;
    const dbx::ConnectionProfile p = m_profiles.rememberFile(path);
    if (!known) {
        if (auto saved = m_profiles.save(); !saved)
            return saved.error();
        rebuild();
    }
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kIdRole).toString() == p.id)
            m_list->setCurrentRow(i);
    return p;
}

void ConnectionsView::connectTo(const QString &id)
{
    const auto p = profile(id);
    if (!p)
        return;
    if (p->fileMissing()) {
        rebuild(); // it may have disappeared since the list was drawn
        const QString text = tr("%1 no longer exists.").arg(p->path);
        emit message(tr("Cannot open \"%1\": %2").arg(p->name, text));
        auto *box =
            new QMessageBox(QMessageBox::Warning, tr("File not found"),
                            text + QLatin1Char(' ') +
                                tr("Remove the connection \"%1\" from the list?").arg(p->name),
                            QMessageBox::NoButton, this);
        box->setObjectName(QStringLiteral("missingFileBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
        box->addButton(tr("Keep"), QMessageBox::RejectRole);
        box->setDefaultButton(remove);
        connect(box, &QMessageBox::finished, this, [this, box, remove, p = *p] {
            if (box->clickedButton() == remove)
                removeProfile(p);
        });
        box->open();
        return;
    }
    if (!p->isServer() || !m_passwords) {
        emit openRequested(*p, {});
        return;
    }
    QPointer<ConnectionsView> self(this);
    m_passwords->read(p->id, [self, p = *p](Result<QString> saved) {
        if (!self)
            return;
        if (saved) {
            emit self->openRequested(p, *saved);
            return;
        }
        bool ok = false;
        const QString typed =
            QInputDialog::getText(self, tr("Password"), tr("Password for %1").arg(p.summary()),
                                  QLineEdit::Password, {}, &ok);
        if (ok)
            emit self->openRequested(p, typed);
    });
}

QMenu *ConnectionsView::contextMenu(const QString &id)
{
    // The text after the tab is the menu's shortcut column: the keys the list and panel answer.
    auto *menu = new QMenu(this);
    const auto p = profile(id);
    if (p) {
        QAction *open = menu->addAction(tr("Connect") + QStringLiteral("\tEnter"), this,
                                        [this, id] { connectTo(id); });
        open->setEnabled(id != kEngineId || !m_engineFile.isEmpty());
        if (id != kEngineId) {
            menu->addAction(tr("Edit…"), this, [this, id] {
                selectId(id);
                editClicked();
            });
            menu->addAction(tr("Remove…") + QStringLiteral("\tDel"), this, [this, id] {
                selectId(id);
                removeSelected();
            });
        }
        menu->addSeparator();
    }
    menu->addAction(tr("Open SQLite file…") + QStringLiteral("\tCtrl+O"), this,
                    &ConnectionsView::openFileRequested);
    menu->addAction(tr("Add connection…") + QStringLiteral("\tCtrl+Shift+N"), this,
                    &ConnectionsView::addConnection);
    return menu;
}

void ConnectionsView::selectId(const QString &id)
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(kIdRole).toString() == id)
            m_list->setCurrentRow(i);
}

void ConnectionsView::runDialog(ConnectionDialog *dialog)
{
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (auto added = addProfile(dialog->profile(), dialog->password()); !added)
            QMessageBox::warning(this, tr("Connection not saved"), added.error().message);
    });
    dialog->open();
}

void ConnectionsView::addConnection()
{
    auto *dialog = new ConnectionDialog(dbx::ConnectionProfile::make(dbx::Driver::Sqlite, {}),
                                        m_passwords, this);
    dialog->setObjectName(QStringLiteral("newConnectionDialog"));
    runDialog(dialog);
}

void ConnectionsView::editClicked()
{
    const auto p = profile(selectedId());
    if (!p || p->id == kEngineId)
        return;
    runDialog(new ConnectionDialog(*p, m_passwords, this));
}

void ConnectionsView::removeSelected()
{
    const auto p = profile(selectedId());
    if (!p || p->id == kEngineId)
        return;
    auto *box = new QMessageBox(QMessageBox::Question, tr("Remove connection"),
                                tr("Remove the connection \"%1\"? The database itself is not "
                                   "touched.")
                                    .arg(p->name),
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(QStringLiteral("removeConnectionBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::No);
    connect(box, &QMessageBox::finished, this, [this, p = *p](int result) {
        if (result == QMessageBox::Yes)
            removeProfile(p);
    });
    box->open();
}

void ConnectionsView::removeProfile(const dbx::ConnectionProfile &p)
{
    m_profiles.remove(p.id);
    if (auto saved = m_profiles.save(); !saved)
        emit message(saved.error().message);
    if (m_passwords && p.isServer())
        m_passwords->remove(p.id, [](Result<void>) {});
    rebuild();
}

} // namespace bb::plugins::database
