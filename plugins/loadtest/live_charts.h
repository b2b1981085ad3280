// bb::plugins::loadtest — the live view of a run: requests/s (with the target), latency
// p50/p95/p99 over time (corrected; uncorrected p99 dashed in the open model), errors/s,
// active connections, the latency histogram and, for the embedded engine, the server's own
// requests/s and p99 beside them.
#pragma once

#include "loadtest/histogram.h"
#include "loadtest/results.h"

#include <QWidget>

#include <vector>

class QLabel;

namespace bb::plugins::loadtest {

class HistogramChart;
class TimeChart;

class LiveCharts : public QWidget {
    Q_OBJECT
public:
    explicit LiveCharts(QWidget *parent = nullptr);

    /// Empties every chart for a new run; the uncorrected series shows only in the open model,
    /// the server view only when `serverView` (the target is the embedded engine). The time
    /// axes span `plannedSeconds` from the start (0 = fit the data).
    void reset(bool openModel, bool serverView, double plannedSeconds = 0);
    void append(const std::vector<bb::loadtest::Sample> &samples);
    void setHistogram(const bb::loadtest::Histogram &histogram);
    void appendServerPoint(double tSeconds, double requestsPerSecond, double p99Ms);
    /// Shows a finished (or stored) run's whole series at once.
    void showRun(const std::vector<bb::loadtest::Sample> &samples,
                 const bb::loadtest::Histogram &histogram, bool openModel);
    void setServerNote(const QString &text);

    TimeChart *rpsChart() const { return m_rps; }
    TimeChart *latencyChart() const { return m_latency; }
    TimeChart *errorsChart() const { return m_errors; }
    TimeChart *connectionsChart() const { return m_connections; }
    TimeChart *serverChart() const { return m_server; }
    HistogramChart *histogramChart() const { return m_histogram; }

    enum LatencySeries { P50, P95, P99, P99Uncorrected };

private:
    void appendOne(const bb::loadtest::Sample &sample, double intervalSeconds);
    void rescaleAll();

    TimeChart *m_rps;
    TimeChart *m_latency;
    TimeChart *m_errors;
    TimeChart *m_connections;
    TimeChart *m_server;
    HistogramChart *m_histogram;
    QWidget *m_serverBox;
    QLabel *m_serverNote;
    double m_lastT = 0;
};

} // namespace bb::plugins::loadtest
