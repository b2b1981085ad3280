#include "user_details_view.h"

#include "admin_api.h"
#include "dialogs.h"
#include "records.h"
#include "role_list_model.h"
#include "tester_link.h"
#include "tone.h"
#include "user_detail_models.h"
#include "user_editor.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace bb::plugins::access {

namespace {
QTableView *smallTable(QAbstractItemModel *model, const QString &name, QWidget *parent)
{
    auto *t = new QTableView(parent);
    t->setObjectName(name);
    t->setModel(model);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setShowGrid(false);
    t->setWordWrap(false);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return t;
}

int selectedRow(QTableView *t)
{
    const QModelIndexList rows = t->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}
} // namespace

UserDetailsView::UserDetailsView(UserEditor *editor, RoleListModel *roles,
                                 shell::ShellContext *context, AdminApi *api, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_roleModel(roles)
    , m_context(context)
    , m_api(api)
{
    setObjectName(QStringLiteral("userDetails"));
    m_placeholder = new QLabel(tr("Select a user to see and change their details."), this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    setTextTone(m_placeholder, shell::Tone::Muted);

    m_body = new QWidget(this);
    auto *body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    body->addWidget(buildProfile());
    body->addWidget(buildRoles());
    m_tabs = new QTabWidget(m_body);
    m_tabs->setObjectName(QStringLiteral("userDetailTabs"));
    m_tabs->addTab(buildSessions(), tr("Sessions"));
    m_tabs->addTab(buildKeys(), tr("API keys"));
    body->addWidget(m_tabs, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 0, 0);
    layout->addWidget(m_placeholder, 1);
    layout->addWidget(m_body, 1);

    connect(m_editor, &UserEditor::userChanged, this, &UserDetailsView::showUser);
    connect(m_roleModel, &RoleListModel::reloaded, this, &UserDetailsView::rebuildRoleBoxes);
    connect(m_editor->sessions(), &QAbstractItemModel::modelReset, this,
            &UserDetailsView::updateTabTitles);
    connect(m_editor->apiKeys(), &QAbstractItemModel::modelReset, this,
            &UserDetailsView::updateTabTitles);
    rebuildRoleBoxes();
    showUser(m_editor->user());
}

QWidget *UserDetailsView::buildProfile()
{
    auto *w = new QWidget(m_body);
    m_title = new QLabel(w);
    m_title->setObjectName(QStringLiteral("userTitle"));
    QFont f = m_title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.15);
    m_title->setFont(f);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status = new QLabel(w);
    m_status->setObjectName(QStringLiteral("userStatus"));
    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title, 1);
    titleRow->addWidget(m_status);

    m_name = new QLineEdit(w);
    m_name->setObjectName(QStringLiteral("displayNameField"));
    m_saveName = new QPushButton(tr("Save"), w);
    m_saveName->setObjectName(QStringLiteral("saveNameButton"));
    auto *nameRow = new QHBoxLayout;
    nameRow->addWidget(new QLabel(tr("Display name"), w));
    nameRow->addWidget(m_name, 1);
    nameRow->addWidget(m_saveName);

    m_disable = new QPushButton(w);
    m_disable->setObjectName(QStringLiteral("disableButton"));
    m_unlock = new QPushButton(tr("Unlock"), w);
    m_unlock->setObjectName(QStringLiteral("unlockButton"));
    m_resetPassword = new QPushButton(tr("Reset password…"), w);
    m_resetPassword->setObjectName(QStringLiteral("resetPasswordButton"));
    m_tester = new QPushButton(tr("Open in tester as this user"), w);
    m_tester->setObjectName(QStringLiteral("userTesterButton"));
    m_delete = new QPushButton(tr("Delete…"), w);
    m_delete->setObjectName(QStringLiteral("deleteUserButton"));
    auto *actions = new QHBoxLayout;
    actions->addWidget(m_disable);
    actions->addWidget(m_unlock);
    actions->addWidget(m_resetPassword);
    actions->addStretch(1);
    actions->addWidget(m_delete);
    m_testerHint = new QLabel(w);
    m_testerHint->setObjectName(QStringLiteral("userTesterHint"));
    setTextTone(m_testerHint, shell::Tone::Muted);
    auto *actions2 = new QHBoxLayout;
    actions2->addWidget(m_tester);
    actions2->addWidget(m_testerHint, 1);

    auto *v = new QVBoxLayout(w);
    v->setContentsMargins(0, 0, 0, 0);
    v->addLayout(titleRow);
    v->addLayout(nameRow);
    v->addLayout(actions);
    v->addLayout(actions2);

    connect(m_saveName, &QPushButton::clicked, this,
            [this] { m_editor->setDisplayName(m_name->text().trimmed()); });
    connect(m_name, &QLineEdit::returnPressed, m_saveName, &QPushButton::click);
    connect(m_disable, &QPushButton::clicked, this, &UserDetailsView::confirmDisable);
    connect(m_unlock, &QPushButton::clicked, m_editor, &UserEditor::unlock);
    connect(m_resetPassword, &QPushButton::clicked, this, &UserDetailsView::confirmResetPassword);
    connect(m_delete, &QPushButton::clicked, this, &UserDetailsView::confirmDelete);
    connect(m_tester, &QPushButton::clicked, this, &UserDetailsView::openInTesterAsUser);
    return w;
}

QWidget *UserDetailsView::buildRoles()
{
    auto *box = new QGroupBox(tr("Roles"), m_body);
    m_roleBoxes = new QWidget(box);
    auto *boxes = new QHBoxLayout(m_roleBoxes);
    boxes->setContentsMargins(0, 0, 0, 0);
    m_saveRoles = new QPushButton(tr("Save roles"), box);
    m_saveRoles->setObjectName(QStringLiteral("saveRolesButton"));
    auto *row = new QHBoxLayout(box);
    row->addWidget(m_roleBoxes, 1);
    row->addWidget(m_saveRoles);
    connect(m_saveRoles, &QPushButton::clicked, this, [this] {
        QStringList roles;
        for (QCheckBox *c : m_roleChecks) {
            if (c->isChecked())
                roles << c->text();
        }
        m_editor->setRoles(roles);
    });
    return box;
}

QWidget *UserDetailsView::buildSessions()
{
    auto *w = new QWidget(m_tabs);
    m_sessions = smallTable(m_editor->sessions(), QStringLiteral("sessionsTable"), w);
    m_revokeSession = new QPushButton(tr("Revoke selected"), w);
    m_revokeSession->setObjectName(QStringLiteral("revokeSessionButton"));
    m_revokeAll = new QPushButton(tr("Revoke all…"), w);
    m_revokeAll->setObjectName(QStringLiteral("revokeAllButton"));
    m_revokeAll->setToolTip(tr("Ends every session and invalidates every access token"));
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_revokeSession);
    row->addWidget(m_revokeAll);
    auto *v = new QVBoxLayout(w);
    v->addWidget(m_sessions, 1);
    v->addLayout(row);
    connect(m_revokeSession, &QPushButton::clicked, this, &UserDetailsView::confirmRevokeSession);
    connect(m_revokeAll, &QPushButton::clicked, this, &UserDetailsView::confirmRevokeAll);
    connect(m_sessions->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &UserDetailsView::updateButtons);
    return w;
}

QWidget *UserDetailsView::buildKeys()
{
    auto *w = new QWidget(m_tabs);
    m_keys = smallTable(m_editor->apiKeys(), QStringLiteral("apiKeysTable"), w);
    m_keyName = new QLineEdit(w);
    m_keyName->setObjectName(QStringLiteral("apiKeyName"));
    m_keyName->setPlaceholderText(tr("Name of a new key, e.g. ci-deploy"));
    m_createKey = new QPushButton(tr("Create key"), w);
    m_createKey->setObjectName(QStringLiteral("createKeyButton"));
    m_revokeKey = new QPushButton(tr("Revoke selected…"), w);
    m_revokeKey->setObjectName(QStringLiteral("revokeKeyButton"));
    auto *row = new QHBoxLayout;
    row->addWidget(m_keyName, 1);
    row->addWidget(m_createKey);
    row->addWidget(m_revokeKey);
    auto *v = new QVBoxLayout(w);
    v->addWidget(m_keys, 1);
    v->addLayout(row);
    connect(m_createKey, &QPushButton::clicked, this, &UserDetailsView::createKey);
    connect(m_keyName, &QLineEdit::returnPressed, this, &UserDetailsView::createKey);
    connect(m_revokeKey, &QPushButton::clicked, this, &UserDetailsView::confirmRevokeKey);
    connect(m_keys->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &UserDetailsView::updateButtons);
    return w;
}

QCheckBox *UserDetailsView::roleBox(const QString &role) const
{
    for (QCheckBox *c : m_roleChecks) {
        if (c->text() == role)
            return c;
    }
    return nullptr;
}

void UserDetailsView::rebuildRoleBoxes()
{
    qDeleteAll(m_roleChecks);
    m_roleChecks.clear();
    auto *layout = static_cast<QHBoxLayout *>(m_roleBoxes->layout());
    while (layout->count() > 0)
        delete layout->takeAt(0);
    for (const QString &name : m_roleModel->names()) {
        if (name == QLatin1String("anonymous"))
            continue; // callers without credentials get it; no user holds it
        auto *c = new QCheckBox(name, m_roleBoxes);
        c->setObjectName(QStringLiteral("userRole-") + name);
        layout->addWidget(c);
        m_roleChecks << c;
    }
    layout->addStretch(1);
    showUser(m_editor->user());
}

void UserDetailsView::showUser(const UserRecord &u)
{
    const bool have = u.isValid();
    m_placeholder->setVisible(!have);
    m_body->setVisible(have);
    if (!have)
        return;
    m_title->setText(u.email);
    m_status->setText(u.statusText());
    setTextTone(m_status, u.disabled     ? shell::Tone::Danger
                          : u.isLocked() ? shell::Tone::Warning
                                         : shell::Tone::Success);
    m_name->setText(u.displayName);
    m_disable->setText(u.disabled ? tr("Enable") : tr("Disable…"));
    m_unlock->setEnabled(u.isLocked());
    m_unlock->setToolTip(
        u.isLocked() ? tr("Allow sign-in now instead of at %1").arg(formatTime(u.lockedUntil))
                     : tr("Not locked"));
    for (QCheckBox *c : m_roleChecks)
        c->setChecked(u.roles.contains(c->text()));
    // The app's own admin keeps the window working; offer nothing the server would refuse.
    const QString fixed =
        u.localAdmin ? tr("This is the Backbench app's own admin for its embedded engine; it "
                          "cannot be changed.")
                     : QString();
    for (QWidget *w : std::initializer_list<QWidget *>{m_name, m_saveName, m_disable,
                                                       m_resetPassword, m_delete, m_saveRoles})
        w->setEnabled(!u.localAdmin);
    for (QCheckBox *c : m_roleChecks)
        c->setEnabled(!u.localAdmin);
    for (QWidget *w : std::initializer_list<QWidget *>{m_saveName, m_disable, m_resetPassword,
                                                       m_delete, m_saveRoles})
        w->setToolTip(fixed);
    refreshTesterButton();
}

void UserDetailsView::updateButtons()
{
    m_revokeSession->setEnabled(selectedRow(m_sessions) >= 0);
    m_revokeAll->setEnabled(m_editor->sessions()->rowCount() > 0);
    const int key = selectedRow(m_keys);
    m_revokeKey->setEnabled(key >= 0 && !m_editor->apiKeys()->keys().value(key).isRevoked());
}

void UserDetailsView::updateTabTitles()
{
    updateButtons();
    m_tabs->setTabText(0, tr("Sessions (%1)").arg(m_editor->sessions()->rowCount()));
    int active = 0;
    for (const ApiKeyRecord &k : m_editor->apiKeys()->keys())
        active += k.isRevoked() ? 0 : 1;
    m_tabs->setTabText(1, tr("API keys (%1)").arg(active));
}

void UserDetailsView::refreshTesterButton()
{
    const QString why = testerUnavailableReason(m_context);
    m_tester->setEnabled(why.isEmpty() && m_editor->hasUser());
    m_testerHint->setText(why);
    m_tester->setToolTip(why.isEmpty()
                             ? tr("Opens GET /api/v1/auth/me in the endpoint tester with a "
                                  "short-lived token for this user")
                             : why);
}

void UserDetailsView::confirmDisable()
{
    const UserRecord u = m_editor->user();
    if (u.disabled) {
        m_editor->setDisabled(false);
        return;
    }
    confirmThen(this, tr("Disable user"),
                tr("Disable %1? They are signed out everywhere and cannot sign in until enabled "
                   "again.")
                    .arg(u.email),
                tr("Disable"), [editor = m_editor] { editor->setDisabled(true); });
}

void UserDetailsView::confirmResetPassword()
{
    const UserRecord u = m_editor->user();
    confirmThen(this, tr("Reset password"),
                tr("Give %1 a new generated password? Their current password stops working and "
                   "every session ends. The new password is shown once.")
                    .arg(u.email),
                tr("Reset password"), [this, email = u.email] {
                    m_editor->resetPassword([this, email](const QString &password) {
                        SecretDialog::showSecret(
                            this, tr("New password"),
                            tr("The new password for %1. It is shown only now: copy it and hand "
                               "it over safely.")
                                .arg(email),
                            password);
                    });
                });
}

void UserDetailsView::confirmDelete()
{
    if (!m_editor->hasUser())
        return;
    confirmThen(this, tr("Delete user"),
                tr("Delete %1? Their sessions and API keys stop working at once. This cannot be "
                   "undone.")
                    .arg(m_editor->user().email),
                tr("Delete user"), [editor = m_editor] { editor->deleteUser(); });
}

void UserDetailsView::confirmRevokeAll()
{
    confirmThen(this, tr("Revoke all sessions"),
                tr("Sign %1 out everywhere? Every session and access token stops working.")
                    .arg(m_editor->user().email),
                tr("Revoke all"), [editor = m_editor] { editor->revokeAllSessions(); });
}

void UserDetailsView::confirmRevokeSession()
{
    const int row = selectedRow(m_sessions);
    if (row < 0)
        return;
    const SessionRecord s = m_editor->sessions()->sessions().value(row);
    confirmThen(this, tr("Revoke session"),
                tr("End the session started %1 from %2?")
                    .arg(formatTime(s.createdAt), s.ip.isEmpty() ? tr("an unknown address") : s.ip),
                tr("Revoke"), [editor = m_editor, id = s.id] { editor->revokeSession(id); });
}

void UserDetailsView::createKey()
{
    const QString name = m_keyName->text().trimmed();
    if (name.isEmpty()) {
        m_keyName->setFocus();
        m_keyName->setPlaceholderText(tr("A key needs a name"));
        return;
    }
    m_editor->createApiKey(name, [this, name](const QString &key) {
        m_keyName->clear();
        SecretDialog::showSecret(this, tr("New API key"),
                                 tr("The key %1. It is shown only now: copy it into the client "
                                    "that will send it as X-API-Key.")
                                     .arg(name),
                                 key);
    });
}

void UserDetailsView::confirmRevokeKey()
{
    const int row = selectedRow(m_keys);
    if (row < 0)
        return;
    const ApiKeyRecord k = m_editor->apiKeys()->keys().value(row);
    if (k.isRevoked())
        return;
    confirmThen(this, tr("Revoke API key"),
                tr("Revoke the key %1 (%2…)? Clients using it are refused from now on.")
                    .arg(k.name, k.prefix),
                tr("Revoke"), [editor = m_editor, id = k.id] { editor->revokeApiKey(id); });
}

void UserDetailsView::openInTesterAsUser()
{
    m_editor->impersonate([this](const QString &token) {
        QString why;
        const QUrl url = joinUrl(m_api->baseUrl(), QStringLiteral("/api/v1/auth/me"));
        if (!openInTester(m_context, QStringLiteral("GET"), url, token, {}, &why))
            emit m_editor->failed(why);
    });
}

} // namespace bb::plugins::access
