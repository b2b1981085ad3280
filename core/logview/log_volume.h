// bb::logview — line counts per second and level, kept as lines come and go, from which the
// volume histogram draws any range as a few dozen stacked bars.
#pragma once

#include "logview/log_level.h"

#include <array>
#include <cstdint>
#include <map>
#include <vector>

namespace bb::logview {

using LevelCounts = std::array<std::int64_t, kSeverityCount>;

struct VolumeBar {
    std::int64_t startMs = 0;
    std::int64_t endMs = 0; ///< exclusive
    LevelCounts counts{};
};

class LogVolume {
public:
    void add(std::int64_t tsMs, Severity level) { ++m_seconds[secondOf(tsMs)][int(level)]; }
    void remove(std::int64_t tsMs, Severity level);
    void clear() { m_seconds.clear(); }
    bool empty() const { return m_seconds.empty(); }
    /// The first and last second held, as ms; false when empty.
    bool span(std::int64_t *fromMs, std::int64_t *toMs) const;
    /// About `bars` bars covering [fromMs, toMs], each a whole number of "nice" seconds wide
    /// (1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min, 1, 2, 6, 12 h, 1 d).
    std::vector<VolumeBar> bars(std::int64_t fromMs, std::int64_t toMs, int bars) const;
    /// The bar width bars() picks for that range, in ms.
    static std::int64_t barWidthMs(std::int64_t fromMs, std::int64_t toMs, int bars);

private:
    static std::int64_t secondOf(std::int64_t ms)
    {
        return ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    }
    std::map<std::int64_t, LevelCounts> m_seconds;
};

} // namespace bb::logview
