// bb::plugins::metrics — the metric explorer: a searchable list of every scraped family (with its
// HELP text), a label filter in PromQL matcher syntax, and the chart of what they select.
#pragma once

#include "telemetry/scrape_store.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
class QSortFilterProxyModel;
class QStandardItemModel;

namespace bb::plugins::metrics {

class MetricChart;

class ExplorerView : public QWidget {
    Q_OBJECT
public:
    explicit ExplorerView(QWidget *parent = nullptr);

    /// Updates the family list (keeping the selection) and the chart.
    void refresh(const telemetry::ScrapeStore &store);
    void setTimeWindowMs(qint64 ms);

    /// Selects `family` (kept even before the store has it, so a restored choice survives the
    /// first scrapes).
    void setMetric(const QString &family);
    QString metric() const { return m_metric; }
    void setFilter(const QString &text);
    QString filter() const;
    /// Why the filter does not parse ("position N: …"), or empty.
    QString filterError() const { return m_filterError; }

    MetricChart *chart() const { return m_chart; }
    QLineEdit *searchEdit() const { return m_search; }
    QListView *list() const { return m_list; }
    int visibleFamilyCount() const;

signals:
    void pointClicked(qint64 tMs);
    void exportPngRequested(bb::plugins::metrics::MetricChart *chart);
    void exportCsvRequested(bb::plugins::metrics::MetricChart *chart);
    /// The metric or the filter changed (the panel saves them).
    void selectionChanged();

private:
    void rebuildList(const std::vector<telemetry::FamilyInfo> &families);
    void redraw();

    const telemetry::ScrapeStore *m_store = nullptr;
    QLineEdit *m_search;
    QListView *m_list;
    QStandardItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLabel *m_help;
    QLineEdit *m_filter;
    QLabel *m_filterStatus;
    MetricChart *m_chart;
    QPushButton *m_png;
    QPushButton *m_csv;
    QString m_metric;
    QString m_filterError;
    std::vector<std::string> m_listed; ///< family names in the model, to skip needless rebuilds
};

} // namespace bb::plugins::metrics
