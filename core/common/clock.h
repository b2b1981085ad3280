// bb::common — monotonic and wall clocks in the units the telemetry uses.
#pragma once

#include <chrono>
#include <cstdint>

namespace bb {

/// Monotonic nanoseconds, for durations.
inline std::int64_t monotonicNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

/// Wall-clock microseconds since the Unix epoch, for timestamps shown to people.
inline std::int64_t wallClockUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace bb
