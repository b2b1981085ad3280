// bb::plugins::database — the built-in SQL highlighter used when KSyntaxHighlighting is absent:
// keywords, types, strings, quoted identifiers, numbers, parameters and comments (block comments
// across lines).
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace bb::plugins::database {

class SqlHighlighter final : public QSyntaxHighlighter {
    Q_OBJECT
public:
    /// What a run of characters is, as the highlighter classifies it.
    enum class Token { Keyword, Type, Function, String, Identifier, Number, Parameter, Comment };

    explicit SqlHighlighter(QTextDocument *document);

    /// The format used for `token` (tests check the classification through it).
    QTextCharFormat format(Token token) const;
    /// True when `word` (any case) is highlighted as a keyword.
    static bool isKeyword(QStringView word);

protected:
    void highlightBlock(const QString &text) override;

private:
    void applyPalette();

    QTextCharFormat m_formats[8];
};

} // namespace bb::plugins::database
