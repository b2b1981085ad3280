// bb::telemetry — the process_* metrics (CPU, RSS, open fds, start time) read from /proc.
#pragma once

#include <string>

namespace bb::telemetry {

struct ProcessStats {
    double cpuSeconds = 0; ///< user + system
    double residentBytes = 0;
    double virtualBytes = 0;
    double openFds = 0;
    double maxFds = 0;
    double startTimeSeconds = 0; ///< since the Unix epoch
};

/// Reads the current process's figures; zeros where /proc is unavailable.
ProcessStats readProcessStats();

/// Appends the standard process_* families in Prometheus text format.
void appendProcessMetrics(std::string &out);

} // namespace bb::telemetry
