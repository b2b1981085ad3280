// bb::loadtest (internal) — what every worker of one run reads and never writes: the scenario,
// its serialised requests, the schedule, the checks and the resolved endpoints.
#pragma once

#include "loadtest/request_set_p.h"
#include "loadtest/response_checks_p.h"
#include "loadtest/scenario.h"
#include "loadtest/schedule_p.h"

#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <vector>

namespace bb::loadtest {

struct RunPlan {
    Scenario scenario;
    RequestSet requests;
    Schedule schedule;
    ResponseChecks checks;
    std::vector<boost::asio::ip::tcp::endpoint> endpoints;
    int threads = 1;
    std::int64_t startNs = 0; ///< monotonic clock at the start of the run
    std::int64_t timeoutNs = 0;
    std::int64_t thinkNs = 0;
};

/// CLOCK_MONOTONIC in nanoseconds (vDSO: no system call).
std::int64_t monotonicNs();

} // namespace bb::loadtest
