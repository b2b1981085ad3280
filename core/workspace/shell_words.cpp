#include "workspace/shell_words_p.h"

namespace bb::workspace::detail {

namespace {

int hexValue(QChar c)
{
    if (c >= u'0' && c <= u'9')
        return c.unicode() - '0';
    if (c >= u'a' && c <= u'f')
        return c.unicode() - 'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c.unicode() - 'A' + 10;
    return -1;
}

// Length of a backslash-newline continuation starting at i (the backslash), or 0.
int continuationAt(const QString &s, qsizetype i)
{
    if (i + 1 < s.size() && s[i + 1] == u'\n')
        return 2;
    if (i + 2 < s.size() && s[i + 1] == u'\r' && s[i + 2] == u'\n')
        return 3;
    return 0;
}

// Decodes the body of $'...' starting after the opening quote; returns the index past the
// closing quote, or -1 when there is none. Escapes produce bytes, which are decoded as UTF-8.
qsizetype readAnsiC(const QString &s, qsizetype i, QString &out)
{
    QByteArray bytes;
    while (i < s.size()) {
        const QChar c = s[i];
        if (c == u'\'') {
            out += QString::fromUtf8(bytes);
            return i + 1;
        }
        if (c != u'\\' || i + 1 >= s.size()) {
            bytes += QString(c).toUtf8();
            ++i;
            continue;
        }
        const QChar e = s[i + 1];
        i += 2;
        switch (e.unicode()) {
        case 'n':
            bytes += '\n';
            break;
        case 't':
            bytes += '\t';
            break;
        case 'r':
            bytes += '\r';
            break;
        case 'a':
            bytes += '\a';
            break;
        case 'b':
            bytes += '\b';
            break;
        case 'f':
            bytes += '\f';
            break;
        case 'v':
            bytes += '\v';
            break;
        case 'e':
        case 'E':
            bytes += '\x1b';
            break;
        case 'x': {
            int v = 0, n = 0;
            while (n < 2 && i < s.size() && hexValue(s[i]) >= 0) {
                v = v * 16 + hexValue(s[i]);
                ++i;
                ++n;
            }
            if (n == 0)
                bytes += "\\x";
            else
                bytes += char(v);
            break;
        }
        default:
            if (e >= u'0' && e <= u'7') {
                int v = e.unicode() - '0', n = 1;
                while (n < 3 && i < s.size() && s[i] >= u'0' && s[i] <= u'7') {
                    v = v * 8 + (s[i].unicode() - '0');
                    ++i;
                    ++n;
                }
                bytes += char(v & 0xff);
            } else {
                // \\ \' \" and \? stand for themselves; unknown escapes keep the backslash.
                if (e != u'\\' && e != u'\'' && e != u'"' && e != u'?')
                    bytes += '\\';
                bytes += QString(e).toUtf8();
            }
        }
    }
    return -1;
}

} // namespace

bb::Result<QList<ShellWord>> splitShellWords(const QString &s)
{
    QList<ShellWord> words;
    QString cur;
    bool inWord = false;
    int start = 0;
    auto begin = [&](qsizetype i) {
        if (!inWord) {
            inWord = true;
            start = int(i);
        }
    };
    qsizetype i = 0;
    while (i < s.size()) {
        const QChar c = s[i];
        if (c == u'\\') {
            if (const int n = continuationAt(s, i)) {
                i += n;
                continue;
            }
            begin(i);
            if (i + 1 < s.size())
                cur += s[i + 1];
            i += 2;
        } else if (c == u'\'') {
            begin(i);
            const qsizetype end = s.indexOf(u'\'', i + 1);
            if (end < 0)
                return bb::Error::invalid(QStringLiteral("unterminated single quote"), int(i));
            cur += s.mid(i + 1, end - i - 1);
            i = end + 1;
        } else if (c == u'$' && i + 1 < s.size() && s[i + 1] == u'\'') {
            begin(i);
            const qsizetype end = readAnsiC(s, i + 2, cur);
            if (end < 0)
                return bb::Error::invalid(QStringLiteral("unterminated $'...' quote"), int(i));
            i = end;
        } else if (c == u'"') {
            begin(i);
            qsizetype j = i + 1;
            for (;;) {
                if (j >= s.size())
                    return bb::Error::invalid(QStringLiteral("unterminated double quote"), int(i));
                const QChar d = s[j];
                if (d == u'"')
                    break;
                if (d == u'\\' && j + 1 < s.size()) {
                    if (const int n = continuationAt(s, j)) {
                        j += n;
                        continue;
                    }
                    const QChar e = s[j + 1];
                    if (e == u'"' || e == u'\\' || e == u'$' || e == u'`') {
                        cur += e;
                        j += 2;
                        continue;
                    }
                }
                cur += d;
                ++j;
            }
            i = j + 1;
        } else if (c.isSpace()) {
            if (inWord) {
                words.append({cur, start});
                cur.clear();
                inWord = false;
            }
            ++i;
        } else if (c == u'#' && !inWord) {
            // A comment runs to the end of the line.
            while (i < s.size() && s[i] != u'\n')
                ++i;
        } else {
            begin(i);
            cur += c;
            ++i;
        }
    }
    if (inWord)
        words.append({cur, start});
    return words;
}

QString shellQuote(const QString &word)
{
    static const QString safe = QStringLiteral("-_./:=@,+%");
    bool bare = !word.isEmpty();
    for (const QChar c : word) {
        if (!(c.isLetterOrNumber() && c.unicode() < 128) && !safe.contains(c)) {
            bare = false;
            break;
        }
    }
    if (bare)
        return word;
    QString out = word;
    out.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + out + u'\'';
}

} // namespace bb::workspace::detail
