#include "explorer_view.h"

#include "explorer_query.h"
#include "metric_chart.h"

#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace bb::plugins::metrics {

namespace {
constexpr int kHelpRole = Qt::UserRole + 1;
constexpr int kTypeRole = Qt::UserRole + 2;
} // namespace

ExplorerView::ExplorerView(QWidget *parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_list(new QListView(this))
    , m_model(new QStandardItemModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_help(new QLabel(this))
    , m_filter(new QLineEdit(this))
    , m_filterStatus(new QLabel(this))
    , m_chart(new MetricChart(this))
    , m_png(new QPushButton(tr("Export PNG…"), this))
    , m_csv(new QPushButton(tr("Export CSV…"), this))
{
    m_search->setObjectName(QStringLiteral("metricSearch"));
    m_search->setPlaceholderText(tr("Search metrics and their help…"));
    m_search->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("metricList"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(kHelpRole); // the help role holds "name help" so both are searched
    m_list->setModel(m_proxy);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setUniformItemSizes(true);
    m_help->setWordWrap(true);
    m_help->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_filter->setObjectName(QStringLiteral("labelFilter"));
    m_filter->setPlaceholderText(tr("Label filter, e.g. {method=\"GET\",status=~\"5..\"}"));
    m_filter->setClearButtonEnabled(true);
    m_filterStatus->setObjectName(QStringLiteral("filterStatus"));
    m_chart->setObjectName(QStringLiteral("explorerChart"));
    m_chart->setMinimumHeight(260);
    m_png->setObjectName(QStringLiteral("explorerExportPng"));
    m_csv->setObjectName(QStringLiteral("explorerExportCsv"));

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_search);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addWidget(m_help);

    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_filter);
    rightLayout->addWidget(m_filterStatus);
    rightLayout->addWidget(m_chart, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_png);
    buttons->addWidget(m_csv);
    rightLayout->addLayout(buttons);

    auto *split = new QSplitter(this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(1, 1);
    split->setSizes({300, 700});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);

    connect(m_search, &QLineEdit::textChanged, m_proxy,
            [this](const QString &text) { m_proxy->setFilterFixedString(text); });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (!current.isValid())
                    return;
                const QString name = current.data(Qt::DisplayRole).toString();
                if (name == m_metric)
                    return;
                m_metric = name;
                redraw();
                emit selectionChanged();
            });
    connect(m_filter, &QLineEdit::textChanged, this, [this] {
        redraw();
        emit selectionChanged();
    });
    connect(m_chart, &MetricChart::pointClicked, this, &ExplorerView::pointClicked);
    connect(m_chart, &MetricChart::exportPngRequested, this,
            [this] { emit exportPngRequested(m_chart); });
    connect(m_chart, &MetricChart::exportCsvRequested, this,
            [this] { emit exportCsvRequested(m_chart); });
    connect(m_png, &QPushButton::clicked, this, [this] { emit exportPngRequested(m_chart); });
    connect(m_csv, &QPushButton::clicked, this, [this] { emit exportCsvRequested(m_chart); });
    redraw();
}

void ExplorerView::refresh(const telemetry::ScrapeStore &store)
{
    m_store = &store;
    rebuildList(store.families());
    redraw();
}

void ExplorerView::setTimeWindowMs(qint64 ms)
{
    m_chart->setTimeWindowMs(ms);
}

void ExplorerView::setMetric(const QString &family)
{
    m_metric = family;
    const QModelIndexList found =
        m_proxy->match(m_proxy->index(0, 0), Qt::DisplayRole, family, 1, Qt::MatchExactly);
    if (!found.isEmpty())
        m_list->setCurrentIndex(found.first());
    redraw();
}

void ExplorerView::setFilter(const QString &text)
{
    m_filter->setText(text);
}

QString ExplorerView::filter() const
{
    return m_filter->text();
}

int ExplorerView::visibleFamilyCount() const
{
    return m_proxy->rowCount();
}

void ExplorerView::rebuildList(const std::vector<telemetry::FamilyInfo> &families)
{
    std::vector<std::string> names;
    names.reserve(families.size());
    for (const auto &f : families)
        names.push_back(f.name);
    if (names == m_listed)
        return;
    m_listed = std::move(names);
    m_model->clear();
    for (const auto &f : families) {
        auto *item = new QStandardItem(QString::fromStdString(f.name));
        const QString help = QString::fromStdString(f.help);
        const QString type = QString::fromLatin1(telemetry::prom::typeName(f.type));
        item->setData(QString::fromStdString(f.name) + QLatin1Char(' ') + help, kHelpRole);
        item->setData(type, kTypeRole);
        item->setToolTip(QStringLiteral("<b>%1</b> (%2)<br>%3")
                             .arg(item->text().toHtmlEscaped(), type, help.toHtmlEscaped()));
        m_model->appendRow(item);
    }
    if (!m_metric.isEmpty()) {
        const QString keep = m_metric;
        const QSignalBlocker block(m_list->selectionModel());
        const QModelIndexList found =
            m_proxy->match(m_proxy->index(0, 0), Qt::DisplayRole, keep, 1, Qt::MatchExactly);
        if (!found.isEmpty())
            m_list->setCurrentIndex(found.first());
    }
}

void ExplorerView::redraw()
{
    const QString filterText = m_filter->text();
    auto parsed = telemetry::prom::Selector::parse(filterText.toStdString());
    m_filterError.clear();
    telemetry::prom::Selector selector;
    if (auto *error = std::get_if<telemetry::prom::SelectorError>(&parsed)) {
        // The position counts bytes; for the ASCII a selector is written in, that is the column.
        m_filterError = tr("Column %1: %2")
                            .arg(error->position + 1)
                            .arg(QString::fromStdString(error->message));
    } else {
        selector = std::get<telemetry::prom::Selector>(std::move(parsed));
    }

    if (m_metric.isEmpty() || !m_store) {
        ChartData empty;
        empty.id = QStringLiteral("explorer");
        empty.title = tr("Metric explorer");
        empty.emptyText =
            m_store ? tr("Pick a metric on the left") : tr("Waiting for the first scrape");
        m_chart->setData(std::move(empty));
    } else if (!m_filterError.isEmpty()) {
        ChartData bad;
        bad.id = QStringLiteral("explorer");
        bad.title = m_metric;
        bad.emptyText = tr("Fix the label filter to chart %1").arg(m_metric);
        m_chart->setData(std::move(bad));
    } else {
        m_chart->setData(exploreMetric(*m_store, m_metric.toStdString(), selector));
    }
    // One line under the filter: the filter's error in red, or what the chart is drawing.
    m_filterStatus->setText(m_filterError.isEmpty() ? m_chart->data().note : m_filterError);
    QPalette pal = palette();
    if (!m_filterError.isEmpty())
        pal.setColor(QPalette::WindowText, QColor(0xc0, 0x39, 0x2b));
    else
        pal.setColor(QPalette::WindowText, pal.color(QPalette::Disabled, QPalette::Text));
    m_filterStatus->setPalette(pal);
    const QModelIndex current = m_list->currentIndex();
    m_help->setText(current.isValid() && current.data(Qt::DisplayRole).toString() == m_metric
                        ? current.data(Qt::ToolTipRole).toString()
                        : QString());
    m_png->setEnabled(m_chart->data().hasPoints());
    m_csv->setEnabled(m_chart->data().hasPoints());
}

} // namespace bb::plugins::metrics
