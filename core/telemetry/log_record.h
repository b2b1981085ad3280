// bb::telemetry — structured log records, the bounded ring that holds them and a JSON-lines file
// sink.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bb::telemetry {

enum class Level { Debug, Info, Warn, Error };

const char *levelName(Level level);
/// Parses "debug"/"info"/"warn"/"warning"/"error"; false when unknown.
bool parseLevel(std::string_view text, Level &out);

/// One structured log line (DESIGN §3 Observability). Request fields are empty/zero for
/// records that are not about a request.
struct LogRecord {
    std::uint64_t seq = 0; ///< assigned by the ring, increasing
    std::int64_t tsUs = 0; ///< wall clock, µs since the epoch
    Level level = Level::Info;
    std::string msg;
    std::string traceId;
    std::string method;
    std::string path;
    int status = 0;
    double durationMs = 0;
    std::string userId;
    std::string ip;
    std::vector<std::pair<std::string, std::string>> fields; ///< extra key/values

    /// One JSON object on one line, without the trailing newline.
    std::string toJsonLine() const;
};

} // namespace bb::telemetry
