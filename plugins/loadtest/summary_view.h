// bb::plugins::loadtest — a finished run at a glance: the verdict, key figures, each threshold
// with ✓/✗ and its observed value, and the wrk-like text summary the CLI prints.
#pragma once

#include "run_record.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace bb::plugins::loadtest {

class SummaryView : public QWidget {
    Q_OBJECT
public:
    explicit SummaryView(QWidget *parent = nullptr);

    void showRecord(const RunRecord &record);
    void clear();

    QLabel *verdictLabel() const { return m_verdict; }
    QTableWidget *thresholdTable() const { return m_thresholds; }
    QPlainTextEdit *textView() const { return m_text; }

private:
    QLabel *m_verdict;
    QLabel *m_figures;
    QTableWidget *m_thresholds;
    QPlainTextEdit *m_text;
};

} // namespace bb::plugins::loadtest
