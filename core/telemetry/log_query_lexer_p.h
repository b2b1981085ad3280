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

} // namespace bb::telemetry::internal
