// bb::plugins::endpoints — highlighting of one visible segment at a time (JSON, or a minimal
// XML/HTML), so the cost is per painted row whatever the body's size.
#pragma once

#include <QList>
#include <QString>

namespace bb::plugins::endpoints {

enum class Syntax { Plain, Json, Markup };
enum class TokenKind { Key, String, Number, Literal, Punctuation, Tag, Attribute, Comment };

struct Token {
    int start = 0; ///< in QChars of the segment's text
    int length = 0;
    TokenKind kind = TokenKind::Punctuation;
};

/// Tokens of `text`; `startsInString` says the segment begins inside a JSON string (a long line
/// cut mid-string), which the indexer recorded.
QList<Token> highlightSegment(Syntax syntax, const QString &text, bool startsInString = false);

/// The syntax for a Content-Type, falling back to sniffing the first bytes.
Syntax syntaxFor(const QByteArray &contentType, const QByteArray &head);

} // namespace bb::plugins::endpoints
