// bb::loadtest — the small formatting helpers every report writer shares: locale-free numbers,
// human units (ms, KB/s), HTML escaping and the k6 spelling of our thresholds.
#pragma once

#include "loadtest/scenario.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace bb::loadtest::report {

/// `value` with `decimals` digits after the point, always with '.', never in exponent form;
/// trailing zeros are kept so columns line up. NaN and infinities become "0".
std::string fixed(double value, int decimals);
/// The shortest text that reads back as `value` to ~9 significant digits ("12.5", "0.001").
std::string number(double value);
/// A latency in milliseconds with a unit that suits its size: "850us", "12.34ms", "1.50s".
std::string duration(double ms);
/// A byte count as wrk prints it: "512B", "1.23KB", "4.56MB", "7.89GB".
std::string bytes(double count);
/// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string htmlEscape(std::string_view text);
/// `text` as a JSON (and so JavaScript) string literal, quotes included.
std::string quoted(std::string_view text);

/// The operator as written in a threshold: "<", ">", "<=", ">=".
std::string opText(char op);
/// The k6 metric a threshold applies to (http_req_duration, http_req_failed, http_reqs, checks).
std::string k6Metric(const Threshold &threshold);
/// The threshold in k6's expression syntax on that metric: "p(95)<200", "rate<0.01", "avg<50".
std::string k6Expression(const Threshold &threshold);
/// True when the threshold's value is a latency in milliseconds.
bool isLatencyMetric(std::string_view metric);
/// The observed value of a threshold in its own unit, for reports: "12.3ms", "0.0123", "1520/s".
std::string thresholdObserved(const Threshold &threshold, double observed);

} // namespace bb::loadtest::report
