#include "http/header_scanner.h"

#include <cstring>

namespace bb::http {

namespace {

// RFC 9110 tchar: "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" /
// "`" / "|" / "~" / DIGIT / ALPHA
constexpr bool tokenTable(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

struct TokenChars {
    bool table[256] = {};
    constexpr TokenChars()
    {
        for (int c = 0; c < 256; ++c)
            table[c] = tokenTable(static_cast<unsigned char>(c));
    }
};
constexpr TokenChars kToken;

// field-value chars: HTAB, SP, VCHAR and obs-text; no other control characters.
inline bool isValueChar(unsigned char c)
{
    return c == '\t' || c >= 0x20 ? c != 0x7f : false;
}

} // namespace

bool HeaderScanner::isTokenChar(unsigned char c)
{
    return kToken.table[c];
}

HeaderScanner::State HeaderScanner::scan(std::string_view head, std::size_t limit)
{
    for (;;) {
        const std::size_t window = head.size() < limit ? head.size() : limit;
        if (m_pos >= window) {
            if (head.size() >= limit)
                return m_reason = "request head too large", State::TooLarge;
            return State::Incomplete;
        }
        const char *start = head.data() + m_pos;
        const void *lf = std::memchr(start, '\n', window - m_pos);
        if (!lf) {
            if (head.size() >= limit)
                return m_reason = "request head too large", State::TooLarge;
            return State::Incomplete;
        }
        const std::size_t end = static_cast<const char *>(lf) - head.data(); // index of '\n'
        if (end == m_pos || head[end - 1] != '\r')
            return fail("bare LF in request head");
        std::string_view line(start, end - 1 - m_pos); // without CRLF
        m_pos = end + 1;
        if (!m_sawRequestLine) {
            if (!checkRequestLine(line))
                return State::Invalid;
            m_sawRequestLine = true;
            continue;
        }
        if (line.empty())
            return State::Complete;
        if (!checkFieldLine(line))
            return State::Invalid;
    }
}

bool HeaderScanner::checkRequestLine(std::string_view line)
{
    std::size_t i = 0;
    while (i < line.size() && kToken.table[static_cast<unsigned char>(line[i])])
        ++i;
    if (i == 0 || i >= line.size() || line[i] != ' ')
        return fail("malformed method"), false;
    const std::size_t targetStart = ++i;
    while (i < line.size() && static_cast<unsigned char>(line[i]) > 0x20 &&
           static_cast<unsigned char>(line[i]) < 0x7f)
        ++i;
    if (i == targetStart || i >= line.size() || line[i] != ' ')
        return fail("malformed request target"), false;
    std::string_view version = line.substr(i + 1);
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return fail("unsupported or malformed HTTP version"), false;
    return true;
}

bool HeaderScanner::checkFieldLine(std::string_view line)
{
    std::size_t i = 0;
    while (i < line.size() && kToken.table[static_cast<unsigned char>(line[i])])
        ++i;
    if (i == 0) {
        return fail(line[0] == ' ' || line[0] == '\t' ? "obsolete line folding"
                                                      : "malformed header field name"),
               false;
    }
    if (i >= line.size() || line[i] != ':')
        return fail("malformed header field name"), false;
    for (++i; i < line.size(); ++i) {
        if (!isValueChar(static_cast<unsigned char>(line[i])))
            return fail("invalid character in header field value"), false;
    }
    return true;
}

} // namespace bb::http
