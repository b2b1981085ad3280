// bb::plugins::loadtest — the live latency histogram: requests per latency bin over a
// logarithmic latency axis, regrouped from the merged HDR histogram (the same bins as the HTML
// report's), drawn as a filled step outline.
#pragma once

#include "loadtest/histogram.h"

#include <QChartView>

class QAreaSeries;
class QLineSeries;
class QLogValueAxis;
class QValueAxis;

namespace bb::plugins::loadtest {

class HistogramChart : public QChartView {
    Q_OBJECT
public:
    static constexpr int kBins = 40;
    explicit HistogramChart(QWidget *parent = nullptr);

    void setHistogram(const bb::loadtest::Histogram &histogram);
    void clear();
    /// Total count over the bins (tests compare it with the histogram's count).
    double total() const { return m_total; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();

    QLineSeries *m_outline = nullptr;
    QAreaSeries *m_area = nullptr;
    QLogValueAxis *m_x = nullptr;
    QValueAxis *m_y = nullptr;
    double m_total = 0;
};

} // namespace bb::plugins::loadtest
