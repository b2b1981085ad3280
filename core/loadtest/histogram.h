// bb::loadtest — a log-linear latency histogram in the manner of HdrHistogram: 3 significant
// digits from 1 µs to 1 h in a fixed array (~185 KB), so recording is an index computation and
// an increment, and memory never grows with the run's length.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace bb::loadtest {

/// The index arithmetic of HdrHistogram with lowest value 1 and 3 significant digits: 2048
/// sub-buckets per power of two keep the relative error under 1/1024.
namespace hdr {
inline constexpr std::int64_t kLowestUs = 1;
inline constexpr std::int64_t kHighestUs = 3'600'000'000; // 1 h
inline constexpr int kSubBucketHalfMagnitude = 10;
inline constexpr std::int64_t kSubBucketHalfCount = std::int64_t{1} << kSubBucketHalfMagnitude;
inline constexpr std::int64_t kSubBucketMask = 2 * kSubBucketHalfCount - 1;

constexpr std::size_t indexOf(std::int64_t v)
{
    const auto value = std::uint64_t(v < 0 ? 0 : (v > kHighestUs ? kHighestUs : v));
    const int bucket =
        64 - kSubBucketHalfMagnitude - 1 - std::countl_zero(value | std::uint64_t(kSubBucketMask));
    const auto sub = std::int64_t(value >> bucket);
    return std::size_t(((std::int64_t(bucket) + 1) << kSubBucketHalfMagnitude) +
                       (sub - kSubBucketHalfCount));
}

/// The lowest value that lands at `index`.
constexpr std::int64_t valueFromIndex(std::size_t index)
{
    auto bucket = std::int64_t(index >> kSubBucketHalfMagnitude) - 1;
    auto sub = std::int64_t(index & std::size_t(kSubBucketHalfCount - 1)) + kSubBucketHalfCount;
    if (bucket < 0) {
        sub -= kSubBucketHalfCount;
        bucket = 0;
    }
    return sub << bucket;
}

/// The highest value that lands at `index`.
constexpr std::int64_t highestAtIndex(std::size_t index)
{
    const auto bucket = std::int64_t(index >> kSubBucketHalfMagnitude) - 1;
    return valueFromIndex(index) + (std::int64_t{1} << (bucket < 0 ? 0 : bucket)) - 1;
}

inline constexpr std::size_t kCountsLength = indexOf(kHighestUs) + 1;
} // namespace hdr

class Histogram {
public:
    /// Adds one value (µs); values below 0 count as 0, above 1 h as 1 h.
    void record(std::int64_t us) { recordCount(us, 1); }
    void recordCount(std::int64_t us, std::uint64_t n);
    void merge(const Histogram &other);
    void reset();

    /// The value at quantile q (0..1), as the highest value equivalent to its bucket (as
    /// HdrHistogram reports), capped by max(); 0 when empty.
    std::int64_t valueAtQuantile(double q) const;
    std::uint64_t count() const { return m_total; }
    std::int64_t min() const { return m_total ? m_min : 0; }
    std::int64_t max() const { return m_total ? m_max : 0; }
    double mean() const { return m_total ? double(m_sum) / double(m_total) : 0.0; }

    /// Calls f(lowUs, highUs, count) for every non-empty bucket, lowest first.
    template<class F> void forEachBucket(F f) const
    {
        if (m_total == 0)
            return;
        // Only the range between min and max can hold counts.
        for (std::size_t i = hdr::indexOf(m_min), hi = hdr::indexOf(m_max); i <= hi; ++i) {
            if (m_counts[i] != 0)
                f(hdr::valueFromIndex(i), hdr::highestAtIndex(i), m_counts[i]);
        }
    }

private:
    std::array<std::uint64_t, hdr::kCountsLength> m_counts{};
    std::uint64_t m_total = 0;
    std::int64_t m_min = 0;
    std::int64_t m_max = 0;
    std::int64_t m_sum = 0; // µs; 2^63 µs is ~292,000 years of summed latency
};

} // namespace bb::loadtest
