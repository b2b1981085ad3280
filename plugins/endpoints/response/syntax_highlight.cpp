#include "syntax_highlight.h"

#include <QByteArray>

namespace bb::plugins::endpoints {

namespace {

QList<Token> json(const QString &t, bool inString)
{
    QList<Token> out;
    const int n = int(t.size());
    int i = 0;
    auto isKeyAhead = [&](int from) {
        while (from < n && t[from].isSpace())
            ++from;
        return from < n && t[from] == QLatin1Char(':');
    };
    auto endOfString = [&](int from) {
        bool esc = false;
        for (int k = from; k < n; ++k) {
            if (esc)
                esc = false;
            else if (t[k] == QLatin1Char('\\'))
                esc = true;
            else if (t[k] == QLatin1Char('"'))
                return k + 1;
        }
        return n;
    };
    if (inString) {
        const int e = endOfString(0);
        out.append({0, e, isKeyAhead(e) ? TokenKind::Key : TokenKind::String});
        i = e;
    }
    while (i < n) {
        const QChar c = t[i];
        if (c == QLatin1Char('"')) {
            const int e = endOfString(i + 1);
            out.append({i, e - i, isKeyAhead(e) ? TokenKind::Key : TokenKind::String});
            i = e;
        } else if (c == QLatin1Char('-') || c.isDigit()) {
            int e = i + 1;
            while (e < n && (t[e].isDigit() || QStringLiteral(".eE+-").contains(t[e])))
                ++e;
            out.append({i, e - i, TokenKind::Number});
            i = e;
        } else if (c.isLetter()) {
            int e = i + 1;
            while (e < n && t[e].isLetter())
                ++e;
            out.append({i, e - i, TokenKind::Literal});
            i = e;
        } else if (QStringLiteral("{}[]:,").contains(c)) {
            out.append({i, 1, TokenKind::Punctuation});
            ++i;
        } else {
            ++i;
        }
    }
    return out;
}

QList<Token> markup(const QString &t)
{
    QList<Token> out;
    const int n = int(t.size());
    int i = 0;
    while (i < n) {
        if (t.mid(i, 4) == QLatin1String("<!--")) {
            int e = int(t.indexOf(QLatin1String("-->"), i + 4));
            e = e < 0 ? n : e + 3;
            out.append({i, e - i, TokenKind::Comment});
            i = e;
        } else if (t[i] == QLatin1Char('<')) {
            int e = i + 1;
            while (e < n && !t[e].isSpace() && t[e] != QLatin1Char('>'))
                ++e;
            out.append({i, e - i, TokenKind::Tag});
            // Attributes and their quoted values up to the tag's end.
            while (e < n && t[e] != QLatin1Char('>')) {
                if (t[e] == QLatin1Char('"') || t[e] == QLatin1Char('\'')) {
                    const QChar q = t[e];
                    int v = int(t.indexOf(q, e + 1));
                    v = v < 0 ? n : v + 1;
                    out.append({e, v - e, TokenKind::String});
                    e = v;
                } else if (t[e].isLetter()) {
                    int a = e;
                    while (a < n && (t[a].isLetterOrNumber() || t[a] == QLatin1Char('-') ||
                                     t[a] == QLatin1Char(':')))
                        ++a;
                    out.append({e, a - e, TokenKind::Attribute});
                    e = a;
                } else {
                    ++e;
                }
            }
            if (e < n) {
                out.append({e, 1, TokenKind::Tag});
                ++e;
            }
            i = e;
        } else {
            ++i;
        }
    }
    return out;
}

} // namespace

QList<Token> highlightSegment(Syntax syntax, const QString &text, bool startsInString)
{
    switch (syntax) {
    case Syntax::Json:
        return json(text, startsInString);
    case Syntax::Markup:
        return markup(text);
    case Syntax::Plain:
        break;
    }
    return {};
}

Syntax syntaxFor(const QByteArray &contentType, const QByteArray &head)
{
    const QByteArray ct = contentType.toLower();
    if (ct.contains("json"))
        return Syntax::Json;
    if (ct.contains("xml") || ct.contains("html"))
        return Syntax::Markup;
    const QByteArray h = head.trimmed();
    if (h.startsWith('{') || h.startsWith('['))
        return Syntax::Json;
    if (h.startsWith('<'))
        return Syntax::Markup;
    return Syntax::Plain;
}

} // namespace bb::plugins::endpoints
