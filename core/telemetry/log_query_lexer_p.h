// bb::telemetry (private) — tokens of the log query language. A std::string twin of
// store/filter_lexer_p.h: telemetry stays free of Qt strings so the engine's hot paths and the
// panel's file scans compare bytes, and positions are reported in UTF-16 units as the store's are.
#pragma once

#include "telemetry/log_query.h"

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace bb::telemetry::internal {

enum class TokenKind {
    Identifier, // a field name, or true/false/null
    String,     // 'text' or "text", unescaped into `text`
    Number,     // -12, 3.5; `text` keeps the source spelling
    Op,         // = != > >= < <= ~ !~
    And,        // &&
    Or,         // ||
    LParen,
    RParen,
    End,
};

struct Token {
    TokenKind kind = TokenKind::End;
    std::string text;
    int pos = 0; ///< UTF-16 units from the start of the query
};

std::variant<std::vector<Token>, LogQueryError> tokenizeLogQuery(std::string_view text);

/// Bytes of the UTF-8 sequence at `i`: its length when well-formed, else 1, so each byte of a
/// broken sequence counts as one character, as QString::fromUtf8 turns it into one U+FFFD.
std::size_t utf8SequenceAt(std::string_view s, std::size_t i);

/// The length of `s` in UTF-16 units under the same rule (a QString's size()).
int utf16Length(std::string_view s);

} // namespace bb::telemetry::internal
