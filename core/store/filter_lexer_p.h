// bb::store (private) — tokens of the filter language, with their source positions.
#pragma once

#include "common/result.h"

#include <QList>
#include <QString>

namespace bb::store::internal {

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
    QString text;
    int pos = 0;
};

/// Splits a filter into tokens; errors carry the position of the offending character.
Result<QList<Token>> tokenizeFilter(const QString &filter);

} // namespace bb::store::internal
