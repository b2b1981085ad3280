// bb::telemetry — a reader for the Prometheus text exposition format 0.0.4: metric families with
// HELP and TYPE, labelled samples, histograms and summaries grouped under their family.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bb::telemetry::prom {

enum class MetricType { Untyped, Counter, Gauge, Histogram, Summary };

/// The exposition's spelling of a type ("counter", …).
const char *typeName(MetricType type);

struct Label {
    std::string name;
    std::string value; ///< unescaped

    bool operator==(const Label &) const = default;
};
/// Labels in the order the exposition wrote them.
using Labels = std::vector<Label>;

/// The value of label `name`, or nullptr.
const std::string *findLabel(const Labels &labels, std::string_view name);

/// One sample line.
struct Sample {
    std::string name; ///< the sample's own name (x_bucket, x_sum, … for histograms)
    Labels labels;
    double value = 0;
    std::optional<std::int64_t> timestampMs;
    int line = 0; ///< 1-based line in the exposition
};

/// The samples of one metric under one HELP/TYPE header.
struct MetricFamily {
    std::string name;
    std::string help; ///< unescaped
    MetricType type = MetricType::Untyped;
    std::vector<Sample> samples;
};

struct Exposition {
    std::vector<MetricFamily> families;

    const MetricFamily *find(std::string_view name) const;
    std::size_t sampleCount() const;
};

/// Where and why the text is not valid exposition; line and column are 1-based.
struct ParseError {
    int line = 0;
    int column = 0;
    std::string message;

    /// "line 3, column 14: <message>"
    std::string toString() const;
};

/// Parses a whole exposition. Samples are grouped into families as Prometheus does: a
/// histogram `x` owns x_bucket (with `le`), x_sum and x_count; a summary `x` owns x (with
/// `quantile`), x_sum and x_count; a sample with no TYPE before it forms an untyped family.
/// Values accept NaN, +Inf and -Inf; timestamps are integer milliseconds. Lenient where
/// Prometheus is: blank lines, other `#` comments, a trailing comma in a label set, CRLF line
/// ends and a missing final newline.
std::variant<Exposition, ParseError> parseText(std::string_view text);

/// Parses a number the way the format writes it (Go float syntax: NaN, ±Inf, exponents).
std::optional<double> parseValue(std::string_view text);

} // namespace bb::telemetry::prom
