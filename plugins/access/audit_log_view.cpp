#include "audit_log_view.h"

#include "audit_log_model.h"
#include "tone.h"
#include "user_list_model.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QVBoxLayout>

namespace bb::plugins::access {

namespace {
// The documented audit actions, so a filter can be picked rather than remembered.
const char *const kActions[] = {
    "user.create",   "user.update",         "user.delete",          "user.roles",
    "user.unlock",   "user.reset_password", "user.sessions_revoke", "user.impersonate",
    "apikey.create", "apikey.revoke",       "role.create",          "role.update",
    "role.delete",   "role.permissions",    "auth.register",
};
} // namespace

AuditLogView::AuditLogView(AuditLogModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_actor = new QLineEdit(this);
    m_actor->setObjectName(QStringLiteral("auditActor"));
    m_actor->setPlaceholderText(tr("Actor (email or id)"));
    m_actor->setClearButtonEnabled(true);
    m_action = new QComboBox(this);
    m_action->setObjectName(QStringLiteral("auditAction"));
    m_action->addItem(tr("Every action"), QString());
    for (const char *a : kActions)
        m_action->addItem(QString::fromLatin1(a), QString::fromLatin1(a));
    const QDateTime now = QDateTime::currentDateTime();
    m_useSince = new QCheckBox(tr("Since"), this);
    m_useSince->setObjectName(QStringLiteral("auditUseSince"));
    m_since = new QDateTimeEdit(now.addDays(-1), this);
    m_since->setObjectName(QStringLiteral("auditSince"));
    m_since->setCalendarPopup(true);
    m_since->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_since->setEnabled(false);
    m_useUntil = new QCheckBox(tr("Until"), this);
    m_useUntil->setObjectName(QStringLiteral("auditUseUntil"));
    m_until = new QDateTimeEdit(now, this);
    m_until->setObjectName(QStringLiteral("auditUntil"));
    m_until->setCalendarPopup(true);
    m_until->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    m_until->setEnabled(false);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_actor, 2);
    filters->addWidget(m_action, 1);
    filters->addWidget(m_useSince);
    filters->addWidget(m_since);
    filters->addWidget(m_useUntil);
    filters->addWidget(m_until);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    QHeaderView *h = m_table->horizontalHeader();
    const int charW = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    h->resizeSection(AuditLogModel::TimeColumn, charW * 19);
    h->resizeSection(AuditLogModel::ActorColumn, charW * 26);
    h->resizeSection(AuditLogModel::ActionColumn, charW * 19);
    h->resizeSection(AuditLogModel::TargetColumn, charW * 26);
    h->resizeSection(AuditLogModel::IpColumn, charW * 11);
    // What changed is the longest and most telling part: it gets the rest of the width.
    h->setStretchLastSection(true);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("auditSummary"));
    setTextTone(m_summary, shell::Tone::Muted);
    m_more = new QPushButton(tr("Load older entries"), this);
    m_more->setObjectName(QStringLiteral("auditMore"));
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_summary, 1);
    bottom->addWidget(m_more);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(UserListModel::kSearchDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &AuditLogView::applyFilter);
    connect(m_actor, &QLineEdit::textChanged, this, [this] { m_debounce.start(); });
    connect(m_actor, &QLineEdit::returnPressed, this, &AuditLogView::applyFilter);
    connect(m_action, &QComboBox::currentIndexChanged, this, &AuditLogView::applyFilter);
    connect(m_useSince, &QCheckBox::toggled, m_since, &QWidget::setEnabled);
    connect(m_useUntil, &QCheckBox::toggled, m_until, &QWidget::setEnabled);
    connect(m_useSince, &QCheckBox::toggled, this, &AuditLogView::applyFilter);
    connect(m_useUntil, &QCheckBox::toggled, this, &AuditLogView::applyFilter);
    connect(m_since, &QDateTimeEdit::dateTimeChanged, this, [this] {
        if (m_useSince->isChecked())
            m_debounce.start();
    });
    connect(m_until, &QDateTimeEdit::dateTimeChanged, this, [this] {
        if (m_useUntil->isChecked())
            m_debounce.start();
    });
    connect(m_more, &QPushButton::clicked, m_model, &AuditLogModel::loadMore);
    connect(m_model, &QAbstractItemModel::modelReset, this, &AuditLogView::updateSummary);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &AuditLogView::updateSummary);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &AuditLogView::updateSummary);
    connect(m_model, &AuditLogModel::liveChanged, this, &AuditLogView::updateSummary);
    // Reaching the bottom pages in older entries, like any long log view.
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, [this](int v) {
        if (v > 0 && v == m_table->verticalScrollBar()->maximum())
            m_model->loadMore();
    });
    updateSummary();
}

void AuditLogView::applyFilter()
{
    m_debounce.stop();
    AuditFilter f;
    f.actor = m_actor->text().trimmed();
    f.action = m_action->currentData().toString();
    if (m_useSince->isChecked())
        f.since = m_since->dateTime();
    if (m_useUntil->isChecked())
        f.until = m_until->dateTime();
    m_model->setFilter(f);
}

void AuditLogView::updateSummary()
{
    const QLocale locale;
    QString text =
        tr("%1 of %2 entries shown")
            .arg(locale.toString(m_model->rowCount()),
                 locale.toString(qMax<qint64>(m_model->totalItems(), m_model->rowCount())));
    if (m_model->isLive())
        text += tr(" · live");
    m_summary->setText(text);
    m_more->setEnabled(m_model->canLoadMore() && m_model->rowCount() < m_model->maxRows());
}

} // namespace bb::plugins::access
