#include "loadtest/schedule_p.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace bb::loadtest {

Schedule::Schedule(const Scenario &scenario)
{
    const bool open = scenario.model == Model::Open;
    double t = 0, cumulative = 0;
    if (scenario.stages.empty()) {
        const double v = open ? scenario.rate : scenario.connections;
        m_segments.push_back({0, scenario.durationSeconds, v, v, 0});
        m_end = scenario.durationSeconds;
        return;
    }
    // The first stage ramps from 0 requests per second (open) or from one connection (closed,
    // so a run starts working at once), like k6's ramping executors.
    double previous = open ? 0.0 : 1.0;
    for (const Stage &s : scenario.stages) {
        m_segments.push_back({t, t + s.seconds, previous, s.target, cumulative});
        cumulative += (previous + s.target) / 2 * s.seconds;
        t += s.seconds;
        previous = s.target;
    }
    m_end = t;
}

double Schedule::targetAt(double t) const
{
    for (const Segment &s : m_segments) {
        if (t < s.t1 || &s == &m_segments.back()) {
            if (s.t1 <= s.t0)
                return s.v1;
            const double f = std::clamp((t - s.t0) / (s.t1 - s.t0), 0.0, 1.0);
            return s.v0 + (s.v1 - s.v0) * f;
        }
    }
    return 0;
}

double Schedule::arrivalsBy(double t) const
{
    for (const Segment &s : m_segments) {
        if (t < s.t1 || &s == &m_segments.back()) {
            const double d = std::clamp(t - s.t0, 0.0, s.t1 - s.t0);
            const double slope = s.t1 > s.t0 ? (s.v1 - s.v0) / (s.t1 - s.t0) : 0;
            return s.cumulative0 + s.v0 * d + slope * d * d / 2;
        }
    }
    return 0;
}

double Schedule::dueTime(double n) const
{
    const double target = n + 0.5;
    for (const Segment &s : m_segments) {
        const double len = s.t1 - s.t0;
        const double total = s.cumulative0 + (s.v0 + s.v1) / 2 * len;
        if (target > total)
            continue;
        // Solve v0·d + (slope/2)·d² = target − cumulative0 for d in [0, len].
        const double need = target - s.cumulative0;
        const double slope = len > 0 ? (s.v1 - s.v0) / len : 0;
        double d;
        if (std::abs(slope) < 1e-12) {
            if (s.v0 <= 0)
                continue;
            d = need / s.v0;
        } else {
            const double disc = s.v0 * s.v0 + 2 * slope * need;
            d = (-s.v0 + std::sqrt(std::max(0.0, disc))) / slope;
        }
        return s.t0 + std::clamp(d, 0.0, len);
    }
    return std::numeric_limits<double>::infinity();
}

} // namespace bb::loadtest
