#include "logview/jsonl_scanner.h"

namespace bb::logview {

namespace {

void appendUtf8(std::string &out, unsigned cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

bool JsonlScanner::scan(std::string_view line, const Visitor &visit, JsonlError *error)
{
    m_s = line;
    m_i = 0;
    m_path.clear();
    m_error = error;
    ws();
    if (m_i >= m_s.size() || m_s[m_i] != '{')
        return fail("not a JSON object");
    if (!object(0, visit))
        return false;
    ws();
    if (m_i != m_s.size())
        return fail("text after the object");
    return true;
}

bool JsonlScanner::fail(const char *message)
{
    if (m_error) {
        m_error->offset = int(m_i);
        m_error->message = message;
    }
    return false;
}

void JsonlScanner::ws()
{
    while (m_i < m_s.size() &&
           (m_s[m_i] == ' ' || m_s[m_i] == '\t' || m_s[m_i] == '\r' || m_s[m_i] == '\n'))
        ++m_i;
}

bool JsonlScanner::object(int depth, const Visitor &visit)
{
    ++m_i; // '{'
    ws();
    if (m_i < m_s.size() && m_s[m_i] == '}') {
        ++m_i;
        return true;
    }
    const std::size_t base = m_path.size();
    for (;;) {
        ws();
        if (m_i >= m_s.size() || m_s[m_i] != '"')
            return fail("expected a key in quotes");
        if (!string(m_key))
            return false;
        ws();
        if (m_i >= m_s.size() || m_s[m_i] != ':')
            return fail("expected ':' after the key");
        ++m_i;
        ws();
        m_path.resize(base);
        if (base)
            m_path += '.';
        m_path += m_key;
        if (!value(depth, visit))
            return false;
        m_path.resize(base);
        ws();
        if (m_i >= m_s.size())
            return fail("unterminated object");
        if (m_s[m_i] == ',') {
            ++m_i;
            continue;
        }
        if (m_s[m_i] == '}') {
            ++m_i;
            return true;
        }
        return fail("expected ',' or '}'");
    }
}

bool JsonlScanner::value(int depth, const Visitor &visit)
{
    if (m_i >= m_s.size())
        return fail("expected a value");
    const char c = m_s[m_i];
    JsonlValue v;
    v.depth = depth;
    if (c == '"') {
        if (!string(m_text))
            return false;
        v.path = m_path;
        v.kind = FieldKind::Text;
        v.text = m_text;
        visit(v);
        return true;
    }
    if (c == '{' && depth + 1 < kMaxDepth)
        return object(depth + 1, visit);
    if (c == '{' || c == '[') {
        const std::size_t start = m_i;
        if (!skipValue())
            return false;
        v.path = m_path;
        v.kind = FieldKind::Json;
        v.text = m_s.substr(start, m_i - start);
        visit(v);
        return true;
    }
    const std::size_t start = m_i;
    if (c == 't' || c == 'f' || c == 'n') {
        const std::string_view word = c == 't' ? "true" : c == 'f' ? "false" : "null";
        if (m_s.substr(m_i, word.size()) != word)
            return fail("unknown literal");
        m_i += word.size();
        v.kind = c == 'n' ? FieldKind::Null : FieldKind::Bool;
    } else {
        if (!number())
            return false;
        v.kind = FieldKind::Number;
    }
    v.path = m_path;
    v.text = m_s.substr(start, m_i - start);
    visit(v);
    return true;
}

bool JsonlScanner::number()
{
    const std::size_t start = m_i;
    if (m_i < m_s.size() && m_s[m_i] == '-')
        ++m_i;
    std::size_t digits = 0;
    while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9') {
        ++m_i;
        ++digits;
    }
    if (!digits) {
        m_i = start;
        return fail("expected a value");
    }
    if (m_i < m_s.size() && m_s[m_i] == '.') {
        ++m_i;
        if (m_i >= m_s.size() || m_s[m_i] < '0' || m_s[m_i] > '9')
            return fail("expected a digit after '.'");
        while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9')
            ++m_i;
    }
    if (m_i < m_s.size() && (m_s[m_i] == 'e' || m_s[m_i] == 'E')) {
        ++m_i;
        if (m_i < m_s.size() && (m_s[m_i] == '+' || m_s[m_i] == '-'))
            ++m_i;
        if (m_i >= m_s.size() || m_s[m_i] < '0' || m_s[m_i] > '9')
            return fail("expected an exponent");
        while (m_i < m_s.size() && m_s[m_i] >= '0' && m_s[m_i] <= '9')
            ++m_i;
    }
    return true;
}

bool JsonlScanner::string(std::string &out)
{
    out.clear();
    ++m_i; // opening quote
    std::size_t run = m_i;
    while (m_i < m_s.size()) {
        const char c = m_s[m_i];
        if (c == '"') {
            out.append(m_s.data() + run, m_i - run);
            ++m_i;
            return true;
        }
        if (static_cast<unsigned char>(c) < 0x20)
            return fail("control character in a string");
        if (c != '\\') {
            ++m_i;
            continue;
        }
        out.append(m_s.data() + run, m_i - run);
        if (m_i + 1 >= m_s.size())
            return fail("unterminated string");
        const char e = m_s[m_i + 1];
        m_i += 2;
        switch (e) {
        case '"':
            out += '"';
            break;
        case '\\':
            out += '\\';
            break;
        case '/':
            out += '/';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'n':
            out += '\n';
            break;
        case 'r':
            out += '\r';
            break;
        case 't':
            out += '\t';
            break;
        case 'u': {
            auto hex4 = [this](std::size_t at, unsigned &cp) {
                if (at + 4 > m_s.size())
                    return false;
                cp = 0;
                for (std::size_t k = 0; k < 4; ++k) {
                    const int h = hexValue(m_s[at + k]);
                    if (h < 0)
                        return false;
                    cp = cp * 16 + unsigned(h);
                }
                return true;
            };
            unsigned cp = 0;
            if (!hex4(m_i, cp))
                return fail("bad \\u escape");
            m_i += 4;
            if (cp >= 0xD800 && cp < 0xDC00) {
                unsigned low = 0;
                if (m_i + 6 <= m_s.size() && m_s[m_i] == '\\' && m_s[m_i + 1] == 'u' &&
                    hex4(m_i + 2, low) && low >= 0xDC00 && low < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    m_i += 6;
                } else {
                    cp = 0xFFFD; // a lone surrogate
                }
            } else if (cp >= 0xDC00 && cp < 0xE000) {
                cp = 0xFFFD;
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            m_i -= 1;
            return fail("unknown escape");
        }
        run = m_i;
    }
    return fail("unterminated string");
}

bool JsonlScanner::skipValue()
{
    // Balanced brackets outside strings, checked pairwise; kept as raw text, not descended into.
    std::string open;
    std::string ignored;
    while (m_i < m_s.size()) {
        const char c = m_s[m_i];
        if (c == '"') {
            if (!string(ignored))
                return false;
            continue;
        }
        if (c == '{' || c == '[') {
            open += c;
        } else if (c == '}' || c == ']') {
            if (open.empty() || (c == '}') != (open.back() == '{'))
                return fail("mismatched bracket");
            open.pop_back();
            if (open.empty()) {
                ++m_i;
                return true;
            }
        }
        ++m_i;
    }
    return fail("unterminated array or object");
}

} // namespace bb::logview
