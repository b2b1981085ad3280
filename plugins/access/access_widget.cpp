#include "access_widget.h"

#include "access_connection.h"
#include "admin_client.h"
#include "audit_log_model.h"
#include "audit_log_view.h"
#include "login_form.h"
#include "permission_matrix_model.h"
#include "policy_tester.h"
#include "policy_tester_view.h"
#include "role_list_model.h"
#include "roles_view.h"
#include "shell/shell_context.h"
#include "tone.h"
#include "user_details_view.h"
#include "user_editor.h"
#include "user_list_model.h"
#include "user_picker_model.h"
#include "users_view.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTime>
#include <QVBoxLayout>

namespace bb::plugins::access {

AccessWidget::AccessWidget(shell::ShellContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
    , m_connection(new AccessConnection(context, this))
{
    setObjectName(QStringLiteral("accessPanel"));
    AdminApi *api = m_connection->client();
    m_roleModel = new RoleListModel(api, this);
    m_matrix = new PermissionMatrixModel(api, this);
    m_tester = new PolicyTester(api, &context, this);
    m_auditModel = new AuditLogModel(api, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("accessTabs"));
    m_users = new UsersView(api, m_roleModel, &context, m_tabs);
    m_roles = new RolesView(m_roleModel, m_matrix, m_tabs);
    m_policy = new PolicyTesterView(m_tester, m_matrix, m_tabs);
    m_audit = new AuditLogView(m_auditModel, m_tabs);
    m_tabs->addTab(m_users, tr("Users"));
    m_tabs->addTab(m_roles, tr("Roles"));
    m_tabs->addTab(m_policy, tr("Policy tester"));
    m_tabs->addTab(m_audit, tr("Audit log"));

    m_login = new LoginForm(m_connection, this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("accessMessage"));
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_tabs);
    m_stack->addWidget(m_login);
    m_stack->addWidget(m_message);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("accessStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 8);
    layout->setSpacing(8);
    layout->addWidget(buildHeader());
    layout->addWidget(m_stack, 1);
    layout->addWidget(m_status);

    // Every model reports failures and successes here, so nothing fails silently.
    connect(m_users, &UsersView::failed, this, &AccessWidget::showFailure);
    connect(m_users, &UsersView::notice, this, &AccessWidget::showNotice);
    connect(m_roleModel, &RoleListModel::failed, this, &AccessWidget::showFailure);
    connect(m_roleModel, &RoleListModel::notice, this, &AccessWidget::showNotice);
    connect(m_matrix, &PermissionMatrixModel::failed, this, &AccessWidget::showFailure);
    connect(m_matrix, &PermissionMatrixModel::applied, this, [this](const RoleRecord &r) {
        const int n = int(r.permissions.size());
        showNotice(n == 1 ? tr("Permissions of %1 saved (1 permission).").arg(r.name)
                          : tr("Permissions of %1 saved (%2 permissions).").arg(r.name).arg(n));
    });
    connect(m_tester, &PolicyTester::failed, this, &AccessWidget::showFailure);
    connect(m_tester, &PolicyTester::notice, this, &AccessWidget::showNotice);
    connect(m_tester->users(), &UserPickerModel::failed, this, &AccessWidget::showFailure);
    connect(m_auditModel, &AuditLogModel::failed, this, &AccessWidget::showFailure);
    // Role changes show in the users' role boxes and the tester's answers.
    connect(m_roleModel, &RoleListModel::reloaded, m_tester, &PolicyTester::evaluate);

    connect(m_connection, &AccessConnection::stateChanged, this, &AccessWidget::updateConnection);
    connect(m_connection, &AccessConnection::resetRequired, this, [this] {
        if (isVisible())
            reloadAll();
        else
            m_loaded = false; // read again when next shown
    });
    connect(m_signOut, &QPushButton::clicked, m_connection, &AccessConnection::logout);

    auto *find = new QShortcut(QKeySequence::Find, this);
    find->setContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QShortcut::activated, this, &AccessWidget::focusSearch);
    auto *refresh = new QShortcut(QKeySequence(Qt::Key_F5), this);
    refresh->setContext(Qt::WidgetWithChildrenShortcut);
    connect(refresh, &QShortcut::activated, this, &AccessWidget::reloadAll);
    updateConnection();
}

AccessWidget::~AccessWidget() = default;

QWidget *AccessWidget::buildHeader()
{
    auto *header = new QWidget(this);
    auto *row = new QHBoxLayout(header);
    row->setContentsMargins(0, 0, 0, 0);
    auto *title = new QLabel(tr("Access"), header);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.3);
    f.setBold(true);
    title->setFont(f);
    m_target = new QLabel(header);
    m_target->setObjectName(QStringLiteral("accessTarget"));
    m_target->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_signOut = new QPushButton(tr("Sign out"), header);
    m_signOut->setObjectName(QStringLiteral("signOutButton"));
    auto *reload = new QPushButton(tr("Reload"), header);
    reload->setObjectName(QStringLiteral("reloadButton"));
    reload->setToolTip(tr("Read everything again (F5)"));
    connect(reload, &QPushButton::clicked, this, &AccessWidget::reloadAll);
    row->addWidget(title);
    row->addSpacing(12);
    row->addWidget(m_target, 1);
    row->addWidget(m_signOut);
    row->addWidget(reload);
    return header;
}

void AccessWidget::updateConnection()
{
    using State = AccessConnection::State;
    const State state = m_connection->state();
    QString where = m_connection->targetName();
    const QString url = m_connection->baseUrl().toString();
    if (!url.isEmpty() && !where.contains(url))
        where += QStringLiteral(" · ") + url;
    QString stateText;
    shell::Tone tone = shell::Tone::Muted;
    switch (state) {
    case State::Connecting:
        stateText = tr("connecting…");
        break;
    case State::Connected:
        stateText = m_connection->signedInAs().isEmpty()
                        ? tr("connected")
                        : tr("signed in as %1").arg(m_connection->signedInAs());
        tone = shell::Tone::Success;
        break;
    case State::Unreachable:
        stateText = m_connection->message();
        tone = shell::Tone::Danger;
        break;
    case State::EngineStopped:
        stateText = tr("stopped");
        tone = shell::Tone::Warning;
        break;
    case State::NeedsLogin:
        stateText = tr("sign-in needed");
        tone = shell::Tone::Warning;
        break;
    }
    m_target->setText(where + QStringLiteral(" — ") + stateText);
    setTextTone(m_target, tone);
    m_signOut->setVisible(!m_connection->signedInAs().isEmpty());

    if (state == State::NeedsLogin) {
        m_login->refresh();
        m_stack->setCurrentWidget(m_login);
    } else if (state == State::EngineStopped) {
        m_message->setText(m_connection->message());
        m_stack->setCurrentWidget(m_message);
    } else {
        m_stack->setCurrentWidget(m_tabs);
    }
}

void AccessWidget::reloadAll()
{
    if (!m_connection->isUsable())
        return;
    m_loaded = true;
    m_users->reload();
    m_roleModel->reload();
    m_matrix->loadCatalogue();
    m_tester->users()->searchNow();
    m_auditModel->reload();
    m_users->details()->refreshTesterButton();
    m_policy->refreshTesterButton();
}

void AccessWidget::focusSearch()
{
    QLineEdit *field = nullptr;
    switch (m_tabs->currentIndex()) {
    case UsersTab:
        field = m_users->searchField();
        break;
    case PolicyTab:
        field = m_policy->userSearch();
        break;
    case AuditTab:
        field = m_audit->actorField();
        break;
    default:
        // The roles list is short: Ctrl+F searches users, where it matters.
        m_tabs->setCurrentIndex(UsersTab);
        field = m_users->searchField();
        break;
    }
    field->setFocus(Qt::ShortcutFocusReason);
    field->selectAll();
}

void AccessWidget::showFailure(const QString &message)
{
    m_status->setText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss  ")) + message);
    setTextTone(m_status, shell::Tone::Danger);
}

void AccessWidget::showNotice(const QString &message)
{
    m_status->setText(QTime::currentTime().toString(QStringLiteral("HH:mm:ss  ")) + message);
    setTextTone(m_status, shell::Tone::Success);
}

void AccessWidget::showEvent(QShowEvent *event)
{
    if (!m_loaded)
        reloadAll();
    // The endpoint tester may have registered its action after this panel was built.
    m_users->details()->refreshTesterButton();
    m_policy->refreshTesterButton();
    m_auditModel->setLive(true);
    QWidget::showEvent(event);
}

void AccessWidget::hideEvent(QHideEvent *event)
{
    m_auditModel->setLive(false);
    QWidget::hideEvent(event);
}

} // namespace bb::plugins::access
