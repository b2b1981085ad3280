#include "telemetry/metrics.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bb::telemetry {

void Gauge::add(double v)
{
    double cur = m_value.load(std::memory_order_relaxed);
    while (!m_value.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {
    }
}

Histogram::Histogram(std::vector<double> bounds)
    : m_bounds(std::move(bounds))
    , m_buckets(new std::atomic<std::uint64_t>[m_bounds.size() + 1])
{
    std::sort(m_bounds.begin(), m_bounds.end());
    for (std::size_t i = 0; i <= m_bounds.size(); ++i)
        m_buckets[i].store(0, std::memory_order_relaxed);
}

void Histogram::observe(double v)
{
    const auto it = std::lower_bound(m_bounds.begin(), m_bounds.end(), v);
    m_buckets[std::size_t(it - m_bounds.begin())].fetch_add(1, std::memory_order_relaxed);
    m_count.fetch_add(1, std::memory_order_relaxed);
    double cur = m_sum.load(std::memory_order_relaxed);
    while (!m_sum.compare_exchange_weak(cur, cur + v, std::memory_order_relaxed)) {
    }
}

std::vector<std::uint64_t> Histogram::bucketCounts() const
{
    std::vector<std::uint64_t> out(m_bounds.size() + 1);
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = m_buckets[i].load(std::memory_order_relaxed);
    return out;
}

std::vector<double> defaultLatencyBuckets()
{
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

Family<Counter> &MetricsRegistry::counter(const std::string &name, const std::string &help,
                                          std::vector<std::string> labels)
{
    std::lock_guard lock(m_mutex);
    m_counters.push_back(std::make_unique<Family<Counter>>(
        name, help, std::move(labels), [] { return std::make_unique<Counter>(); }));
    return *m_counters.back();
}

Family<Gauge> &MetricsRegistry::gauge(const std::string &name, const std::string &help,
                                      std::vector<std::string> labels)
{
    std::lock_guard lock(m_mutex);
    m_gauges.push_back(std::make_unique<Family<Gauge>>(name, help, std::move(labels),
                                                       [] { return std::make_unique<Gauge>(); }));
    return *m_gauges.back();
}

Family<Histogram> &MetricsRegistry::histogram(const std::string &name, const std::string &help,
                                              std::vector<std::string> labels,
                                              std::vector<double> bounds)
{
    std::lock_guard lock(m_mutex);
    m_histograms.push_back(std::make_unique<Family<Histogram>>(
        name, help, std::move(labels), [bounds] { return std::make_unique<Histogram>(bounds); }));
    return *m_histograms.back();
}

void MetricsRegistry::addCollector(std::function<void(std::string &)> collector)
{
    std::lock_guard lock(m_mutex);
    m_collectors.push_back(std::move(collector));
}

void appendPromNumber(std::string &out, double value)
{
    if (std::isnan(value)) {
        out += "NaN";
    } else if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
    } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
        out += std::to_string(static_cast<long long>(value));
    } else {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", value);
        // Prefer the shortest representation that round-trips.
        for (int prec = 1; prec <= 17; ++prec) {
            char shorter[32];
            std::snprintf(shorter, sizeof shorter, "%.*g", prec, value);
            if (std::strtod(shorter, nullptr) == value) {
                out += shorter;
                return;
            }
        }
        out += buf;
    }
}

namespace {
void appendEscaped(std::string &out, const std::string &v, bool quoteToo)
{
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '"' && quoteToo)
            out += "\\\"";
        else
            out.push_back(c);
    }
}

void appendHeader(std::string &out, const std::string &name, const std::string &help,
                  const char *type)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    appendEscaped(out, help, false);
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}
} // namespace

void appendPromLabels(std::string &out, const std::vector<std::string> &names,
                      const std::vector<std::string> &values, const char *extraName,
                      const std::string &extraValue)
{
    if (names.empty() && !extraName)
        return;
    out += '{';
    bool first = true;
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
        if (!first)
            out += ',';
        first = false;
        out += names[i];
        out += "=\"";
        appendEscaped(out, values[i], true);
        out += '"';
    }
    if (extraName) {
        if (!first)
            out += ',';
        out += extraName;
        out += "=\"";
        appendEscaped(out, extraValue, true);
        out += '"';
    }
    out += '}';
}

std::string MetricsRegistry::render() const
{
    std::lock_guard lock(m_mutex);
    std::string out;
    out.reserve(8192);
    for (const auto &f : m_counters) {
        appendHeader(out, f->name(), f->help(), "counter");
        for (const auto &[labels, c] : f->series()) {
            out += f->name();
            appendPromLabels(out, f->labelNames(), labels);
            out += ' ';
            out += std::to_string(c->value());
            out += '\n';
        }
    }
    for (const auto &f : m_gauges) {
        appendHeader(out, f->name(), f->help(), "gauge");
        for (const auto &[labels, g] : f->series()) {
            out += f->name();
            appendPromLabels(out, f->labelNames(), labels);
            out += ' ';
            appendPromNumber(out, g->value());
            out += '\n';
        }
    }
    for (const auto &f : m_histograms) {
        appendHeader(out, f->name(), f->help(), "histogram");
        for (const auto &[labels, h] : f->series()) {
            const auto counts = h->bucketCounts();
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i < counts.size(); ++i) {
                cumulative += counts[i];
                std::string le;
                if (i < h->bounds().size())
                    appendPromNumber(le, h->bounds()[i]);
                else
                    le = "+Inf";
                out += f->name();
                out += "_bucket";
                appendPromLabels(out, f->labelNames(), labels, "le", le);
                out += ' ';
                out += std::to_string(cumulative);
                out += '\n';
            }
            out += f->name();
            out += "_sum";
            appendPromLabels(out, f->labelNames(), labels);
            out += ' ';
            appendPromNumber(out, h->sum());
            out += '\n';
            out += f->name();
            out += "_count";
            appendPromLabels(out, f->labelNames(), labels);
            out += ' ';
            out += std::to_string(cumulative);
            out += '\n';
        }
    }
    for (const auto &collect : m_collectors)
        collect(out);
    return out;
}

} // namespace bb::telemetry
