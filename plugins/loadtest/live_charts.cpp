#include "live_charts.h"

#include "histogram_chart.h"
#include "time_chart.h"

#include <QGridLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace bb::plugins::loadtest {

LiveCharts::LiveCharts(QWidget *parent)
    : QWidget(parent)
    , m_rps(new TimeChart(tr("Requests per second"), QString(), this))
    , m_latency(new TimeChart(tr("Latency (corrected)"), QStringLiteral("ms"), this))
    , m_errors(new TimeChart(tr("Errors per second"), QString(), this))
    , m_connections(new TimeChart(tr("Active connections"), QString(), this))
    , m_server(new TimeChart(tr("The server's own view"), QStringLiteral("/s"), this))
    , m_histogram(new HistogramChart(this))
    , m_serverBox(new QWidget(this))
    , m_serverNote(new QLabel(this))
{
    setObjectName(QStringLiteral("liveCharts"));
    m_rps->addSeries(tr("achieved"), 0);
    m_rps->addSeries(tr("target"), 5, Qt::DashLine);
    m_latency->addSeries(QStringLiteral("p50"), 0);
    m_latency->addSeries(QStringLiteral("p95"), 1);
    m_latency->addSeries(QStringLiteral("p99"), 2);
    m_latency->addSeries(tr("p99 uncorrected"), 2, Qt::DashLine);
    m_errors->addSeries(tr("errors/s"), 3);
    m_connections->addSeries(tr("active"), 4);
    m_connections->addSeries(tr("planned"), 5, Qt::DashLine);
    m_server->addSeries(tr("engine req/s"), 0);
    m_server->addSeries(tr("engine p99 (ms)"), 2, Qt::SolidLine, true);
    m_server->setRightUnit(QStringLiteral("ms"));

    auto *serverLayout = new QVBoxLayout(m_serverBox);
    serverLayout->setContentsMargins(0, 0, 0, 0);
    serverLayout->addWidget(m_server, 1);
    m_serverNote->setWordWrap(true);
    m_serverNote->setForegroundRole(QPalette::PlaceholderText);
    serverLayout->addWidget(m_serverNote);

    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(4);
    grid->addWidget(m_rps, 0, 0);
    grid->addWidget(m_latency, 0, 1);
    grid->addWidget(m_errors, 1, 0);
    grid->addWidget(m_connections, 1, 1);
    grid->addWidget(m_histogram, 2, 0);
    grid->addWidget(m_serverBox, 2, 1);
    reset(false, false);
}

void LiveCharts::reset(bool openModel, bool serverView, double plannedSeconds)
{
    for (TimeChart *c : {m_rps, m_latency, m_errors, m_connections, m_server}) {
        c->setTimeSpan(plannedSeconds);
        c->clear();
    }
    m_histogram->clear();
    m_latency->setSeriesVisible(P99Uncorrected, openModel);
    // A sample's target is the schedule's rate in the open model and the planned connection
    // count in the closed one: each goes on the chart whose scale it shares.
    m_rps->setSeriesVisible(1, openModel);
    m_connections->setSeriesVisible(1, !openModel);
    m_serverBox->setVisible(serverView);
    m_serverNote->clear();
    m_lastT = 0;
}

void LiveCharts::appendOne(const bb::loadtest::Sample &s, double interval)
{
    m_rps->append(0, s.tSeconds, s.rps);
    m_rps->append(1, s.tSeconds, s.targetRate);
    m_latency->append(P50, s.tSeconds, s.corrected.p50Ms);
    m_latency->append(P95, s.tSeconds, s.corrected.p95Ms);
    m_latency->append(P99, s.tSeconds, s.corrected.p99Ms);
    m_latency->append(P99Uncorrected, s.tSeconds, s.uncorrected.p99Ms);
    m_errors->append(0, s.tSeconds, interval > 0 ? double(s.errors) / interval : 0);
    m_connections->append(0, s.tSeconds, s.activeConnections);
    m_connections->append(1, s.tSeconds, s.targetRate);
}

void LiveCharts::append(const std::vector<bb::loadtest::Sample> &samples)
{
    for (const auto &s : samples) {
        const double interval = s.tSeconds - m_lastT > 1e-6 ? s.tSeconds - m_lastT : 0.25;
        appendOne(s, interval);
        m_lastT = s.tSeconds;
    }
    rescaleAll();
}

void LiveCharts::setHistogram(const bb::loadtest::Histogram &histogram)
{
    m_histogram->setHistogram(histogram);
}

void LiveCharts::appendServerPoint(double t, double rps, double p99Ms)
{
    m_server->append(0, t, rps);
    m_server->append(1, t, p99Ms);
    m_server->rescale();
}

void LiveCharts::showRun(const std::vector<bb::loadtest::Sample> &samples,
                         const bb::loadtest::Histogram &histogram, bool openModel)
{
    const bool server = m_serverBox->isVisible() && m_server->pointCount(0) > 0;
    QList<QPointF> serverRps = m_server->points(0), serverP99 = m_server->points(1);
    reset(openModel, server);
    if (server) {
        m_server->setPoints(0, serverRps);
        m_server->setPoints(1, serverP99);
        m_server->rescale();
    }
    append(samples);
    setHistogram(histogram);
}

void LiveCharts::setServerNote(const QString &text)
{
    m_serverNote->setText(text);
}

void LiveCharts::rescaleAll()
{
    for (TimeChart *c : {m_rps, m_latency, m_errors, m_connections})
        c->rescale();
}

} // namespace bb::plugins::loadtest
