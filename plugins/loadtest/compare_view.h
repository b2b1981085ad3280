// bb::plugins::loadtest — two runs side by side: their figures with the change from A to B
// (coloured by whether it is better or worse), and their latency and throughput over time
// overlaid (A solid, B dashed).
#pragma once

#include <QWidget>

class QComboBox;
class QTableWidget;

namespace bb::plugins::loadtest {

class RunHistory;
class TimeChart;
struct RunRecord;

/// One compared figure: its name, the two values, and whether higher is better.
struct CompareRow {
    QString name;
    double a = 0, b = 0;
    bool higherIsBetter = false;
    QString unit; ///< "ms", "/s", "%" or empty
};

/// The figures compared, in display order.
QList<CompareRow> compareRows(const RunRecord &a, const RunRecord &b);
/// "+12.3 %" / "−4.0 %" / "±0 %"; "new" when A is zero and B is not.
QString deltaText(double a, double b);

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(RunHistory *history, QWidget *parent = nullptr);

    /// Selects the runs by history row (A = baseline) and refreshes.
    void compare(int rowA, int rowB);
    QComboBox *runA() const { return m_a; }
    QComboBox *runB() const { return m_b; }
    QTableWidget *table() const { return m_table; }
    TimeChart *latencyChart() const { return m_latency; }
    TimeChart *throughputChart() const { return m_throughput; }

private:
    void refresh();
    void fillPickers();

    RunHistory *m_history;
    QComboBox *m_a;
    QComboBox *m_b;
    QTableWidget *m_table;
    TimeChart *m_latency;
    TimeChart *m_throughput;
};

} // namespace bb::plugins::loadtest
