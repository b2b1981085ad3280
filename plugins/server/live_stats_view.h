// bb::plugins::server — the live numbers (uptime, rate, errors, latency, connections) and latency
// chart.
#pragma once

#include <QHash>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace bb::plugins::server {

class LiveStatsModel;
class LatencyChart;

class LiveStatsView : public QWidget {
    Q_OBJECT
public:
    explicit LiveStatsView(LiveStatsModel *model, QWidget *parent = nullptr);

    /// The value label of a tile ("uptime", "rps", "errors", "p50", "p95", "p99", "connections",
    /// "inflight"), for tests.
    QLabel *tile(const QString &key) const { return m_values.value(key); }

protected:
    void changeEvent(QEvent *event) override;

private:
    void addTile(QGridLayout *grid, const QString &key, const QString &caption, int row,
                 int column);
    void refresh();
    void applyPalette();

    LiveStatsModel *m_model;
    LatencyChart *m_chart = nullptr;
    QHash<QString, QLabel *> m_values;
    QList<QLabel *> m_captions;
};

} // namespace bb::plugins::server
