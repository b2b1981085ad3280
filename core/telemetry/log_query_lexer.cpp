#include "telemetry/log_query_lexer_p.h"

namespace bb::telemetry::internal {

namespace {

bool isIdentStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

class Lexer {
public:
    explicit Lexer(std::string_view s)
        : m_s(s)
    {}

    std::variant<std::vector<Token>, LogQueryError> run()
    {
        std::vector<Token> out;
        const std::size_t n = m_s.size();
        std::size_t i = 0;
        while (i < n) {
            const char c = m_s[i];
            const char next = i + 1 < n ? m_s[i + 1] : '\0';
            if (isSpace(c)) {
                advance(i, 1);
            } else if (c == '\'' || c == '"') {
                Token t{TokenKind::String, {}, m_units};
                if (!lexString(i, t.text))
                    return LogQueryError{t.pos, "unterminated string"};
                out.push_back(std::move(t));
            } else if (isDigit(c) || (c == '-' && isDigit(next))) {
                Token t{TokenKind::Number, {}, m_units};
                const std::size_t start = i;
                std::size_t j = i + (c == '-' ? 1 : 0);
                while (j < n && isDigit(m_s[j]))
                    ++j;
                if (j + 1 < n && m_s[j] == '.' && isDigit(m_s[j + 1])) {
                    ++j;
                    while (j < n && isDigit(m_s[j]))
                        ++j;
                }
                t.text = std::string(m_s.substr(start, j - start));
                advance(i, j - i);
                if (i < n && (isIdentStart(m_s[i]) || isDigit(m_s[i]) || m_s[i] == '.'))
                    return LogQueryError{t.pos, "malformed number"};
                out.push_back(std::move(t));
            } else if (isIdentStart(c)) {
                std::size_t j = i + 1;
                // Dots name nested fields of JSON-lines records ("fields.user").
                while (j < n && (isIdentStart(m_s[j]) || isDigit(m_s[j]) || m_s[j] == '.'))
                    ++j;
                out.push_back({TokenKind::Identifier, std::string(m_s.substr(i, j - i)), m_units});
                advance(i, j - i);
            } else if (c == '&' && next == '&') {
                out.push_back({TokenKind::And, "&&", m_units});
                advance(i, 2);
            } else if (c == '|' && next == '|') {
                out.push_back({TokenKind::Or, "||", m_units});
                advance(i, 2);
            } else if (c == '(' || c == ')') {
                out.push_back({c == '(' ? TokenKind::LParen : TokenKind::RParen, {c}, m_units});
                advance(i, 1);
            } else if ((c == '!' || c == '>' || c == '<') && next == '=') {
                out.push_back({TokenKind::Op, std::string(m_s.substr(i, 2)), m_units});
                advance(i, 2);
            } else if (c == '!' && next == '~') {
                out.push_back({TokenKind::Op, "!~", m_units});
                advance(i, 2);
            } else if (c == '=' || c == '>' || c == '<' || c == '~') {
                out.push_back({TokenKind::Op, {c}, m_units});
                advance(i, 1);
            } else {
                const std::size_t len = utf8SequenceAt(m_s, i);
                return LogQueryError{m_units, "unexpected character '" +
                                                  std::string(m_s.substr(i, len)) + "'"};
            }
        }
        out.push_back({TokenKind::End, {}, m_units});
        return out;
    }

private:
    // Moves `i` over `bytes` bytes, counting UTF-16 units: one per sequence, two for the 4-byte
    // sequences that need a surrogate pair.
    void advance(std::size_t &i, std::size_t bytes)
    {
        const std::size_t end = i + bytes;
        while (i < end && i < m_s.size()) {
            const std::size_t len = utf8SequenceAt(m_s, i);
            m_units += len == 4 ? 2 : 1;
            i += len;
        }
    }

    // Quoted text: the quote is escaped as \' (or \"), a backslash as \\; any other backslash is
    // kept as typed, as in the store's filters.
    bool lexString(std::size_t &i, std::string &text)
    {
        const char quote = m_s[i];
        std::size_t j = i + 1;
        while (j < m_s.size()) {
            const char c = m_s[j];
            if (c == '\\' && j + 1 < m_s.size() && (m_s[j + 1] == quote || m_s[j + 1] == '\\')) {
                text.push_back(m_s[j + 1]);
                j += 2;
                continue;
            }
            if (c == quote) {
                advance(i, j + 1 - i);
                return true;
            }
            text.push_back(c);
            ++j;
        }
        return false;
    }

    std::string_view m_s;
    int m_units = 0;
};

} // namespace

std::size_t utf8SequenceAt(std::string_view s, std::size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t len = 1;
    unsigned char low = 0x80, high = 0xBF; // the second byte's range (RFC 3629 table)
    if (b >= 0xC2 && b <= 0xDF) {
        len = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
        len = 3;
        low = b == 0xE0 ? 0xA0 : 0x80;
        high = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
        len = 4;
        low = b == 0xF0 ? 0x90 : 0x80;
        high = b == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 1;
    }
    if (i + len > s.size())
        return 1;
    for (std::size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        const unsigned char lo = k == 1 ? low : 0x80;
        const unsigned char hi = k == 1 ? high : 0xBF;
        if (c < lo || c > hi)
            return 1;
    }
    return len;
}

int utf16Length(std::string_view s)
{
    int units = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t len = utf8SequenceAt(s, i);
        units += len == 4 ? 2 : 1;
        i += len;
    }
    return units;
}

std::variant<std::vector<Token>, LogQueryError> tokenizeLogQuery(std::string_view text)
{
    return Lexer(text).run();
}

} // namespace bb::telemetry::internal
