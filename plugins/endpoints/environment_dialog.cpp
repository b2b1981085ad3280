#include "environment_dialog.h"

#include "environment_model.h"
#include "row_table.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

namespace bb::plugins::endpoints {

EnvironmentDialog::EnvironmentDialog(const QList<workspace::Environment> &environments,
                                     const QString &current, QWidget *parent)
    : QDialog(parent)
    , m_envs(environments)
{
    setWindowTitle(tr("Environments"));
    for (const auto &e : environments)
        m_original.append(e.name);

    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("environmentList"));
    for (const auto &e : m_envs) {
        auto *item = new QListWidgetItem(e.name, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    auto *listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(remove);
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(listButtons);

    m_model = new EnvironmentModel(this);
    auto *table = new RowTable(
        m_model, [this](int row) { m_model->removeVariable(row); }, this);
    table->setObjectName(QStringLiteral("environmentVariables"));
    table->horizontalHeader()->setSectionResizeMode(EnvironmentModel::ValueColumn,
                                                    QHeaderView::Stretch);
    table->horizontalHeader()->setStretchLastSection(false);
    auto *hint = new QLabel(tr("Use a variable as {{name}} in URLs, headers, bodies and auth. "
                               "Secret values stay in the system keychain."),
                            this);
    hint->setWordWrap(true);
    hint->setEnabled(false);
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(table, 1);
    rightLayout->addWidget(hint);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 3);
    split->setSizes({180, 520});

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        storeCurrent();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(buttons);
    resize(760, 420);

    connect(m_list, &QListWidget::currentRowChanged, this, &EnvironmentDialog::select);
    connect(m_list, &QListWidget::itemChanged, this, [this](QListWidgetItem *item) {
        const int row = m_list->row(item);
        if (row >= 0 && row < m_envs.size() && !item->text().trimmed().isEmpty())
            m_envs[row].name = item->text().trimmed();
    });
    connect(add, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("New environment"), tr("Name:"),
                                                   QLineEdit::Normal, tr("Staging"), &ok);
        if (ok && !name.trimmed().isEmpty())
            addEnvironment(name.trimmed());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_list->currentRow();
        if (row < 0)
            return;
        if (QMessageBox::question(
                this, tr("Remove environment"),
                tr("Remove the environment “%1” and its variables?").arg(m_envs[row].name)) !=
            QMessageBox::Yes)
            return;
        m_current = -1;
        m_envs.removeAt(row);
        delete m_list->takeItem(row);
        select(m_list->currentRow());
    });

    const int start = m_original.indexOf(current);
    m_list->setCurrentRow(start >= 0 ? start : (m_envs.isEmpty() ? -1 : 0));
    if (m_list->currentRow() < 0)
        select(-1);
}

void EnvironmentDialog::addEnvironment(const QString &name)
{
    storeCurrent();
    QString unique = name;
    QStringList names;
    for (const auto &e : m_envs)
        names.append(e.name);
    for (int n = 2; names.contains(unique) && n < 1000; ++n)
        unique = QStringLiteral("%1 %2").arg(name).arg(n);
    m_envs.append({unique, {}});
    auto *item = new QListWidgetItem(unique, m_list);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_list->setCurrentItem(item);
}

void EnvironmentDialog::storeCurrent()
{
    if (m_current >= 0 && m_current < m_envs.size())
        m_envs[m_current].variables = m_model->variables();
}

void EnvironmentDialog::select(int row)
{
    storeCurrent();
    m_current = row;
    m_model->setVariables(row >= 0 && row < m_envs.size() ? m_envs[row].variables
                                                          : QList<workspace::Variable>());
}

QList<workspace::Environment> EnvironmentDialog::environments() const
{
    QList<workspace::Environment> envs = m_envs;
    if (m_current >= 0 && m_current < envs.size())
        envs[m_current].variables = m_model->variables();
    return envs;
}

QStringList EnvironmentDialog::removedNames() const
{
    QStringList removed = m_original;
    for (const auto &e : environments())
        removed.removeAll(e.name);
    return removed;
}

} // namespace bb::plugins::endpoints
