#include "logview/log_volume.h"

namespace bb::logview {

void LogVolume::remove(std::int64_t tsMs, Severity level)
{
    auto it = m_seconds.find(secondOf(tsMs));
    if (it == m_seconds.end())
        return;
    --it->second[int(level)];
    for (std::int64_t c : it->second) {
        if (c > 0)
            return;
    }
    m_seconds.erase(it);
}

bool LogVolume::span(std::int64_t *fromMs, std::int64_t *toMs) const
{
    if (m_seconds.empty())
        return false;
    *fromMs = m_seconds.begin()->first * 1000;
    *toMs = m_seconds.rbegin()->first * 1000 + 999;
    return true;
}

std::int64_t LogVolume::barWidthMs(std::int64_t fromMs, std::int64_t toMs, int bars)
{
    static constexpr std::int64_t kSteps[] = {
        1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400, 604800};
    const std::int64_t spanS = (toMs - fromMs) / 1000 + 1;
    for (std::int64_t s : kSteps) {
        if (spanS / s < bars)
            return s * 1000;
    }
    return kSteps[std::size(kSteps) - 1] * 1000 * ((spanS / 604800) / bars + 1);
}

std::vector<VolumeBar> LogVolume::bars(std::int64_t fromMs, std::int64_t toMs, int count) const
{
    std::vector<VolumeBar> out;
    if (toMs < fromMs || count < 1)
        return out;
    const std::int64_t width = barWidthMs(fromMs, toMs, count);
    // Bars start on multiples of their width, so the same second always falls in the same bar.
    std::int64_t start = fromMs - ((fromMs % width) + width) % width;
    for (; start <= toMs && out.size() < std::size_t(count) * 2; start += width)
        out.push_back({start, start + width, {}});
    if (out.empty())
        return out;
    auto it = m_seconds.lower_bound(secondOf(out.front().startMs));
    const auto end = m_seconds.lower_bound(secondOf(out.back().endMs - 1) + 1);
    for (; it != end; ++it) {
        const std::int64_t ms = it->first * 1000;
        const std::size_t i = std::size_t((ms - out.front().startMs) / width);
        if (i >= out.size())
            break;
        for (int l = 0; l < kSeverityCount; ++l)
            out[i].counts[l] += it->second[l];
    }
    return out;
}

} // namespace bb::logview
