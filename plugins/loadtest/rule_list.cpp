#include "rule_list.h"

#include "shell/theme.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bb::plugins::loadtest {

RuleList::RuleList(const QString &placeholder, Validator validator, QWidget *parent)
    : QWidget(parent)
    , m_validator(std::move(validator))
    , m_placeholder(placeholder)
    , m_table(new QTableWidget(0, 2, this))
{
    m_table->setHorizontalHeaderLabels({tr("Rule"), tr("Status")});
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setMinimumHeight(90);
    m_table->setMaximumHeight(140);
    m_table->setToolTip(placeholder);

    auto *add = new QPushButton(tr("Add"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    add->setToolTip(tr("Add a rule, e.g. %1").arg(placeholder));
    connect(add, &QPushButton::clicked, this, [this] {
        addRule();
        m_table->setCurrentCell(m_table->rowCount() - 1, 0);
        m_table->editItem(m_table->item(m_table->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0) {
            m_table->removeRow(row);
            emit changed();
        }
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem *item) {
        if (m_updating || item->column() != 0)
            return;
        validateRow(item->row());
        emit changed();
    });

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
}

void RuleList::addRule(const QString &text)
{
    m_updating = true;
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    m_table->setItem(row, 0, new QTableWidgetItem(text));
    auto *status = new QTableWidgetItem;
    status->setFlags(Qt::ItemIsEnabled);
    m_table->setItem(row, 1, status);
    m_updating = false;
    validateRow(row);
    emit changed();
}

void RuleList::validateRow(int row)
{
    QTableWidgetItem *rule = m_table->item(row, 0);
    QTableWidgetItem *status = m_table->item(row, 1);
    if (!rule || !status)
        return;
    const QString text = rule->text().trimmed();
    const QString error = text.isEmpty() ? QString() : m_validator(text);
    m_updating = true;
    if (text.isEmpty()) {
        status->setText(tr("(empty: ignored)"));
        status->setForeground(palette().brush(QPalette::PlaceholderText));
    } else if (error.isEmpty()) {
        status->setText(tr("valid"));
        status->setForeground(palette().brush(QPalette::Text));
    } else {
        status->setText(error);
        status->setForeground(shell::toneColor(palette(), shell::Tone::Danger));
    }
    status->setToolTip(error);
    m_updating = false;
}

void RuleList::setOutcome(const QString &rule, bool passed, const QString &detail)
{
    m_updating = true;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        QTableWidgetItem *text = m_table->item(r, 0);
        QTableWidgetItem *status = m_table->item(r, 1);
        if (!text || !status || text->text().trimmed() != rule.trimmed())
            continue;
        const QString word = passed ? tr("passed") : tr("failed");
        status->setText(detail.isEmpty() ? word : tr("%1 (%2)").arg(word, detail));
        status->setForeground(
            shell::toneColor(palette(), passed ? shell::Tone::Success : shell::Tone::Danger));
        status->setToolTip(tr("In the last run: %1").arg(status->text()));
    }
    m_updating = false;
}

void RuleList::clearOutcomes()
{
    for (int r = 0; r < m_table->rowCount(); ++r)
        validateRow(r);
}

QStringList RuleList::rules() const
{
    QStringList out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString text =
            m_table->item(r, 0) ? m_table->item(r, 0)->text().trimmed() : QString();
        if (!text.isEmpty())
            out.append(text);
    }
    return out;
}

void RuleList::setRules(const QStringList &rules)
{
    m_updating = true;
    m_table->setRowCount(0);
    m_updating = false;
    for (const QString &r : rules)
        addRule(r);
    emit changed();
}

QString RuleList::problem() const
{
    for (const QString &rule : rules()) {
        if (const QString error = m_validator(rule); !error.isEmpty())
            return rule + QStringLiteral(": ") + error;
    }
    return {};
}

} // namespace bb::plugins::loadtest
