// bb::telemetry — label matchers as PromQL writes them, `{method="GET",status=~"5.."}`, to pick
// the series of a metric.
#pragma once

#include "telemetry/prometheus_text.h"

#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bb::telemetry::prom {

struct LabelMatcher {
    enum class Op { Equal, NotEqual, Regex, NotRegex };
    std::string name;
    Op op = Op::Equal;
    std::string value;
    std::shared_ptr<const std::regex> regex; ///< anchored, for Regex and NotRegex

    /// A missing label matches as the empty string, as in PromQL.
    bool matches(const Labels &labels) const;
};

/// Where and why a selector does not parse; position is 0-based in the text.
struct SelectorError {
    int position = 0;
    std::string message;
};

class Selector {
public:
    static constexpr std::size_t kMaxRegexLength = 256;
    static constexpr int kMaxRegexNesting = 8;

    /// `{a="x", b!="y", c=~"re", d!~"re"}`; the braces are optional and an empty text selects
    /// every series. Regexes are anchored at both ends (ECMAScript syntax); values take the
    /// escapes \\, \" and \n (any other backslash is kept for the regex).
    static std::variant<Selector, SelectorError> parse(std::string_view text);

    bool matches(const Labels &labels) const;
    bool isEmpty() const { return m_matchers.empty(); }
    const std::vector<LabelMatcher> &matchers() const { return m_matchers; }

private:
    std::vector<LabelMatcher> m_matchers;
};

} // namespace bb::telemetry::prom
