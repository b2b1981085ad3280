// bb::logview — JSON-lines text to LogLine, for any backend: common keys are mapped
// (level/lvl/severity, msg/message, time/ts/timestamp/@timestamp, trace_id/traceId), nested
// objects become dotted field names, and the engine's "fields" object is flattened.
#pragma once

#include "logview/log_line.h"

#include <QByteArray>

#include <cstdint>
#include <string_view>

namespace bb::logview {

class FieldTable;

/// Why a line was not taken; the byte offset of the JSON error within the line.
struct ParseProblem {
    int offset = 0;
    QString message;
};

/// Parses one line (without its newline) with JsonlScanner. A line that is not a JSON object
/// becomes a line whose message is the text, at info level, so plain-text logs still show;
/// `problem` says why (and where).
LogLine parseLogLine(const QByteArray &text, FieldTable &fields, std::int64_t arrivalMs,
                     ParseProblem *problem = nullptr);

/// ms since the epoch from RFC 3339 / ISO 8601 text ("2026-11-21T06:00:00.123Z", "+01:00",
/// a space instead of T); false when it is not one.
bool parseIsoTime(std::string_view text, std::int64_t &ms);
/// ms from an epoch number in seconds, ms, µs or ns (chosen by magnitude).
std::int64_t epochNumberToMs(double n);

} // namespace bb::logview
