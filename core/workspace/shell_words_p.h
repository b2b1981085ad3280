// Splits a POSIX-shell-like command line into words, the way a shell would before running curl.
#pragma once

#include "common/result.h"

#include <QList>
#include <QString>

namespace bb::workspace::detail {

struct ShellWord {
    QString text;
    int position = 0; ///< offset of the word's first character in the input
};

/// Handles '...', "..." (with \" \\ \$ \` escapes), $'...' (ANSI-C escapes), backslash escapes,
/// backslash-newline continuations (also CRLF) and # comments. An unterminated quote is an error
/// at the quote's offset.
bb::Result<QList<ShellWord>> splitShellWords(const QString &input);

/// Quotes a word for a POSIX shell: bare when it is safe, else in single quotes.
QString shellQuote(const QString &word);

} // namespace bb::workspace::detail
