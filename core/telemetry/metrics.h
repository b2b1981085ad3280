// bb::telemetry — a metrics registry (counters, gauges, histograms with labels) rendered as
// Prometheus text format 0.0.4. Updates are lock-free once a series exists.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace bb::telemetry {

/// A monotonically increasing value.
class Counter {
public:
    void inc(std::uint64_t n = 1) { m_value.fetch_add(n, std::memory_order_relaxed); }
    std::uint64_t value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> m_value{0};
};

/// A value that goes up and down.
class Gauge {
public:
    void set(double v) { m_value.store(v, std::memory_order_relaxed); }
    void add(double v);
    double value() const { return m_value.load(std::memory_order_relaxed); }

private:
    std::atomic<double> m_value{0};
};

/// Cumulative buckets with fixed upper bounds (in the metric's unit, e.g. seconds).
class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double v);
    const std::vector<double> &bounds() const { return m_bounds; }
    /// Per-bucket (non-cumulative) counts; the last entry is +Inf.
    std::vector<std::uint64_t> bucketCounts() const;
    std::uint64_t count() const { return m_count.load(std::memory_order_relaxed); }
    double sum() const { return m_sum.load(std::memory_order_relaxed); }

private:
    std::vector<double> m_bounds;
    std::unique_ptr<std::atomic<std::uint64_t>[]> m_buckets;
    std::atomic<std::uint64_t> m_count{0};
    std::atomic<double> m_sum{0};
};

/// Latency buckets in seconds, from 0.5 ms to 10 s.
std::vector<double> defaultLatencyBuckets();

/// A metric name with its label names; series are created on first use of a label set.
template<typename T> class Family {
public:
    Family(std::string name, std::string help, std::vector<std::string> labelNames,
           std::function<std::unique_ptr<T>()> make)
        : m_name(std::move(name))
        , m_help(std::move(help))
        , m_labelNames(std::move(labelNames))
        , m_make(std::move(make))
    {}

    /// The series for `labelValues` (in label-name order), created when new. The reference
    /// stays valid for the registry's lifetime, so hot paths may cache it.
    T &with(const std::vector<std::string> &labelValues);
    /// Every series with its label values, sorted.
    std::vector<std::pair<std::vector<std::string>, const T *>> series() const;

    const std::string &name() const { return m_name; }
    const std::string &help() const { return m_help; }
    const std::vector<std::string> &labelNames() const { return m_labelNames; }

private:
    std::string m_name, m_help;
    std::vector<std::string> m_labelNames;
    std::function<std::unique_ptr<T>()> m_make;
    mutable std::shared_mutex m_mutex;
    std::map<std::vector<std::string>, std::unique_ptr<T>> m_series;
};

/// Owns every metric family and renders them. Families are registered at start-up.
class MetricsRegistry {
public:
    Family<Counter> &counter(const std::string &name, const std::string &help,
                             std::vector<std::string> labels = {});
    Family<Gauge> &gauge(const std::string &name, const std::string &help,
                         std::vector<std::string> labels = {});
    Family<Histogram> &histogram(const std::string &name, const std::string &help,
                                 std::vector<std::string> labels, std::vector<double> bounds);
    /// Gauges computed when scraped (process_*, in-flight from another owner).
    void addCollector(std::function<void(std::string &out)> collector);

    /// The Prometheus text exposition (version 0.0.4) of every family.
    std::string render() const;

private:
    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Family<Counter>>> m_counters;
    std::vector<std::unique_ptr<Family<Gauge>>> m_gauges;
    std::vector<std::unique_ptr<Family<Histogram>>> m_histograms;
    std::vector<std::function<void(std::string &)>> m_collectors;
};

/// Appends `value` in Prometheus number syntax (NaN, +Inf, -Inf, shortest round-trip).
void appendPromNumber(std::string &out, double value);
/// Appends `{a="x",b="y"}` with label values escaped (backslash, quote, newline).
void appendPromLabels(std::string &out, const std::vector<std::string> &names,
                      const std::vector<std::string> &values, const char *extraName = nullptr,
                      const std::string &extraValue = {});

template<typename T> T &Family<T>::with(const std::vector<std::string> &labelValues)
{
    {
        std::shared_lock lock(m_mutex);
        auto it = m_series.find(labelValues);
        if (it != m_series.end())
            return *it->second;
    }
    std::unique_lock lock(m_mutex);
    auto &slot = m_series[labelValues];
    if (!slot)
        slot = m_make();
    return *slot;
}

template<typename T>
std::vector<std::pair<std::vector<std::string>, const T *>> Family<T>::series() const
{
    std::shared_lock lock(m_mutex);
    std::vector<std::pair<std::vector<std::string>, const T *>> out;
    out.reserve(m_series.size());
    for (const auto &[labels, s] : m_series)
        out.emplace_back(labels, s.get());
    return out;
}

} // namespace bb::telemetry
