// bb::logview — the Logs panel's models (no widgets): severity levels as every backend spells them.
#pragma once

#include <QString>

#include <string_view>

namespace bb::logview {

/// Severities in rank order, matching LogQuery's level ranks (trace < ... < fatal).
enum class Severity : unsigned char { Trace, Debug, Info, Warn, Error, Fatal };
inline constexpr int kSeverityCount = 6;

/// "trace" .. "fatal".
const char *severityName(Severity s);
QString severityLabel(Severity s);
/// Reads a level as logging libraries write it: names (warn/warning/WARN, err, critical,
/// panic, notice, verbose...), pino/bunyan numbers (10..60), syslog numbers (0..7). Returns
/// false for text it does not know.
bool severityFromText(std::string_view text, Severity &out);
bool severityFromNumber(double number, Severity &out);

} // namespace bb::logview
