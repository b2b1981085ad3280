// bb::plugins::loadtest — the live latency histogram: bars over logarithmic latency bins,
// regrouped from the merged HDR histogram (the same bins as the HTML report's).
#pragma once

#include "loadtest/histogram.h"

#include <QChartView>

class QBarSeries;
class QBarSet;
class QBarCategoryAxis;
class QValueAxis;

namespace bb::plugins::loadtest {

class HistogramChart : public QChartView {
    Q_OBJECT
public:
    static constexpr int kBins = 32;
    explicit HistogramChart(QWidget *parent = nullptr);

    void setHistogram(const bb::loadtest::Histogram &histogram);
    void clear();
    /// Total count over the bars (tests compare it with the histogram's count).
    double total() const;
    int barCount() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QBarSeries *m_series = nullptr;
    QBarSet *m_set = nullptr;
    QBarCategoryAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
};

} // namespace bb::plugins::loadtest
