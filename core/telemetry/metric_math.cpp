#include "telemetry/metric_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bb::telemetry {

double histogramQuantile(double q, std::vector<BucketCount> buckets)
{
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    if (std::isnan(q))
        return nan;
    if (q < 0)
        return -inf;
    if (q > 1)
        return inf;
    std::sort(buckets.begin(), buckets.end(), [](const BucketCount &a, const BucketCount &b) {
        return a.upperBound < b.upperBound;
    });
    if (buckets.empty() || buckets.back().upperBound != inf)
        return nan;
    // Buckets with the same bound (e.g. "1" and "1.0" from two series) are one bucket.
    std::vector<BucketCount> merged;
    merged.reserve(buckets.size());
    for (const BucketCount &b : buckets) {
        if (!merged.empty() && merged.back().upperBound == b.upperBound)
            merged.back().count += b.count;
        else
            merged.push_back(b);
    }
    // Rates of separately scraped buckets can dip slightly; a cumulative count never falls.
    double highest = -inf;
    for (BucketCount &b : merged) {
        if (b.count < highest)
            b.count = highest;
        highest = b.count;
    }
    if (merged.size() < 2)
        return nan;
    const double observations = merged.back().count;
    if (observations == 0 || std::isnan(observations))
        return nan;
    double rank = q * observations;
    // The first finite bucket whose cumulative count reaches the rank; the +Inf bucket otherwise.
    std::size_t b = 0;
    while (b < merged.size() - 1 && merged[b].count < rank)
        ++b;
    if (b == merged.size() - 1)
        return merged[merged.size() - 2].upperBound;
    if (b == 0 && merged[0].upperBound <= 0)
        return merged[0].upperBound;
    double bucketStart = 0;
    const double bucketEnd = merged[b].upperBound;
    double count = merged[b].count;
    if (b > 0) {
        bucketStart = merged[b - 1].upperBound;
        count -= merged[b - 1].count;
        rank -= merged[b - 1].count;
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
}

double counterIncrease(std::span<const TimedValue> points)
{
    if (points.size() < 2)
        return 0;
    double increase = points.back().value - points.front().value;
    for (std::size_t i = 1; i < points.size(); ++i) {
        if (points[i].value < points[i - 1].value)
            increase += points[i - 1].value;
    }
    return increase;
}

std::optional<double> counterRate(std::span<const TimedValue> points)
{
    if (points.size() < 2)
        return std::nullopt;
    const std::int64_t spanMs = points.back().tMs - points.front().tMs;
    if (spanMs <= 0)
        return std::nullopt;
    return counterIncrease(points) / (double(spanMs) / 1000.0);
}

std::vector<TimedValue> stepRates(std::span<const TimedValue> points)
{
    std::vector<TimedValue> out;
    if (points.size() < 2)
        return out;
    out.reserve(points.size() - 1);
    for (std::size_t i = 1; i < points.size(); ++i) {
        if (auto r = counterRate(points.subspan(i - 1, 2)))
            out.push_back({points[i].tMs, *r});
    }
    return out;
}

} // namespace bb::telemetry
