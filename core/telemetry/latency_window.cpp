#include "telemetry/latency_window.h"

#include <bit>
#include <memory>

namespace bb::telemetry {

LatencyWindow::LatencyWindow()
    : m_slots(new Slot[kSlots])
{
    for (int s = 0; s < kSlots; ++s)
        for (auto &c : m_slots[s].counts)
            c.store(0, std::memory_order_relaxed);
}

int LatencyWindow::bucketOf(std::int64_t micros)
{
    if (micros < 64)
        return micros < 0 ? 0 : int(micros);
    const int msb = 63 - std::countl_zero(std::uint64_t(micros)); // >= 6
    const int shift = msb - 5;                                    // keep 6 significant bits
    const int sub = int((micros >> shift) & (kSub - 1));
    const int index = 64 + (msb - 6) * kSub + sub;
    return index < kBuckets ? index : kBuckets - 1;
}

std::int64_t LatencyWindow::bucketUpperMicros(int index)
{
    if (index < 64)
        return index;
    const int msb = (index - 64) / kSub + 6;
    const int sub = (index - 64) % kSub;
    const int shift = msb - 5;
    return ((std::int64_t(kSub + sub) + 1) << shift) - 1;
}

LatencyWindow::Slot &LatencyWindow::slotFor(std::int64_t sec)
{
    Slot &slot = m_slots[std::size_t(sec % kSlots)];
    if (slot.second.load(std::memory_order_acquire) != sec) {
        std::lock_guard lock(m_resetMutex);
        if (slot.second.load(std::memory_order_relaxed) != sec) {
            for (auto &c : slot.counts)
                c.store(0, std::memory_order_relaxed);
            slot.second.store(sec, std::memory_order_release);
        }
    }
    return slot;
}

void LatencyWindow::record(std::int64_t micros, std::int64_t nowSec)
{
    slotFor(nowSec).counts[std::size_t(bucketOf(micros))].fetch_add(1, std::memory_order_relaxed);
}

std::uint64_t LatencyWindow::merge(std::int64_t nowSec, Buckets &merged) const
{
    merged.fill(0);
    std::uint64_t total = 0;
    for (int s = 0; s < kSlots; ++s) {
        const Slot &slot = m_slots[s];
        const std::int64_t sec = slot.second.load(std::memory_order_acquire);
        if (sec <= nowSec - kSeconds || sec > nowSec)
            continue; // outside the window, or being reset for a newer second
        for (int b = 0; b < kBuckets; ++b) {
            const auto n = slot.counts[std::size_t(b)].load(std::memory_order_relaxed);
            merged[std::size_t(b)] += n;
            total += n;
        }
    }
    return total;
}

std::uint64_t LatencyWindow::count(std::int64_t nowSec) const
{
    Buckets merged;
    return merge(nowSec, merged);
}

double LatencyWindow::quantileMs(double q, std::int64_t nowSec) const
{
    Buckets merged;
    const std::uint64_t total = merge(nowSec, merged);
    if (total == 0)
        return 0;
    const auto rank = std::uint64_t(q * double(total - 1)) + 1;
    std::uint64_t seen = 0;
    for (int b = 0; b < kBuckets; ++b) {
        seen += merged[std::size_t(b)];
        if (seen >= rank)
            return double(bucketUpperMicros(b)) / 1000.0;
    }
    return double(bucketUpperMicros(kBuckets - 1)) / 1000.0;
}

} // namespace bb::telemetry
