// bb::loadtest (internal) — the plan of a run over time: the open model's arrival schedule
// (when the n-th request is due, with rates ramping linearly between stages) and the closed
// model's target number of connections.
#pragma once

#include "loadtest/scenario.h"

#include <vector>

namespace bb::loadtest {

class Schedule {
public:
    explicit Schedule(const Scenario &scenario);

    /// Seconds from the start at which the n-th request (0-based, across all workers) is due:
    /// the time at which the cumulative count of arrivals reaches n + 1 - 1/2, so the first
    /// is due half an interval in. Infinity when the run ends first.
    double dueTime(double n) const;
    /// The number of requests due by `t` (cumulative arrivals, fractional).
    double arrivalsBy(double t) const;
    /// Open: the rate at t; closed: the connection target at t.
    double targetAt(double t) const;
    double endSeconds() const { return m_end; }

private:
    struct Segment {
        double t0, t1, v0, v1, cumulative0; ///< cumulative arrivals at t0
    };
    std::vector<Segment> m_segments;
    double m_end = 0;
};

} // namespace bb::loadtest
