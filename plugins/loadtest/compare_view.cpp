#include "compare_view.h"

#include "run_history.h"
#include "shell/theme.h"
#include "time_chart.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace bb::plugins::loadtest {

QList<CompareRow> compareRows(const RunRecord &ra, const RunRecord &rb)
{
    static const bb::loadtest::Summary empty;
    const bb::loadtest::Summary &a = ra.summary ? *ra.summary : empty;
    const bb::loadtest::Summary &b = rb.summary ? *rb.summary : empty;
    auto errorPct = [](const bb::loadtest::Summary &s) {
        return s.requests ? 100.0 * double(s.errors) / double(s.requests) : 0.0;
    };
    const QString ms = QStringLiteral("ms");
    return {
        {QObject::tr("Requests"), double(a.requests), double(b.requests), true, {}},
        {QObject::tr("Requests/s"), a.rps, b.rps, true, QStringLiteral("/s")},
        {QObject::tr("Errors"), errorPct(a), errorPct(b), false, QStringLiteral("%")},
        {QObject::tr("Latency mean"), a.corrected.meanMs, b.corrected.meanMs, false, ms},
        {QObject::tr("Latency p50"), a.corrected.p50Ms, b.corrected.p50Ms, false, ms},
        {QObject::tr("Latency p90"), a.corrected.p90Ms, b.corrected.p90Ms, false, ms},
        {QObject::tr("Latency p95"), a.corrected.p95Ms, b.corrected.p95Ms, false, ms},
        {QObject::tr("Latency p99"), a.corrected.p99Ms, b.corrected.p99Ms, false, ms},
        {QObject::tr("Latency p99.9"), a.corrected.p999Ms, b.corrected.p999Ms, false, ms},
        {QObject::tr("Latency max"), a.corrected.maxMs, b.corrected.maxMs, false, ms},
        {QObject::tr("p99 uncorrected"), a.uncorrected.p99Ms, b.uncorrected.p99Ms, false, ms},
        {QObject::tr("Received"), double(a.bytesIn) / 1024.0, double(b.bytesIn) / 1024.0, true,
         QStringLiteral("KiB")},
    };
}

QString deltaText(double a, double b)
{
    if (a == 0)
        return b == 0 ? QStringLiteral("±0 %") : QObject::tr("new");
    const double pct = (b - a) / std::fabs(a) * 100.0;
    if (std::fabs(pct) < 0.05)
        return QStringLiteral("±0 %");
    return (pct > 0 ? QStringLiteral("+") : QStringLiteral("−")) +
           QString::number(std::fabs(pct), 'f', 1) + QStringLiteral(" %");
}

CompareView::CompareView(RunHistory *history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_a(new QComboBox(this))
    , m_b(new QComboBox(this))
    , m_table(new QTableWidget(0, 4, this))
    , m_latency(
          new TimeChart(tr("Latency over time (A solid, B dashed)"), QStringLiteral("ms"), this))
    , m_throughput(new TimeChart(tr("Requests per second (A solid, B dashed)"), QString(), this))
{
    setObjectName(QStringLiteral("compareView"));
    for (QComboBox *box : {m_a, m_b}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(40);
        connect(box, &QComboBox::currentIndexChanged, this, &CompareView::refresh);
    }
    // The pickers list the history by row; they follow it as runs come and go.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(history, signal, this, &CompareView::fillPickers);
    connect(history, &QAbstractItemModel::modelReset, this, &CompareView::fillPickers);
    m_table->setHorizontalHeaderLabels({tr("Figure"), tr("A"), tr("B"), tr("Change")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_latency->addSeries(tr("A p50"), 0);
    m_latency->addSeries(tr("A p99"), 2);
    m_latency->addSeries(tr("B p50"), 1, Qt::DashLine);
    m_latency->addSeries(tr("B p99"), 3, Qt::DashLine);
    m_throughput->addSeries(tr("A"), 0);
    m_throughput->addSeries(tr("B"), 1, Qt::DashLine);

    auto *pick = new QFormLayout;
    pick->addRow(tr("A (baseline)"), m_a);
    pick->addRow(tr("B"), m_b);
    auto *charts = new QHBoxLayout;
    charts->addWidget(m_latency);
    charts->addWidget(m_throughput);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(pick);
    layout->addWidget(m_table, 1);
    layout->addLayout(charts, 1);
    fillPickers();
}

void CompareView::fillPickers()
{
    int a = m_a->currentIndex(), b = m_b->currentIndex();
    if (a < 0 || b < 0) { // by default the newest run (B) against the one before it (A)
        a = std::min(1, m_history->size() - 1);
        b = 0;
    }
    for (QComboBox *box : {m_a, m_b}) {
        const QSignalBlocker block(box);
        box->clear();
        for (int i = 0; i < m_history->size(); ++i) {
            const RunRecord &r = m_history->at(i);
            box->addItem(r.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
                         QStringLiteral(" · ") + r.modelText() + QStringLiteral(" · ") +
                         r.targetText());
        }
    }
    // New runs arrive at the top: keep comparing the same two when they are still there.
    m_a->setCurrentIndex(std::min(a, m_history->size() - 1));
    m_b->setCurrentIndex(std::min(b, m_history->size() - 1));
    refresh();
}

void CompareView::compare(int rowA, int rowB)
{
    m_a->setCurrentIndex(rowA);
    m_b->setCurrentIndex(rowB);
    refresh();
}

void CompareView::refresh()
{
    const int ia = m_a->currentIndex(), ib = m_b->currentIndex();
    m_table->setRowCount(0);
    m_latency->clear();
    m_throughput->clear();
    if (ia < 0 || ib < 0 || ia >= m_history->size() || ib >= m_history->size())
        return;
    const RunRecord &a = m_history->at(ia);
    const RunRecord &b = m_history->at(ib);
    const QPalette pal = palette();
    for (const CompareRow &r : compareRows(a, b)) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        auto value = [&r](double v) {
            const int decimals = r.unit == QLatin1String("ms") || r.unit == QLatin1String("%") ? 2
                                 : r.unit.isEmpty()                                            ? 0
                                                                                               : 1;
            return QString::number(v, 'f', decimals) +
                   (r.unit.isEmpty() ? QString() : QLatin1Char(' ') + r.unit);
        };
        m_table->setItem(row, 0, new QTableWidgetItem(r.name));
        m_table->setItem(row, 1, new QTableWidgetItem(value(r.a)));
        m_table->setItem(row, 2, new QTableWidgetItem(value(r.b)));
        auto *delta = new QTableWidgetItem(deltaText(r.a, r.b));
        const double diff = r.b - r.a;
        if (std::fabs(diff) > 1e-9 * std::max(1.0, std::fabs(r.a))) {
            const bool better = (diff > 0) == r.higherIsBetter;
            delta->setForeground(
                shell::toneColor(pal, better ? shell::Tone::Success : shell::Tone::Danger));
        }
        m_table->setItem(row, 3, delta);
    }
    for (const auto &[record, offset] : {std::pair{&a, 0}, std::pair{&b, 2}}) {
        QList<QPointF> p50, p99, rps;
        for (const auto &s : record->samples) {
            p50.append({s.tSeconds, s.corrected.p50Ms});
            p99.append({s.tSeconds, s.corrected.p99Ms});
            rps.append({s.tSeconds, s.rps});
        }
        m_latency->setPoints(offset, p50);
        m_latency->setPoints(offset + 1, p99);
        m_throughput->setPoints(offset / 2, rps);
    }
    m_latency->rescale();
    m_throughput->rescale();
}

} // namespace bb::plugins::loadtest
