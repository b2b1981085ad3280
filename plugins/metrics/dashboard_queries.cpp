#include "dashboard_queries.h"

#include <QCoreApplication>
#include <QStringList>

namespace bb::plugins::metrics {

namespace sq = telemetry::scrape_query;
using telemetry::ScrapeStore;
using telemetry::prom::Selector;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("bb::plugins::metrics::Dashboard", text);
}

/// The first of `names` the store has, or empty.
std::string firstPresent(const ScrapeStore &store, std::initializer_list<const char *> names,
                         const char *suffix = "")
{
    for (const char *n : names) {
        if (store.has(std::string(n) + suffix))
            return n;
    }
    return {};
}

QString lookedFor(std::initializer_list<const char *> names)
{
    QStringList list;
    for (const char *n : names)
        list << QString::fromLatin1(n);
    return tr("reads %1").arg(list.join(QStringLiteral(", ")));
}

Selector matcher(const std::string &text)
{
    auto parsed = Selector::parse(text);
    return std::holds_alternative<Selector>(parsed) ? std::get<Selector>(std::move(parsed))
                                                    : Selector();
}

/// Fills emptyText when the chart found its metrics but has no point yet.
void finish(ChartData &chart, const ScrapeStore &store)
{
    if (chart.emptyText.isEmpty() && !chart.hasPoints())
        chart.emptyText = noPointsText(store);
}

ChartData missing(QString id, QString title, ChartUnit unit, QString note)
{
    ChartData c;
    c.id = std::move(id);
    c.title = std::move(title);
    c.unit = unit;
    c.emptyText = notExportedText();
    c.note = std::move(note);
    return c;
}

const std::initializer_list<const char *> kRequestCounters{
    "http_requests_total", "http_server_requests_total", "prometheus_http_requests_total",
    "promhttp_metric_handler_requests_total"};
const std::initializer_list<const char *> kLatencyHistograms{
    "http_request_duration_seconds", "http_server_request_duration_seconds",
    "http_server_requests_seconds", "prometheus_http_request_duration_seconds"};
const std::initializer_list<const char *> kInFlightGauges{
    "http_requests_in_flight", "http_server_active_requests",
    "promhttp_metric_handler_requests_in_flight"};
const std::initializer_list<const char *> kStatusLabels{"status", "code", "status_code"};

ChartData quantiles(const ScrapeStore &store, QString id, QString title,
                    std::initializer_list<const char *> families)
{
    const std::string family = firstPresent(store, families, "_bucket");
    if (family.empty())
        return missing(std::move(id), std::move(title), ChartUnit::Seconds, lookedFor(families));
    ChartData c;
    c.id = std::move(id);
    c.title = std::move(title);
    c.unit = ChartUnit::Seconds;
    c.note = QString::fromStdString(family);
    for (const auto &[name, q] : {std::pair{"p50", 0.5}, {"p95", 0.95}, {"p99", 0.99}})
        c.lines.push_back({QString::fromLatin1(name), sq::quantile(store, family, q)});
    finish(c, store);
    return c;
}

} // namespace

QString noPointsText(const ScrapeStore &store)
{
    return store.scrapeTimes().size() < 2 ? tr("No data yet: rates and quantiles need two scrapes")
                                          : tr("Nothing observed between the scrapes so far");
}

QString notExportedText()
{
    return tr("Not exported by this target");
}

std::vector<ChartData> redDashboard(const ScrapeStore &store)
{
    std::vector<ChartData> out;

    const std::string requests = firstPresent(store, kRequestCounters);
    if (requests.empty()) {
        out.push_back(missing(QStringLiteral("requestRate"), tr("Request rate"),
                              ChartUnit::PerSecond, lookedFor(kRequestCounters)));
        out.push_back(missing(QStringLiteral("errorRate"), tr("Errors (5xx share)"),
                              ChartUnit::Ratio, lookedFor(kRequestCounters)));
    } else {
        const auto total = sq::sumRate(store, requests);
        ChartData rate{QStringLiteral("requestRate"),
                       tr("Request rate"),
                       ChartUnit::PerSecond,
                       {{tr("requests"), total}},
                       {},
                       QString::fromStdString(requests)};
        finish(rate, store);
        out.push_back(std::move(rate));

        // The status label's name differs between exporters.
        std::string statusLabel;
        for (const auto &series : store.select(requests)) {
            for (const char *l : kStatusLabels) {
                if (telemetry::prom::findLabel(series.labels, l)) {
                    statusLabel = l;
                    break;
                }
            }
            if (!statusLabel.empty())
                break;
        }
        ChartData errors{
            QStringLiteral("errorRate"), tr("Errors (5xx share)"), ChartUnit::Ratio, {}, {}, {}};
        if (statusLabel.empty()) {
            errors.emptyText = tr("%1 has no status label").arg(QString::fromStdString(requests));
        } else {
            const auto failed =
                sq::sumRate(store, requests, matcher("{" + statusLabel + "=~\"5..\"}"));
            // A step with requests but no 5xx series yet is a 0 % share, not a gap.
            std::vector<telemetry::TimedValue> share;
            std::size_t j = 0;
            for (const auto &p : total) {
                while (j < failed.size() && failed[j].tMs < p.tMs)
                    ++j;
                const double bad =
                    j < failed.size() && failed[j].tMs == p.tMs ? failed[j].value : 0;
                if (p.value > 0)
                    share.push_back({p.tMs, bad / p.value});
            }
            errors.lines.push_back({tr("5xx"), std::move(share)});
            errors.note =
                QStringLiteral("%1{%2=~\"5..\"} / all")
                    .arg(QString::fromStdString(requests), QString::fromStdString(statusLabel));
        }
        finish(errors, store);
        out.push_back(std::move(errors));
    }

    out.push_back(quantiles(store, QStringLiteral("latency"), tr("Latency"), kLatencyHistograms));

    const std::string inFlight = firstPresent(store, kInFlightGauges);
    if (inFlight.empty()) {
        out.push_back(missing(QStringLiteral("inFlight"), tr("In-flight requests"),
                              ChartUnit::Plain, lookedFor(kInFlightGauges)));
    } else {
        ChartData c{QStringLiteral("inFlight"),
                    tr("In-flight requests"),
                    ChartUnit::Plain,
                    {{tr("in flight"), sq::sumValues(store, inFlight)}},
                    {},
                    QString::fromStdString(inFlight)};
        finish(c, store);
        out.push_back(std::move(c));
    }

    if (!store.has("process_cpu_seconds_total")) {
        out.push_back(missing(QStringLiteral("cpu"), tr("Process CPU"), ChartUnit::Cores,
                              lookedFor({"process_cpu_seconds_total"})));
    } else {
        ChartData c{QStringLiteral("cpu"),
                    tr("Process CPU"),
                    ChartUnit::Cores,
                    {{tr("CPU"), sq::sumRate(store, "process_cpu_seconds_total")}},
                    {},
                    tr("rate(process_cpu_seconds_total), 100 % = one core")};
        finish(c, store);
        out.push_back(std::move(c));
    }

    if (!store.has("process_resident_memory_bytes")) {
        out.push_back(missing(QStringLiteral("rss"), tr("Process memory (RSS)"), ChartUnit::Bytes,
                              lookedFor({"process_resident_memory_bytes"})));
    } else {
        ChartData c{QStringLiteral("rss"),
                    tr("Process memory (RSS)"),
                    ChartUnit::Bytes,
                    {{tr("RSS"), sq::sumValues(store, "process_resident_memory_bytes")}},
                    {},
                    QStringLiteral("process_resident_memory_bytes")};
        finish(c, store);
        out.push_back(std::move(c));
    }

    out.push_back(quantiles(store, QStringLiteral("dbQuery"), tr("DB query time"),
                            {"db_query_duration_seconds"}));

    if (!store.has("cache_hits_total") || !store.has("cache_misses_total")) {
        out.push_back(missing(QStringLiteral("cacheHitRatio"), tr("Cache hit ratio"),
                              ChartUnit::Ratio,
                              lookedFor({"cache_hits_total", "cache_misses_total"})));
    } else {
        const auto hits = sq::sumRate(store, "cache_hits_total");
        const auto lookups = sq::add(hits, sq::sumRate(store, "cache_misses_total"));
        ChartData c{QStringLiteral("cacheHitRatio"),
                    tr("Cache hit ratio"),
                    ChartUnit::Ratio,
                    {{tr("hits"), sq::ratio(hits, lookups)}},
                    {},
                    tr("hits / (hits + misses); no point while nothing was looked up")};
        finish(c, store);
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace bb::plugins::metrics
