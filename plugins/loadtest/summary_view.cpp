#include "summary_view.h"

#include "loadtest/report_format.h"
#include "loadtest/report_text.h"
#include "shell/theme.h"

#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QVBoxLayout>

namespace bb::plugins::loadtest {

SummaryView::SummaryView(QWidget *parent)
    : QWidget(parent)
    , m_verdict(new QLabel(this))
    , m_figures(new QLabel(this))
    , m_thresholds(new QTableWidget(0, 3, this))
    , m_text(new QPlainTextEdit(this))
{
    setObjectName(QStringLiteral("summaryView"));
    QFont big = m_verdict->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_verdict->setFont(big);
    m_figures->setWordWrap(true);
    m_figures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_thresholds->setHorizontalHeaderLabels({tr("Threshold"), tr("Observed"), tr("Result")});
    m_thresholds->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_thresholds->verticalHeader()->hide();
    m_thresholds->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_thresholds->setMaximumHeight(130);
    m_text->setReadOnly(true);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(m_figures);
    layout->addWidget(m_thresholds);
    layout->addWidget(m_text, 1);
    clear();
}

void SummaryView::clear()
{
    m_verdict->setText(tr("No finished run yet"));
    m_verdict->setStyleSheet(QString());
    m_figures->clear();
    m_thresholds->setRowCount(0);
    m_thresholds->hide();
    m_text->clear();
}

void SummaryView::showRecord(const RunRecord &record)
{
    if (!record.summary) {
        clear();
        return;
    }
    namespace rf = bb::loadtest::report;
    const bb::loadtest::Summary &s = *record.summary;
    const QPalette pal = palette();
    QString verdict;
    shell::Tone tone = shell::Tone::Success;
    if (s.aborted) {
        verdict = tr("✗ Aborted: %1").arg(QString::fromStdString(s.abortReason));
        tone = shell::Tone::Danger;
    } else if (s.thresholds.empty()) {
        verdict = tr("Finished (no thresholds)");
        tone = shell::Tone::Info;
    } else if (s.thresholdsPassed) {
        verdict = tr("✓ All %n threshold(s) passed", nullptr, int(s.thresholds.size()));
    } else {
        int failed = 0;
        for (const auto &t : s.thresholds)
            failed += t.passed ? 0 : 1;
        verdict = tr("✗ %1 of %2 thresholds failed").arg(failed).arg(s.thresholds.size());
        tone = shell::Tone::Danger;
    }
    m_verdict->setText(verdict);
    m_verdict->setStyleSheet(QStringLiteral("color: %1").arg(shell::toneColor(pal, tone).name()));

    const double errorRate = s.requests ? 100.0 * double(s.errors) / double(s.requests) : 0;
    m_figures->setText(
        tr("%1 requests in %2 s · %3 req/s · %4 % errors · p50 %5 · p95 %6 · p99 %7 (corrected) · "
           "p99 %8 uncorrected")
            .arg(s.requests)
            .arg(s.durationSeconds, 0, 'f', 2)
            .arg(s.rps, 0, 'f', 1)
            .arg(errorRate, 0, 'f', 2)
            .arg(QString::fromStdString(rf::duration(s.corrected.p50Ms)),
                 QString::fromStdString(rf::duration(s.corrected.p95Ms)),
                 QString::fromStdString(rf::duration(s.corrected.p99Ms)),
                 QString::fromStdString(rf::duration(s.uncorrected.p99Ms))));

    m_thresholds->setRowCount(0);
    for (const auto &t : s.thresholds) {
        const int row = m_thresholds->rowCount();
        m_thresholds->insertRow(row);
        m_thresholds->setItem(row, 0,
                              new QTableWidgetItem(QString::fromStdString(t.threshold.text)));
        m_thresholds->setItem(row, 1,
                              new QTableWidgetItem(QString::fromStdString(
                                  rf::thresholdObserved(t.threshold, t.observed))));
        auto *result = new QTableWidgetItem(t.passed ? tr("✓ passed") : tr("✗ failed"));
        result->setForeground(
            shell::toneColor(pal, t.passed ? shell::Tone::Success : shell::Tone::Danger));
        m_thresholds->setItem(row, 2, result);
    }
    m_thresholds->setVisible(!s.thresholds.empty());
    m_text->setPlainText(QString::fromStdString(bb::loadtest::textSummary(record.scenario, s)));
}

} // namespace bb::plugins::loadtest
