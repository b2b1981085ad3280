#include "workspace/yaml_writer_p.h"

#include <QStringList>

namespace bb::workspace::detail {

namespace {

bool isPlainSafeChar(QChar c)
{
    if (c.isLetterOrNumber() && c.unicode() < 128)
        return true;
    switch (c.unicode()) {
    case ' ':
    case '_':
    case '-':
    case '.':
    case '/':
    case ':':
    case '@':
    case '%':
    case '+':
    case '=':
    case '?':
    case '&':
    case ',':
    case '$':
    case '(':
    case ')':
    case '{':
    case '}':
    case '[':
    case ']':
    case '*':
    case ';':
        return true;
    default:
        return false;
    }
}

bool hasLoneSurrogate(const QString &s)
{
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (s[i].isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate())
            ++i;
        else if (s[i].isSurrogate())
            return true;
    }
    return false;
}

// Characters a block literal cannot carry verbatim: YAML normalises CR to LF, and printable
// means no C0 controls except tab, no DEL, no NEL/LS/PS/BOM.
bool canBeLiteral(const QString &s)
{
    if (!s.contains(u'\n'))
        return false;
    // Only blank lines: a literal would read back as the empty string.
    if (s.trimmed().isEmpty())
        return false;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\n' && u != u'\t') || u == 0x7f || u == 0x85 || u == 0x2028 ||
            u == 0x2029 || u == 0xfeff)
            return false;
    }
    if (hasLoneSurrogate(s))
        return false;
    // A literal starting with a tab on its first content line would be read as indentation
    // error by some readers; quote those instead.
    for (const QString &line : s.split(u'\n'))
        if (line.startsWith(u'\t'))
            return false;
    return true;
}

QByteArray doubleQuoted(const QString &s)
{
    QByteArray out = "\"";
    for (qsizetype i = 0; i < s.size(); ++i) {
        const QChar c = s[i];
        const char16_t u = c.unicode();
        if (c.isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate()) {
            out += s.mid(i, 2).toUtf8();
            ++i;
            continue;
        }
        switch (u) {
        case u'"':
            out += "\\\"";
            break;
        case u'\\':
            out += "\\\\";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\t':
            out += "\\t";
            break;
        case u'\r':
            out += "\\r";
            break;
        default:
            if (c.isSurrogate()) // unpaired: not a character, and YAML cannot escape it
                out += "\\ufffd";
            else if (u < 0x20 || u == 0x7f || u == 0x85 || u == 0x2028 || u == 0x2029 ||
                     u == 0xfeff)
                out += "\\u" + QByteArray::number(u, 16).rightJustified(4, '0');
            else
                out += QString(c).toUtf8();
        }
    }
    out += '"';
    return out;
}

} // namespace

// Plain (unquoted) only for a conservative subset that every YAML reader takes as this exact
// string: no leading indicator, no ": " or trailing colon, no word YAML types as null or bool.
bool isPlainScalar(const QString &s)
{
    if (s.isEmpty() || s.size() > 200)
        return false;
    const QChar first = s.front();
    if (!(first.isLetter() && first.unicode() < 128) && first != u'_' && first != u'/' &&
        first != u'$')
        return false;
    if (s.back() == u' ' || s.back() == u':')
        return false;
    for (QChar c : s)
        if (!isPlainSafeChar(c))
            return false;
    if (s.contains(QStringLiteral(": ")))
        return false;
    static const QStringList reserved = {
        QStringLiteral("null"), QStringLiteral("true"), QStringLiteral("false"),
        QStringLiteral("yes"),  QStringLiteral("no"),   QStringLiteral("on"),
        QStringLiteral("off"),  QStringLiteral("y"),    QStringLiteral("n")};
    return !reserved.contains(s, Qt::CaseInsensitive);
}

void YamlWriter::keyPrefix(const char *key)
{
    if (m_pendingItem) {
        m_out += QByteArray(m_indent - 2, ' ') + "- ";
        m_pendingItem = false;
    } else {
        m_out += QByteArray(m_indent, ' ');
    }
    m_out += key;
    m_out += ':';
}

void YamlWriter::value(const QString &v)
{
    if (isPlainScalar(v)) {
        m_out += ' ' + v.toUtf8() + '\n';
        return;
    }
    if (!canBeLiteral(v)) {
        m_out += ' ' + doubleQuoted(v) + '\n';
        return;
    }
    // Chomping: '-' strips the final newline, none keeps one, '+' keeps them all.
    qsizetype trailing = 0;
    while (trailing < v.size() && v[v.size() - 1 - trailing] == u'\n')
        ++trailing;
    const char *chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+";
    const QString body = trailing == 0 ? v : v.left(v.size() - trailing);
    const QStringList lines = body.split(u'\n');
    // The indentation is detected from the first non-empty line; if that starts with a space it
    // must be given explicitly.
    bool indicator = false;
    for (const QString &l : lines) {
        if (l.isEmpty())
            continue;
        indicator = l.startsWith(u' ');
        break;
    }
    m_out += " |";
    if (indicator)
        m_out += '2';
    m_out += chomp;
    m_out += '\n';
    const QByteArray pad(m_indent + 2, ' ');
    for (const QString &l : lines) {
        if (!l.isEmpty())
            m_out += pad + l.toUtf8();
        m_out += '\n';
    }
    for (qsizetype i = 1; i < trailing; ++i)
        m_out += '\n';
}

void YamlWriter::scalar(const char *key, const QString &v)
{
    keyPrefix(key);
    value(v);
}

void YamlWriter::boolean(const char *key, bool v)
{
    keyPrefix(key);
    m_out += v ? " true\n" : " false\n";
}

void YamlWriter::integer(const char *key, int v)
{
    keyPrefix(key);
    m_out += ' ' + QByteArray::number(v) + '\n';
}

void YamlWriter::beginMap(const char *key)
{
    keyPrefix(key);
    m_out += '\n';
    m_indent += 2;
}

void YamlWriter::beginSeq(const char *key)
{
    keyPrefix(key);
    m_out += '\n';
    m_indent += 2;
}

void YamlWriter::item()
{
    m_indent += 2;
    m_pendingItem = true;
}

void YamlWriter::seqScalar(const QString &v)
{
    m_out += QByteArray(m_indent, ' ') + '-';
    value(v);
}

void YamlWriter::leave()
{
    m_pendingItem = false;
    m_indent -= 2;
}

void YamlWriter::comment(const QString &text)
{
    m_out += QByteArray(m_indent, ' ') + "# " + text.toUtf8() + '\n';
}

} // namespace bb::workspace::detail
