#include "stage_editor.h"

#include "loadtest/report_format.h"
#include "time_chart.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <variant>

namespace bb::plugins::loadtest {

namespace {
// A row's duration uses the command line's units: "30s", "1m", "500ms".
QString secondsText(double seconds)
{
    return QString::fromStdString(bb::loadtest::report::number(seconds)) + QLatin1Char('s');
}
} // namespace

StageEditor::StageEditor(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, 2, this))
    , m_preview(new TimeChart(tr("Planned ramp"), QString(), this))
{
    m_table->setHorizontalHeaderLabels({tr("Duration"), tr("Target")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setMinimumHeight(100);
    m_table->setMaximumHeight(150);
    m_table->setToolTip(tr("Each stage ramps linearly from the previous target to its own over "
                           "its duration (e.g. 30s, 1m, 500ms)."));
    m_preview->addSeries(tr("target"), 5);
    m_preview->setMinimumHeight(130);
    m_preview->setMaximumHeight(160);
    m_preview->chart()->legend()->hide();

    auto *add = new QPushButton(tr("Add stage"), this);
    auto *remove = new QPushButton(tr("Remove"), this);
    connect(add, &QPushButton::clicked, this, [this] {
        const auto current = stages();
        auto next = current;
        next.push_back({10, current.empty() ? 10 : current.back().target});
        setStages(next);
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0) {
            m_table->removeRow(m_table->currentRow());
            updatePreview();
            emit changed();
        }
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this] {
        if (m_updating)
            return;
        updatePreview();
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
    layout->addWidget(m_preview);
}

std::vector<bb::loadtest::Stage> StageEditor::stages() const
{
    auto parsed = bb::loadtest::parseStages(text().toStdString());
    if (auto *list = std::get_if<std::vector<bb::loadtest::Stage>>(&parsed))
        return *list;
    // Keep the rows that parse on their own, so the preview shows what it can.
    std::vector<bb::loadtest::Stage> out;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString one = (m_table->item(r, 0) ? m_table->item(r, 0)->text() : QString()) +
                            QLatin1Char(':') +
                            (m_table->item(r, 1) ? m_table->item(r, 1)->text() : QString());
        auto single = bb::loadtest::parseStages(one.toStdString());
        if (auto *list = std::get_if<std::vector<bb::loadtest::Stage>>(&single))
            out.insert(out.end(), list->begin(), list->end());
    }
    return out;
}

QString StageEditor::text() const
{
    QStringList parts;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString d = m_table->item(r, 0) ? m_table->item(r, 0)->text().trimmed() : QString();
        const QString t = m_table->item(r, 1) ? m_table->item(r, 1)->text().trimmed() : QString();
        parts.append(d + QLatin1Char(':') + t);
    }
    return parts.join(QLatin1Char(','));
}

bool StageEditor::setText(const QString &text)
{
    auto parsed = bb::loadtest::parseStages(text.toStdString());
    auto *list = std::get_if<std::vector<bb::loadtest::Stage>>(&parsed);
    if (!list)
        return false;
    setStages(*list);
    return true;
}

void StageEditor::setStages(const std::vector<bb::loadtest::Stage> &stages)
{
    m_updating = true;
    m_table->setRowCount(0);
    for (const auto &s : stages) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        m_table->setItem(row, 0, new QTableWidgetItem(secondsText(s.seconds)));
        m_table->setItem(
            row, 1,
            new QTableWidgetItem(QString::fromStdString(bb::loadtest::report::number(s.target))));
    }
    m_updating = false;
    updatePreview();
    emit changed();
}

QString StageEditor::problem() const
{
    if (m_table->rowCount() == 0)
        return tr("add at least one stage");
    for (int r = 0; r < m_table->rowCount(); ++r) {
        const QString one = (m_table->item(r, 0) ? m_table->item(r, 0)->text() : QString()) +
                            QLatin1Char(':') +
                            (m_table->item(r, 1) ? m_table->item(r, 1)->text() : QString());
        auto single = bb::loadtest::parseStages(one.toStdString());
        if (auto *error = std::get_if<std::string>(&single))
            return tr("stage %1: %2").arg(r + 1).arg(QString::fromStdString(*error));
    }
    return {};
}

void StageEditor::setTargetUnit(const QString &unit)
{
    m_preview->chart()->setTitle(tr("Planned ramp (%1)").arg(unit));
}

void StageEditor::updatePreview()
{
    QList<QPointF> points{{0, 0}};
    double t = 0;
    for (const auto &s : stages()) {
        t += s.seconds;
        points.append({t, s.target});
    }
    m_preview->setPoints(0, points);
    m_preview->rescale();
}

} // namespace bb::plugins::loadtest
