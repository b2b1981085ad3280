#include "store/filter_lexer_p.h"

namespace bb::store::internal {

namespace {

Error errorAt(const QString &what, int pos)
{
    return Error::invalid(QStringLiteral("%1 at %2").arg(what).arg(pos), pos);
}

bool isIdentStart(QChar c)
{
    return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
           (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || c == QLatin1Char('_');
}

bool isDigit(QChar c)
{
    return c >= QLatin1Char('0') && c <= QLatin1Char('9');
}

// Quoted text: the quote is escaped as \' (or \"), a backslash as \\; any other backslash is
// kept as typed, so Windows paths and regex-looking text survive.
Result<Token> lexString(const QString &s, int &i)
{
    const QChar quote = s.at(i);
    Token t{TokenKind::String, {}, i};
    int j = i + 1;
    while (j < s.size()) {
        const QChar c = s.at(j);
        if (c == QLatin1Char('\\') && j + 1 < s.size() &&
            (s.at(j + 1) == quote || s.at(j + 1) == QLatin1Char('\\'))) {
            t.text.append(s.at(j + 1));
            j += 2;
            continue;
        }
        if (c == quote) {
            i = j + 1;
            return t;
        }
        t.text.append(c);
        ++j;
    }
    return errorAt(QStringLiteral("unterminated string"), t.pos);
}

Token lexNumber(const QString &s, int &i)
{
    Token t{TokenKind::Number, {}, i};
    int j = i;
    if (s.at(j) == QLatin1Char('-'))
        ++j;
    while (j < s.size() && isDigit(s.at(j)))
        ++j;
    if (j + 1 < s.size() && s.at(j) == QLatin1Char('.') && isDigit(s.at(j + 1))) {
        ++j;
        while (j < s.size() && isDigit(s.at(j)))
            ++j;
    }
    t.text = s.mid(i, j - i);
    i = j;
    return t;
}

} // namespace

Result<QList<Token>> tokenizeFilter(const QString &s)
{
    QList<Token> out;
    int i = 0;
    const int n = int(s.size());
    while (i < n) {
        const QChar c = s.at(i);
        const QChar next = i + 1 < n ? s.at(i + 1) : QChar();
        if (c.isSpace()) {
            ++i;
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            auto t = lexString(s, i);
            if (!t)
                return t.error();
            out.append(*t);
        } else if (isDigit(c) || (c == QLatin1Char('-') && isDigit(next))) {
            out.append(lexNumber(s, i));
            if (i < n && (isIdentStart(s.at(i)) || isDigit(s.at(i)) || s.at(i) == QLatin1Char('.')))
                return errorAt(QStringLiteral("malformed number"), out.last().pos);
        } else if (isIdentStart(c)) {
            int j = i + 1;
            while (j < n && (isIdentStart(s.at(j)) || isDigit(s.at(j))))
                ++j;
            out.append({TokenKind::Identifier, s.mid(i, j - i), i});
            i = j;
        } else if (c == QLatin1Char('&') && next == QLatin1Char('&')) {
            out.append({TokenKind::And, QStringLiteral("&&"), i});
            i += 2;
        } else if (c == QLatin1Char('|') && next == QLatin1Char('|')) {
            out.append({TokenKind::Or, QStringLiteral("||"), i});
            i += 2;
        } else if (c == QLatin1Char('(') || c == QLatin1Char(')')) {
            out.append({c == QLatin1Char('(') ? TokenKind::LParen : TokenKind::RParen, c, i});
            ++i;
        } else if ((c == QLatin1Char('!') || c == QLatin1Char('>') || c == QLatin1Char('<')) &&
                   next == QLatin1Char('=')) {
            out.append({TokenKind::Op, s.mid(i, 2), i});
            i += 2;
        } else if (c == QLatin1Char('!') && next == QLatin1Char('~')) {
            out.append({TokenKind::Op, QStringLiteral("!~"), i});
            i += 2;
        } else if (c == QLatin1Char('=') || c == QLatin1Char('>') || c == QLatin1Char('<') ||
                   c == QLatin1Char('~')) {
            out.append({TokenKind::Op, c, i});
            ++i;
        } else {
            return errorAt(QStringLiteral("unexpected character '%1'").arg(c), i);
        }
    }
    out.append({TokenKind::End, {}, n});
    return out;
}

} // namespace bb::store::internal
