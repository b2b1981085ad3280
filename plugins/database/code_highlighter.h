// bb::plugins::database — syntax highlighting behind one function, so the editor does not care
// whether KSyntaxHighlighting (KF6) was found at configure time or the built-in rules are used.
#pragma once

#include <QString>

class QSyntaxHighlighter;
class QTextDocument;

namespace bb::plugins::database {

/// Attaches a highlighter for `language` ("SQL") to `document`; the document owns it. Returns
/// nullptr when no highlighter knows the language.
QSyntaxHighlighter *attachHighlighter(QTextDocument *document, const QString &language);

/// "KSyntaxHighlighting" or "built-in": which implementation attachHighlighter() uses.
QString highlighterBackend();

} // namespace bb::plugins::database
