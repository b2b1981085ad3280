#include "roles_view.h"

#include "dialogs.h"
#include "permission_matrix_model.h"
#include "role_list_model.h"
#include "tone.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace bb::plugins::access {

RolesView::RolesView(RoleListModel *roles, PermissionMatrixModel *matrix, QWidget *parent)
    : QWidget(parent)
    , m_model(roles)
    , m_matrixModel(matrix)
{
    m_roles = new QTableView(this);
    m_roles->setObjectName(QStringLiteral("rolesTable"));
    m_roles->setModel(m_model);
    m_roles->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_roles->setSelectionMode(QAbstractItemView::SingleSelection);
    m_roles->setShowGrid(false);
    m_roles->setAlternatingRowColors(true);
    m_roles->verticalHeader()->hide();
    m_roles->setWordWrap(false);
    m_roles->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_roles->horizontalHeader()->setSectionResizeMode(RoleListModel::DescriptionColumn,
                                                      QHeaderView::Stretch);
    m_roles->installEventFilter(this);
    m_new = new QPushButton(tr("New role…"), this);
    m_new->setObjectName(QStringLiteral("newRoleButton"));
    m_rename = new QPushButton(tr("Rename…"), this);
    m_rename->setObjectName(QStringLiteral("renameRoleButton"));
    m_delete = new QPushButton(tr("Delete…"), this);
    m_delete->setObjectName(QStringLiteral("deleteRoleButton"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_new);
    buttons->addWidget(m_rename);
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_roles, 1);
    leftLayout->addLayout(buttons);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("matrixTitle"));
    QFont f = m_title->font();
    f.setBold(true);
    m_title->setFont(f);
    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    setTextTone(m_note, shell::Tone::Muted);
    m_matrix = new QTableView(this);
    m_matrix->setObjectName(QStringLiteral("permissionMatrix"));
    m_matrix->setModel(m_matrixModel);
    m_matrix->setSelectionMode(QAbstractItemView::NoSelection);
    m_matrix->setShowGrid(true);
    m_matrix->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_matrix->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_matrix->verticalHeader()->setDefaultSectionSize(m_matrix->fontMetrics().height() + 10);
    m_dirty = new QLabel(this);
    m_dirty->setObjectName(QStringLiteral("dirtyLabel"));
    m_apply = new QPushButton(tr("&Apply"), this);
    m_apply->setObjectName(QStringLiteral("applyMatrixButton"));
    m_revert = new QPushButton(tr("Re&vert"), this);
    m_revert->setObjectName(QStringLiteral("revertMatrixButton"));
    auto *applyRow = new QHBoxLayout;
    applyRow->addWidget(m_dirty, 1);
    applyRow->addWidget(m_revert);
    applyRow->addWidget(m_apply);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_title);
    rightLayout->addWidget(m_note);
    rightLayout->addWidget(m_matrix, 1);
    rightLayout->addLayout(applyRow);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(split);

    connect(m_roles->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RolesView::onRoleSelected);
    connect(m_model, &RoleListModel::reloaded, this, [this] {
        // Keep showing the same role after a reload (its row may have moved), else the first.
        int row = m_pendingSelection.isEmpty() ? m_model->rowOfRole(m_shownRoleId)
                                               : m_model->rowOfName(m_pendingSelection);
        m_pendingSelection.clear();
        if (row < 0 && m_model->rowCount() > 0)
            row = 0;
        if (row >= 0)
            m_roles->selectRow(row);
        updateButtons();
    });
    connect(m_matrixModel, &PermissionMatrixModel::dirtyChanged, this, &RolesView::updateButtons);
    connect(m_matrixModel, &PermissionMatrixModel::applied, this, [this] { m_model->reload(); });
    connect(m_matrixModel, &PermissionMatrixModel::catalogueLoaded, this, [this] {
        showSelectedRole();
        m_matrix->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    });
    connect(m_new, &QPushButton::clicked, this, [this] { openCreateDialog(); });
    connect(m_rename, &QPushButton::clicked, this, [this] { openRenameDialog(); });
    connect(m_delete, &QPushButton::clicked, this, &RolesView::deleteSelected);
    connect(m_apply, &QPushButton::clicked, m_matrixModel, &PermissionMatrixModel::apply);
    connect(m_revert, &QPushButton::clicked, m_matrixModel, &PermissionMatrixModel::revert);
    updateButtons();
}

int RolesView::selectedRow() const
{
    const QModelIndexList rows = m_roles->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void RolesView::selectRole(const QString &name)
{
    const int row = m_model->rowOfName(name);
    if (row >= 0)
        m_roles->selectRow(row);
    else
        m_pendingSelection = name; // not listed yet: select it after the next reload
}

void RolesView::onRoleSelected()
{
    const RoleRecord next = m_model->roleAt(selectedRow());
    if (next.id == m_shownRoleId) {
        showSelectedRole(); // same role, maybe new data after a reload
        return;
    }
    if (!m_matrixModel->isDirty()) {
        showSelectedRole();
        return;
    }
    // Leaving a role with unsaved edits: ask, and stay on it unless the user discards them.
    const int back = m_model->rowOfRole(m_shownRoleId);
    const QString name = m_matrixModel->role().name;
    const int count = m_matrixModel->dirtyCount();
    {
        const QSignalBlocker block(m_roles->selectionModel());
        if (back >= 0)
            m_roles->selectRow(back);
    }
    confirmThen(this, tr("Unsaved changes"),
                (count == 1 ? tr("1 unsaved change to %1 will be lost.").arg(name)
                            : tr("%1 unsaved changes to %2 will be lost.").arg(count).arg(name)),
                tr("Discard changes"), [this, id = next.id] {
                    m_matrixModel->revert();
                    const int row = m_model->rowOfRole(id);
                    if (row >= 0)
                        m_roles->selectRow(row);
                });
}

void RolesView::showSelectedRole()
{
    const RoleRecord role = m_model->roleAt(selectedRow());
    // A reload of the same role must not throw away edits in progress.
    if (!(role.id == m_shownRoleId && m_matrixModel->isDirty()))
        m_matrixModel->setRole(role);
    m_shownRoleId = role.id;
    m_title->setText(role.isValid() ? tr("Permissions of %1").arg(role.name) : tr("Select a role"));
    if (!role.isValid())
        m_note->clear();
    else if (!role.editable)
        m_note->setText(tr("%1 is built in and read-only. Create a role to grant a different "
                           "set.")
                            .arg(role.name));
    else
        m_note->setText(tr("Click a cell: once for own rows only (owner_id = the caller), twice "
                           "for every row, again to clear. Greyed cells come from a wildcard."));
    updateButtons();
}

void RolesView::updateButtons()
{
    const int row = selectedRow();
    const QString fixed = m_model->whyFixed(row);
    const bool have = row >= 0;
    m_rename->setEnabled(have && fixed.isEmpty());
    m_delete->setEnabled(have && fixed.isEmpty());
    m_rename->setToolTip(have ? fixed : tr("Select a role"));
    m_delete->setToolTip(have ? fixed : tr("Select a role"));
    const int dirty = m_matrixModel->dirtyCount();
    m_apply->setEnabled(dirty > 0 && m_matrixModel->isEditable());
    m_revert->setEnabled(dirty > 0);
    // Spelled out rather than %n: without an installed translation %n never drops the "(s)".
    m_dirty->setText(dirty == 0   ? QString()
                     : dirty == 1 ? tr("1 unsaved change")
                                  : tr("%1 unsaved changes").arg(dirty));
    setTextTone(m_dirty, shell::Tone::Warning);
}

QWidget *RolesView::openCreateDialog()
{
    auto *d = new QInputDialog(this);
    d->setObjectName(QStringLiteral("newRoleDialog"));
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowTitle(tr("New role"));
    d->setLabelText(tr("Name (letters, digits, _ and -):"));
    connect(d, &QInputDialog::textValueSelected, this, [this](const QString &text) {
        const QString name = text.trimmed();
        if (name.isEmpty())
            return;
        m_pendingSelection = name;
        m_model->createRole(name, QString(), [this](bool created) {
            if (!created)
                m_pendingSelection.clear();
        });
    });
    d->open();
    return d;
}

QWidget *RolesView::openRenameDialog()
{
    const RoleRecord role = m_model->roleAt(selectedRow());
    if (!role.isValid() || role.builtIn)
        return nullptr;
    auto *d = new QInputDialog(this);
    d->setObjectName(QStringLiteral("renameRoleDialog"));
    d->setAttribute(Qt::WA_DeleteOnClose);
    d->setWindowTitle(tr("Rename role"));
    d->setLabelText(tr("New name for %1:").arg(role.name));
    d->setTextValue(role.name);
    connect(d, &QInputDialog::textValueSelected, this, [this, role](const QString &text) {
        const QString name = text.trimmed();
        if (name.isEmpty() || name == role.name)
            return;
        m_model->renameRole(role.id, name);
    });
    d->open();
    return d;
}

void RolesView::deleteSelected()
{
    const int row = selectedRow();
    const RoleRecord role = m_model->roleAt(row);
    if (!role.isValid() || !m_model->whyFixed(row).isEmpty())
        return;
    const QString users =
        role.userCount == 0 ? QString()
        : role.userCount == 1
            ? tr(" 1 user holds it and loses what it grants.")
            : tr(" %1 users hold it and lose what it grants.").arg(role.userCount);
    confirmThen(this, tr("Delete role"), tr("Delete the role %1?%2").arg(role.name, users),
                tr("Delete role"), [model = m_model, id = role.id] { model->deleteRole(id); });
}

bool RolesView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_roles && event->type() == QEvent::KeyPress &&
        static_cast<QKeyEvent *>(event)->key() == Qt::Key_Delete) {
        deleteSelected();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace bb::plugins::access
