// bb::telemetry — the samples of one scrape target kept over a bounded time window, and the range
// queries a dashboard asks of them (sum of rates, histogram quantiles over time, gauges).
#pragma once

#include "telemetry/metric_math.h"
#include "telemetry/prometheus_selector.h"
#include "telemetry/prometheus_text.h"

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace bb::telemetry {

/// One series' points in a query answer.
struct SeriesPoints {
    prom::Labels labels; ///< sorted by name
    std::vector<TimedValue> points;
};

/// What the store knows of a metric family (for the explorer's list).
struct FamilyInfo {
    std::string name;
    std::string help;
    prom::MetricType type = prom::MetricType::Untyped;
    std::size_t seriesCount = 0;
};

/// Thread-safe: the scraper ingests on a worker while the GUI queries.
class ScrapeStore {
public:
    /// Points older than `windowMs` before the newest scrape are dropped; so is a series whose
    /// last point left the window. `maxPointsPerSeries` bounds memory whatever the interval.
    explicit ScrapeStore(std::int64_t windowMs = 3'600'000, std::size_t maxPointsPerSeries = 4096);

    void setWindow(std::int64_t windowMs);
    std::int64_t window() const;

    /// Adds every sample of one scrape at `scrapeMs` (the sample's own timestamp is ignored:
    /// points of one scrape share a time, so series line up for sums and ratios).
    void ingest(std::int64_t scrapeMs, const prom::Exposition &exposition);
    void clear();

    /// Families seen in the window, sorted by name.
    std::vector<FamilyInfo> families() const;
    FamilyInfo family(const std::string &name) const; ///< seriesCount 0 when unknown
    /// The times of the scrapes in the window, oldest first.
    std::vector<std::int64_t> scrapeTimes() const;
    /// Every series named exactly `sampleName` whose labels match.
    std::vector<SeriesPoints> select(const std::string &sampleName,
                                     const prom::Selector &selector = {}) const;
    bool has(const std::string &sampleName) const;
    std::size_t seriesCount() const;
    std::size_t pointCount() const;

private:
    struct Stored {
        std::string name;
        prom::Labels labels;
        std::deque<TimedValue> points;
    };
    void trimLocked(std::int64_t newestMs);
    /// The family a stored sample name belongs to (x_bucket → histogram x), or nullptr.
    FamilyInfo *familyOfLocked(const std::string &sampleName);

    mutable std::mutex m_mutex;
    std::int64_t m_windowMs;
    std::size_t m_maxPoints;
    std::map<std::string, Stored> m_series; ///< key: name{sorted labels}
    std::map<std::string, FamilyInfo> m_families;
    std::deque<std::int64_t> m_scrapes;
};

/// Range queries over a store, one answer point per scrape (the scrape interval is the step).
namespace scrape_query {

/// The sum over matching series of the rate between consecutive scrapes (PromQL:
/// sum(rate(name[step]))). Empty when the store has no such series.
std::vector<TimedValue> sumRate(const ScrapeStore &store, const std::string &name,
                                const prom::Selector &selector = {});
/// The rate between consecutive scrapes for each matching series.
std::vector<SeriesPoints> ratePerSeries(const ScrapeStore &store, const std::string &name,
                                        const prom::Selector &selector = {});
/// The sum of the matching series' values at each scrape (for gauges).
std::vector<TimedValue> sumValues(const ScrapeStore &store, const std::string &name,
                                  const prom::Selector &selector = {});
/// histogram_quantile(q, sum by (le) (rate(family_bucket[step]))): NaN steps (no observations)
/// are left out.
std::vector<TimedValue> quantile(const ScrapeStore &store, const std::string &family, double q,
                                 const prom::Selector &selector = {});
/// a / b where both have a point at the same time and b is not zero.
std::vector<TimedValue> ratio(const std::vector<TimedValue> &a, const std::vector<TimedValue> &b);
/// a + b at the times both have.
std::vector<TimedValue> add(const std::vector<TimedValue> &a, const std::vector<TimedValue> &b);

} // namespace scrape_query

} // namespace bb::telemetry
