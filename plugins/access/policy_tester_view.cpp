#include "policy_tester_view.h"

#include "permission_matrix_model.h"
#include "policy_tester.h"
#include "tone.h"
#include "user_picker_model.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace bb::plugins::access {

namespace {
QLabel *valueLabel(const QString &name, QWidget *parent)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}
} // namespace

PolicyTesterView::PolicyTesterView(PolicyTester *tester, PermissionMatrixModel *catalogue,
                                   QWidget *parent)
    : QWidget(parent)
    , m_tester(tester)
    , m_catalogue(catalogue)
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("policyUserSearch"));
    m_search->setPlaceholderText(tr("Find a user by email or name"));
    m_search->setClearButtonEnabled(true);
    m_user = new QComboBox(this);
    m_user->setObjectName(QStringLiteral("policyUser"));
    m_user->setModel(m_tester->users());
    m_user->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_user->setMinimumContentsLength(32);
    auto *who = new QHBoxLayout;
    who->addWidget(m_search, 1);
    who->addWidget(m_user, 2);

    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("policyTarget"));
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("policyAction"));
    m_check = new QPushButton(tr("Check"), this);
    m_check->setObjectName(QStringLiteral("policyCheck"));
    auto *what = new QHBoxLayout;
    what->addWidget(m_target, 2);
    what->addWidget(m_action, 1);
    what->addWidget(m_check);

    auto *form = new QFormLayout;
    form->addRow(tr("Who"), who);
    form->addRow(tr("Resource and action"), what);

    m_result = new QFrame(this);
    m_result->setObjectName(QStringLiteral("policyResult"));
    m_result->setFrameShape(QFrame::StyledPanel);
    m_result->setAutoFillBackground(true);
    m_result->setBackgroundRole(QPalette::AlternateBase);
    m_verdict = new QLabel(m_result);
    m_verdict->setObjectName(QStringLiteral("policyVerdict"));
    QFont big = m_verdict->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.6);
    m_verdict->setFont(big);
    m_own = new QLabel(m_result);
    m_own->setWordWrap(true);
    m_reason = valueLabel(QStringLiteral("policyReason"), m_result);
    m_roles = valueLabel(QStringLiteral("policyRoles"), m_result);
    m_permissions = valueLabel(QStringLiteral("policyPermissions"), m_result);
    auto *details = new QFormLayout;
    details->addRow(tr("Reason"), m_reason);
    details->addRow(tr("Granted by roles"), m_roles);
    details->addRow(tr("Matched permissions"), m_permissions);
    auto *resultLayout = new QVBoxLayout(m_result);
    resultLayout->setContentsMargins(16, 12, 16, 12);
    resultLayout->addWidget(m_verdict);
    resultLayout->addWidget(m_own);
    resultLayout->addLayout(details);

    m_open = new QPushButton(tr("Open in tester as this user"), this);
    m_open->setObjectName(QStringLiteral("policyTesterButton"));
    // Why the button is disabled, in plain sight rather than only in a tooltip.
    m_openHint = new QLabel(this);
    m_openHint->setObjectName(QStringLiteral("policyTesterHint"));
    setTextTone(m_openHint, shell::Tone::Muted);
    auto *testerRow = new QHBoxLayout;
    testerRow->addStretch(1);
    testerRow->addWidget(m_openHint);
    testerRow->addWidget(m_open);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->addLayout(form);
    layout->addWidget(m_result);
    layout->addLayout(testerRow);
    layout->addStretch(1);

    for (const QString &a :
         {QStringLiteral("list"), QStringLiteral("read"), QStringLiteral("create"),
          QStringLiteral("update"), QStringLiteral("delete")})
        m_action->addItem(a, a);

    connect(m_search, &QLineEdit::textChanged, m_tester->users(), &UserPickerModel::setSearch);
    connect(m_tester->users(), &QAbstractItemModel::modelReset, this, [this] {
        // After a search, pick the first match (anonymous when there is none).
        m_user->setCurrentIndex(
            m_tester->users()->rowCount() > 1 && !m_search->text().isEmpty() ? 1 : 0);
        pushQuestion();
    });
    connect(m_user, &QComboBox::currentIndexChanged, this, &PolicyTesterView::pushQuestion);
    connect(m_target, &QComboBox::currentIndexChanged, this, &PolicyTesterView::pushQuestion);
    connect(m_action, &QComboBox::currentIndexChanged, this, &PolicyTesterView::pushQuestion);
    connect(m_check, &QPushButton::clicked, m_tester, &PolicyTester::evaluate);
    connect(m_tester, &PolicyTester::answered, this, &PolicyTesterView::showAnswer);
    connect(m_tester, &PolicyTester::questionChanged, this, [this] {
        m_verdict->setText(tr("…"));
        setTextTone(m_verdict, shell::Tone::Muted);
        refreshTesterButton();
    });
    connect(m_open, &QPushButton::clicked, m_tester, &PolicyTester::openInTester);
    connect(m_catalogue, &PermissionMatrixModel::catalogueLoaded, this,
            &PolicyTesterView::fillTargets);
    fillTargets();
    showAnswer(m_tester->answer());
}

void PolicyTesterView::fillTargets()
{
    const QString current = m_target->currentData().toString();
    {
        const QSignalBlocker block(m_target);
        m_target->clear();
        const PermissionCatalogue &c = m_catalogue->catalogue();
        for (const QString &r : c.resources)
            m_target->addItem(r, r);
        if (!c.adminAreas.isEmpty() && !c.resources.isEmpty())
            m_target->insertSeparator(m_target->count());
        for (const QString &a : c.adminAreas)
            m_target->addItem(QStringLiteral("admin:") + a, QStringLiteral("admin:") + a);
        const int keep = m_target->findData(current);
        m_target->setCurrentIndex(keep >= 0 ? keep : 0);
    }
    pushQuestion();
}

void PolicyTesterView::pushQuestion()
{
    const QString target = m_target->currentData().toString();
    const int row = m_user->currentIndex();
    // An admin area is the action itself: the action list does not apply.
    m_action->setEnabled(!target.startsWith(QLatin1String("admin:")));
    m_tester->setUser(m_tester->users()->userIdAt(row), m_user->currentText());
    m_tester->setTarget(target);
    m_tester->setAction(m_action->currentData().toString());
    m_check->setEnabled(!target.isEmpty());
    if (!target.isEmpty())
        m_tester->evaluate();
}

void PolicyTesterView::showAnswer(const PolicyAnswer &a)
{
    if (!a.valid) {
        m_verdict->setText(m_tester->target().isEmpty() ? tr("Pick a resource") : tr("…"));
        setTextTone(m_verdict, shell::Tone::Muted);
        m_own->clear();
        m_reason->clear();
        m_roles->clear();
        m_permissions->clear();
        refreshTesterButton();
        return;
    }
    m_verdict->setText(a.allowed ? tr("✔ Allowed") : tr("✘ Denied"));
    setTextTone(m_verdict, a.allowed ? shell::Tone::Success : shell::Tone::Danger);
    m_own->setText(a.ownOnly ? tr("Only for their own rows (owner_id = the caller): lists are "
                                  "filtered, other rows answer 404.")
                             : QString());
    m_own->setVisible(a.ownOnly);
    setTextTone(m_own, shell::Tone::Warning);
    m_reason->setText(a.reason);
    m_roles->setText(a.matchedRoles.isEmpty() ? tr("—")
                                              : a.matchedRoles.join(QStringLiteral(", ")));
    m_permissions->setText(
        a.matchedPermissions.isEmpty() ? tr("—") : a.matchedPermissions.join(QStringLiteral(", ")));
    refreshTesterButton();
}

void PolicyTesterView::refreshTesterButton()
{
    QString why;
    const bool can = m_tester->canOpenInTester(&why);
    m_open->setEnabled(can);
    m_openHint->setText(can ? QString() : why);
    m_open->setText(m_tester->userId() > 0 ? tr("Open in tester as this user")
                                           : tr("Open in tester without credentials"));
    m_open->setToolTip(can ? tr("Sends GET /api/v1/%1 from the endpoint tester with a "
                                "short-lived token for this user")
                                 .arg(m_tester->target())
                           : why);
}

} // namespace bb::plugins::access
