#include "loadtest/histogram.h"

#include <algorithm>
#include <cmath>

namespace bb::loadtest {

void Histogram::recordCount(std::int64_t us, std::uint64_t n)
{
    if (n == 0)
        return;
    us = std::clamp<std::int64_t>(us, 0, hdr::kHighestUs);
    m_counts[hdr::indexOf(us)] += n;
    if (m_total == 0 || us < m_min)
        m_min = us;
    if (m_total == 0 || us > m_max)
        m_max = us;
    m_total += n;
    m_sum += us * std::int64_t(n);
}

void Histogram::merge(const Histogram &other)
{
    if (other.m_total == 0)
        return;
    // Only the range between the other's min and max can hold counts: a merge of a short
    // interval touches a few hundred buckets, not all 23,221.
    const std::size_t lo = hdr::indexOf(other.m_min), hi = hdr::indexOf(other.m_max);
    for (std::size_t i = lo; i <= hi; ++i)
        m_counts[i] += other.m_counts[i];
    if (m_total == 0 || other.m_min < m_min)
        m_min = other.m_min;
    if (m_total == 0 || other.m_max > m_max)
        m_max = other.m_max;
    m_total += other.m_total;
    m_sum += other.m_sum;
}

void Histogram::reset()
{
    if (m_total != 0)
        std::fill(m_counts.begin() + std::ptrdiff_t(hdr::indexOf(m_min)),
                  m_counts.begin() + std::ptrdiff_t(hdr::indexOf(m_max)) + 1, 0);
    m_total = 0;
    m_min = m_max = m_sum = 0;
}

std::int64_t Histogram::valueAtQuantile(double q) const
{
    if (m_total == 0)
        return 0;
    q = std::clamp(q, 0.0, 1.0);
    // HdrHistogram's rule: the smallest value with at least ceil(q * total) values at or below.
    const auto wanted = std::max<std::uint64_t>(1, std::uint64_t(std::ceil(q * double(m_total))));
    std::uint64_t seen = 0;
    for (std::size_t i = hdr::indexOf(m_min), hi = hdr::indexOf(m_max); i <= hi; ++i) {
        seen += m_counts[i];
        if (seen >= wanted)
            return std::clamp(hdr::highestAtIndex(i), m_min, m_max);
    }
    return m_max;
}

} // namespace bb::loadtest
