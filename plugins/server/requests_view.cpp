#include "requests_view.h"

#include "recent_requests_model.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace bb::plugins::server {

RequestsView::RequestsView(RecentRequestsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("recentRequestsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    // Fixed row heights let the view skip measuring thousands of rows on every batch.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    QHeaderView *h = m_table->horizontalHeader();
    h->setSectionResizeMode(QHeaderView::Interactive);
    h->setStretchLastSection(false);
    const int charW = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    h->resizeSection(RecentRequestsModel::TimeColumn, charW * 15);
    h->resizeSection(RecentRequestsModel::MethodColumn, charW * 9);
    h->setSectionResizeMode(RecentRequestsModel::PathColumn, QHeaderView::Stretch);
    h->resizeSection(RecentRequestsModel::UserColumn, charW * 11);
    h->resizeSection(RecentRequestsModel::StatusColumn, charW * 8);
    h->resizeSection(RecentRequestsModel::DurationColumn, charW * 12);

    m_follow = new QCheckBox(tr("&Follow new requests"), this);
    m_follow->setObjectName(QStringLiteral("followCheck"));
    m_follow->setChecked(true);
    m_count = new QLabel(this);
    auto *clear = new QPushButton(tr("C&lear"), this);
    clear->setObjectName(QStringLiteral("clearRequests"));
    clear->setToolTip(tr("Empty the list; new requests keep arriving"));

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_follow);
    bar->addStretch(1);
    bar->addWidget(m_count);
    bar->addWidget(clear);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RequestsView::onRowsInserted);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RequestsView::updateCount);
    connect(clear, &QPushButton::clicked, m_model, &RecentRequestsModel::clear);
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            m_table->scrollToBottom();
    });
    // actionTriggered fires only for the user's own scrolling (wheel, drag, keys on the bar),
    // never for the view adjusting itself to inserted or removed rows.
    connect(m_table->verticalScrollBar(), &QScrollBar::actionTriggered, this,
            [this] { QTimer::singleShot(0, this, &RequestsView::onUserScrolled); });
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &RequestsView::showMenu);
    connect(m_table, &QTableView::doubleClicked, this,
            [this](const QModelIndex &index) { openInTester(index.row()); });
    updateCount();
}

void RequestsView::setOpenInTester(OpenInTester open, std::function<bool()> available)
{
    m_openInTester = std::move(open);
    m_testerAvailable = std::move(available);
}

bool RequestsView::openInTester(int row)
{
    if (!m_openInTester || (m_testerAvailable && !m_testerAvailable()) || row < 0 ||
        row >= m_model->rowCount())
        return false;
    const engine::RecentRequest &r = m_model->at(row);
    m_openInTester(r.method, r.path);
    return true;
}

void RequestsView::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid() || !m_openInTester)
        return;
    QMenu menu(this);
    QAction *open = menu.addAction(tr("Open in tester"), this,
                                   [this, row = index.row()] { openInTester(row); });
    if (m_testerAvailable && !m_testerAvailable()) {
        open->setEnabled(false);
        open->setText(tr("Open in tester (the endpoint tester is not installed)"));
    }
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

bool RequestsView::isFollowing() const
{
    return m_follow->isChecked();
}

void RequestsView::setFollowing(bool follow)
{
    m_follow->setChecked(follow);
}

void RequestsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_follow->isChecked())
        QTimer::singleShot(0, m_table, &QTableView::scrollToBottom);
}

void RequestsView::onRowsInserted()
{
    updateCount();
    if (m_follow->isChecked())
        m_table->scrollToBottom();
}

void RequestsView::onUserScrolled()
{
    const QScrollBar *bar = m_table->verticalScrollBar();
    m_follow->setChecked(bar->value() >= bar->maximum());
}

void RequestsView::updateCount()
{
    const QLocale locale;
    m_count->setText(
        tr("%1 shown · %2 seen")
            .arg(locale.toString(m_model->rowCount()), locale.toString(m_model->totalAppended())));
}

} // namespace bb::plugins::server
