#include "users_view.h"

#include "role_list_model.h"
#include "user_create_dialog.h"
#include "user_details_view.h"
#include "user_editor.h"
#include "user_list_model.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace bb::plugins::access {

UsersView::UsersView(AdminApi *api, RoleListModel *roles, shell::ShellContext *context,
                     QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_roles(roles)
    , m_model(new UserListModel(api, this))
    , m_editor(new UserEditor(api, this))
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("userSearch"));
    m_search->setPlaceholderText(tr("Search email or name (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("userCount"));
    m_newUser = new QPushButton(tr("&New user…"), this);
    m_newUser->setObjectName(QStringLiteral("newUserButton"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("usersTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Fixed heights: with 100,000 rows the view must never measure rows to lay them out.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    QHeaderView *h = m_table->horizontalHeader();
    const int charW = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    // Email takes what is left; the rest are sized for their usual content (tooltips and the
    // details pane show anything longer).
    h->setSectionResizeMode(UserListModel::EmailColumn, QHeaderView::Stretch);
    h->resizeSection(UserListModel::NameColumn, charW * 15);
    h->resizeSection(UserListModel::RolesColumn, charW * 10);
    h->resizeSection(UserListModel::StatusColumn, charW * 10);
    h->resizeSection(UserListModel::CreatedColumn, charW * 15);
    h->resizeSection(UserListModel::LastLoginColumn, charW * 15);
    h->setMinimumSectionSize(charW * 6);
    m_table->installEventFilter(this);

    m_details = new UserDetailsView(m_editor, roles, context, api, this);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(0, 0, 0, 0);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_count);
    bar->addWidget(m_newUser);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(bar);
    leftLayout->addWidget(m_table, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    split->addWidget(left);
    split->addWidget(m_details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);

    connect(m_search, &QLineEdit::textChanged, m_model, &UserListModel::setSearch);
    connect(m_search, &QLineEdit::returnPressed, m_model, &UserListModel::applySearch);
    connect(m_newUser, &QPushButton::clicked, this, [this] { openCreateDialog(); });
    connect(m_model, &UserListModel::totalChanged, this, &UsersView::updateCount);
    // Master-detail: with nothing chosen yet, show the first user rather than an empty pane.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex &first) {
        if (first.row() == 0 && !m_table->selectionModel()->hasSelection() &&
            !m_editor->hasUser() && m_model->isRowLoaded(0))
            m_table->selectRow(0);
    });
    connect(m_model, &UserListModel::loadingChanged, this, &UsersView::updateCount);
    connect(m_model, &UserListModel::failed, this, &UsersView::failed);
    connect(m_model, &QAbstractItemModel::modelReset, m_editor, &UserEditor::clear);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &UsersView::onSelectionChanged);
    // A selected row that was still "loading…" gets its user once its block arrives.
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (!m_editor->hasUser())
            onSelectionChanged();
    });
    // Besides data() asking for painted rows, ask for the rows a scroll lands on right away,
    // so a jump to the end starts loading before the first paint.
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this,
            &UsersView::loadVisibleRows);
    connect(m_editor, &UserEditor::listChanged, m_model, &UserListModel::reload);
    connect(m_editor, &UserEditor::userChanged, m_model, &UserListModel::updateUser);
    connect(m_editor, &UserEditor::failed, this, &UsersView::failed);
    connect(m_editor, &UserEditor::notice, this, &UsersView::notice);
    updateCount();
}

void UsersView::reload()
{
    m_model->reload();
    if (m_editor->hasUser())
        m_editor->load(m_editor->user().id);
}

void UsersView::loadVisibleRows()
{
    const int first = m_table->rowAt(0);
    if (first < 0)
        return;
    int last = m_table->rowAt(m_table->viewport()->height() - 1);
    if (last < 0)
        last = m_model->rowCount() - 1;
    m_model->ensureRowsLoaded(first, last);
}

void UsersView::onSelectionChanged()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const auto user = m_model->userAt(rows.first().row());
    if (user && user->id != m_editor->user().id)
        m_editor->load(user->id);
}

void UsersView::updateCount()
{
    const QLocale locale;
    const qint64 total = m_model->totalItems();
    QString text;
    if (!m_model->hasAnswered())
        text = tr("loading…");
    else if (m_model->search().isEmpty())
        text = tr("%1 users").arg(locale.toString(total));
    else
        text = tr("%1 match “%2”").arg(locale.toString(total), m_model->search());
    m_count->setText(text);
}

QWidget *UsersView::openCreateDialog()
{
    auto *dialog = new UserCreateDialog(m_editor, m_roles->names(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &UserCreateDialog::created, this, [this](const UserRecord &u) {
        // Show the new user at once; the list finds its row after its reload.
        m_editor->load(u.id);
    });
    dialog->open();
    return dialog;
}

void UsersView::deleteSelected()
{
    m_details->confirmDelete();
}

bool UsersView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Delete) {
        deleteSelected();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace bb::plugins::access
