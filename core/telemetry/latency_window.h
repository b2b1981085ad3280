// bb::telemetry — request latency over a sliding window of recent seconds, for live p50/p95/p99.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>

namespace bb::telemetry {

/// Log-linear buckets (32 per power of two, ~3 % resolution) from 1 µs to about an hour,
/// one set per second of a ring of seconds. Recording is lock-free except once per second.
class LatencyWindow {
public:
    static constexpr int kSeconds = 10;

    LatencyWindow();
    /// Records one latency in microseconds at wall time `nowSec` (seconds, any epoch).
    void record(std::int64_t micros, std::int64_t nowSec);
    /// The q-quantile (0..1) in milliseconds over the last kSeconds ending at `nowSec`;
    /// 0 when nothing was recorded.
    double quantileMs(double q, std::int64_t nowSec) const;
    /// How many latencies fall in the window.
    std::uint64_t count(std::int64_t nowSec) const;

    static int bucketOf(std::int64_t micros);
    /// The upper bound, in µs, of bucket `index`.
    static std::int64_t bucketUpperMicros(int index);

private:
    static constexpr int kSub = 32; // sub-buckets per power of two
    static constexpr int kBuckets = 64 + 32 * kSub;
    static constexpr int kSlots = kSeconds + 2; // two spare so the one being reset is never read

    struct Slot {
        std::atomic<std::int64_t> second{-1};
        std::array<std::atomic<std::uint32_t>, kBuckets> counts;
    };
    using Buckets = std::array<std::uint64_t, kBuckets>;
    Slot &slotFor(std::int64_t sec);
    /// Sums the buckets of the seconds in the window into `merged`; returns the total count.
    std::uint64_t merge(std::int64_t nowSec, Buckets &merged) const;

    std::unique_ptr<Slot[]> m_slots;
    std::mutex m_resetMutex;
};

} // namespace bb::telemetry
