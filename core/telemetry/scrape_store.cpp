#include "telemetry/scrape_store.h"

#include <algorithm>
#include <cmath>

namespace bb::telemetry {

namespace {
std::string seriesKey(const std::string &name, const prom::Labels &sorted)
{
    std::string key = name;
    key += '{';
    for (const prom::Label &l : sorted) {
        key += l.name;
        key += '=';
        // Length-prefixed, so a value holding ',' or '=' cannot make two label sets collide.
        key += std::to_string(l.value.size());
        key += ':';
        key += l.value;
        key += ',';
    }
    key += '}';
    return key;
}
} // namespace

ScrapeStore::ScrapeStore(std::int64_t windowMs, std::size_t maxPointsPerSeries)
    : m_windowMs(windowMs)
    , m_maxPoints(std::max<std::size_t>(2, maxPointsPerSeries))
{}

void ScrapeStore::setWindow(std::int64_t windowMs)
{
    std::lock_guard lock(m_mutex);
    m_windowMs = windowMs;
    if (!m_scrapes.empty())
        trimLocked(m_scrapes.back());
}

std::int64_t ScrapeStore::window() const
{
    std::lock_guard lock(m_mutex);
    return m_windowMs;
}

void ScrapeStore::ingest(std::int64_t scrapeMs, const prom::Exposition &exposition)
{
    std::lock_guard lock(m_mutex);
    if (!m_scrapes.empty() && scrapeMs <= m_scrapes.back())
        scrapeMs = m_scrapes.back() + 1; // a clock step back must not reorder points
    m_scrapes.push_back(scrapeMs);
    for (const prom::MetricFamily &f : exposition.families) {
        FamilyInfo &info = m_families[f.name];
        info.name = f.name;
        if (!f.help.empty())
            info.help = f.help;
        info.type = f.type;
        for (const prom::Sample &s : f.samples) {
            prom::Labels sorted = s.labels;
            std::sort(sorted.begin(), sorted.end(),
                      [](const prom::Label &a, const prom::Label &b) { return a.name < b.name; });
            auto [it, inserted] = m_series.try_emplace(seriesKey(s.name, sorted));
            Stored &stored = it->second;
            if (inserted) {
                stored.name = s.name;
                stored.labels = std::move(sorted);
            }
            stored.points.push_back({scrapeMs, s.value});
        }
    }
    trimLocked(scrapeMs);
}

void ScrapeStore::trimLocked(std::int64_t newestMs)
{
    const std::int64_t oldest = newestMs - m_windowMs;
    while (!m_scrapes.empty() && m_scrapes.front() < oldest)
        m_scrapes.pop_front();
    for (auto it = m_series.begin(); it != m_series.end();) {
        auto &points = it->second.points;
        while (!points.empty() && (points.front().tMs < oldest || points.size() > m_maxPoints))
            points.pop_front();
        it = points.empty() ? m_series.erase(it) : std::next(it);
    }
    // Recount series per family from what is left.
    for (auto &[name, info] : m_families)
        info.seriesCount = 0;
    for (const auto &[key, s] : m_series) {
        if (FamilyInfo *f = familyOfLocked(s.name))
            ++f->seriesCount;
    }
    for (auto it = m_families.begin(); it != m_families.end();)
        it = it->second.seriesCount == 0 ? m_families.erase(it) : std::next(it);
}

FamilyInfo *ScrapeStore::familyOfLocked(const std::string &sampleName)
{
    if (auto it = m_families.find(sampleName); it != m_families.end())
        return &it->second;
    for (std::string_view suffix : {"_bucket", "_sum", "_count"}) {
        if (sampleName.size() <= suffix.size() ||
            sampleName.compare(sampleName.size() - suffix.size(), suffix.size(), suffix) != 0)
            continue;
        auto it = m_families.find(sampleName.substr(0, sampleName.size() - suffix.size()));
        if (it != m_families.end() && (it->second.type == prom::MetricType::Histogram ||
                                       it->second.type == prom::MetricType::Summary))
            return &it->second;
    }
    return nullptr;
}

void ScrapeStore::clear()
{
    std::lock_guard lock(m_mutex);
    m_series.clear();
    m_families.clear();
    m_scrapes.clear();
}

std::vector<FamilyInfo> ScrapeStore::families() const
{
    std::lock_guard lock(m_mutex);
    std::vector<FamilyInfo> out;
    out.reserve(m_families.size());
    for (const auto &[name, info] : m_families)
        out.push_back(info);
    return out;
}

FamilyInfo ScrapeStore::family(const std::string &name) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_families.find(name);
    return it == m_families.end() ? FamilyInfo{name, {}, prom::MetricType::Untyped, 0} : it->second;
}

std::vector<std::int64_t> ScrapeStore::scrapeTimes() const
{
    std::lock_guard lock(m_mutex);
    return {m_scrapes.begin(), m_scrapes.end()};
}

std::vector<SeriesPoints> ScrapeStore::select(const std::string &sampleName,
                                              const prom::Selector &selector) const
{
    std::lock_guard lock(m_mutex);
    std::vector<SeriesPoints> out;
    const std::string prefix = sampleName + '{';
    for (auto it = m_series.lower_bound(prefix);
         it != m_series.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
        if (!selector.matches(it->second.labels))
            continue;
        out.push_back({it->second.labels, {it->second.points.begin(), it->second.points.end()}});
    }
    return out;
}

bool ScrapeStore::has(const std::string &sampleName) const
{
    std::lock_guard lock(m_mutex);
    const std::string prefix = sampleName + '{';
    auto it = m_series.lower_bound(prefix);
    return it != m_series.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::size_t ScrapeStore::seriesCount() const
{
    std::lock_guard lock(m_mutex);
    return m_series.size();
}

std::size_t ScrapeStore::pointCount() const
{
    std::lock_guard lock(m_mutex);
    std::size_t n = 0;
    for (const auto &[key, s] : m_series)
        n += s.points.size();
    return n;
}

namespace scrape_query {

namespace {
/// Points of one store share the scrape times, so sums are indexed by scrape rather than kept
/// in a map keyed by time: summing 5,000 series over an hour stays in the tens of milliseconds.
std::vector<TimedValue> sumByTime(const std::vector<SeriesPoints> &series,
                                  const std::vector<std::int64_t> &times)
{
    std::vector<double> sums(times.size(), 0.0);
    std::vector<char> present(times.size(), 0);
    for (const SeriesPoints &s : series) {
        auto from = times.begin();
        for (const TimedValue &p : s.points) {
            from = std::lower_bound(from, times.end(), p.tMs);
            if (from == times.end() || *from != p.tMs)
                continue; // cannot happen: every point was stored at a scrape time
            const std::size_t i = std::size_t(from - times.begin());
            sums[i] += p.value;
            present[i] = 1;
        }
    }
    std::vector<TimedValue> out;
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (present[i])
            out.push_back({times[i], sums[i]});
    }
    return out;
}

template<typename Op>
std::vector<TimedValue> combine(const std::vector<TimedValue> &a, const std::vector<TimedValue> &b,
                                Op op)
{
    std::vector<TimedValue> out;
    std::size_t j = 0;
    for (const TimedValue &p : a) {
        while (j < b.size() && b[j].tMs < p.tMs)
            ++j;
        if (j < b.size() && b[j].tMs == p.tMs) {
            const double v = op(p.value, b[j].value);
            if (!std::isnan(v))
                out.push_back({p.tMs, v});
        }
    }
    return out;
}
} // namespace

std::vector<SeriesPoints> ratePerSeries(const ScrapeStore &store, const std::string &name,
                                        const prom::Selector &selector)
{
    std::vector<SeriesPoints> out = store.select(name, selector);
    for (SeriesPoints &s : out)
        s.points = stepRates(s.points);
    return out;
}

std::vector<TimedValue> sumRate(const ScrapeStore &store, const std::string &name,
                                const prom::Selector &selector)
{
    const std::vector<std::int64_t> times = store.scrapeTimes();
    return sumByTime(ratePerSeries(store, name, selector), times);
}

std::vector<TimedValue> sumValues(const ScrapeStore &store, const std::string &name,
                                  const prom::Selector &selector)
{
    const std::vector<std::int64_t> times = store.scrapeTimes();
    return sumByTime(store.select(name, selector), times);
}

std::vector<TimedValue> quantile(const ScrapeStore &store, const std::string &family, double q,
                                 const prom::Selector &selector)
{
    // sum by (le): the rates of every matching bucket series with the same bound, per step.
    const std::vector<std::int64_t> times = store.scrapeTimes();
    std::vector<std::map<double, double>> steps(times.size());
    for (const SeriesPoints &s : ratePerSeries(store, family + "_bucket", selector)) {
        const std::string *le = prom::findLabel(s.labels, "le");
        const auto bound = le ? prom::parseValue(*le) : std::nullopt;
        if (!bound)
            continue;
        auto from = times.begin();
        for (const TimedValue &p : s.points) {
            from = std::lower_bound(from, times.end(), p.tMs);
            if (from != times.end() && *from == p.tMs)
                steps[std::size_t(from - times.begin())][*bound] += p.value;
        }
    }
    std::vector<TimedValue> out;
    std::vector<BucketCount> counts;
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (steps[i].empty())
            continue;
        counts.clear();
        for (const auto &[bound, count] : steps[i])
            counts.push_back({bound, count});
        const double v = histogramQuantile(q, counts);
        if (!std::isnan(v))
            out.push_back({times[i], v});
    }
    return out;
}

std::vector<TimedValue> ratio(const std::vector<TimedValue> &a, const std::vector<TimedValue> &b)
{
    return combine(a, b, [](double x, double y) {
        return y == 0 ? std::numeric_limits<double>::quiet_NaN() : x / y;
    });
}

std::vector<TimedValue> add(const std::vector<TimedValue> &a, const std::vector<TimedValue> &b)
{
    return combine(a, b, [](double x, double y) { return x + y; });
}

} // namespace scrape_query

} // namespace bb::telemetry
