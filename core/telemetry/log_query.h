// bb::telemetry — the resource filter language (DESIGN §3) evaluated in memory on log records,
// for the engine's /api/admin/logs routes and the Logs panel's files.
#pragma once

#include "telemetry/log_record.h"

#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bb::telemetry {

/// One field of a record as the query sees it. `text` must stay valid until the comparison that
/// asked for it returns (the lookup is called once per comparison).
struct LogFieldValue {
    enum Kind { Missing, Null, Text, Number, Bool } kind = Missing;
    std::string_view text; ///< Text (and the spelling of a Number when known)
    double number = 0;     ///< Number
    bool boolean = false;  ///< Bool
};

using LogFieldLookup = std::function<LogFieldValue(std::string_view field)>;

/// `position` is 0-based in UTF-16 code units (a QString / JavaScript index; the byte offset for
/// ASCII text).
struct LogQueryError {
    int position = 0;
    std::string message;
};

/// Longest query accepted, in characters (UTF-16 units; the same bound as resource filters).
inline constexpr std::size_t kMaxLogQueryLength = 2000;

/// A parsed query: `field op value` comparisons joined by && (binding tighter) and ||, with
/// parentheses. Ops: = != > >= < <= ~ (contains, ASCII case-insensitive) !~. Literals: 'text' or
/// "text", numbers, true, false, null. Field names may contain dots ("fields.user").
///
/// Comparison rules, chosen so a query means the same on the ring and on a JSON-lines file:
/// - `level` compares by severity (trace < debug < info < warn < error < fatal) and the literal
///   must be a level name; `~`/`!~` on level compare its text.
/// - number against number is numeric; text that spells a number is compared numerically with
///   a number; other text compares byte-wise (so ISO timestamps order correctly).
/// - a Missing or Null field: `= null` is true, every other comparison is false except `!=` and
///   `!~`, which are true.
class LogQuery {
public:
    LogQuery() = default;

    static std::variant<LogQuery, LogQueryError> parse(std::string_view text);

    /// Fields: seq ts level msg traceId method path status durationMs userId ip, then the
    /// record's extra fields by name (also as "fields.<name>"). `ts` is a Number (ms since the
    /// epoch) spelled as its ISO 8601 text; empty strings and a zero status are Missing, as in
    /// the record's JSON.
    bool matches(const LogRecord &record) const;
    bool matches(const LogFieldLookup &lookup) const;
    bool isEmpty() const { return m_nodes.empty(); }
    /// Fields the query references, each once, in order of appearance.
    std::vector<std::string> fieldNames() const;
    /// Texts of the `~` terms, for highlighting matches.
    std::vector<std::string> containsTerms() const;

    enum class Op { Eq, Ne, Gt, Ge, Lt, Le, Contains, NotContains };

private:
    friend class LogQueryParser;
    struct Literal {
        enum Kind { Null, Text, Number, Bool } kind = Null;
        std::string text; ///< the text, or a number's spelling
        double number = 0;
        bool boolean = false;
        int levelRank = -1; ///< for `level` comparisons
    };
    struct Node {
        enum Kind { And, Or, Compare } kind = Compare;
        std::vector<int> children; ///< And / Or
        std::string field;         ///< Compare
        Op op = Op::Eq;
        Literal literal;
    };

    bool evaluate(int node, const LogFieldLookup &lookup) const;
    static bool compare(const Node &node, const LogFieldValue &value);

    std::vector<Node> m_nodes; ///< m_nodes[m_root] is the root; empty matches everything
    int m_root = -1;
};

/// Severity rank of a level name, case-insensitive ("warning" = "warn"); -1 when unknown.
int logLevelRank(std::string_view name);

} // namespace bb::telemetry
