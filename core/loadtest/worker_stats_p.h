// bb::loadtest (internal) — what one worker counts between two snapshots. Only its own thread
// writes it; the coordinator sees a copy merged under the worker's lock every 250 ms.
#pragma once

#include "loadtest/histogram.h"

#include <array>
#include <cstdint>
#include <vector>

namespace bb::loadtest {

enum class ErrorKind : int { Connect, Timeout, Reset, Tls, Parse, Status, Check, Count };

/// The names used in Summary::errorsByKind.
const char *errorKindName(ErrorKind kind);

struct WorkerStats {
    std::uint64_t requests = 0; ///< answered or failed while in flight
    std::uint64_t errors = 0;   ///< requests that failed, plus failed connects
    std::uint64_t bytesIn = 0, bytesOut = 0;
    std::uint64_t missedSends = 0;
    std::uint64_t connects = 0;                    ///< connections established
    std::array<std::uint64_t, 600> statusCounts{}; ///< by status; [0] = outside 100..599
    std::array<std::uint64_t, std::size_t(ErrorKind::Count)> errorsByKind{};
    std::vector<std::uint64_t> checkPasses, checkFails;
    Histogram corrected, uncorrected;

    void merge(const WorkerStats &other);
    void reset();
};

} // namespace bb::loadtest
