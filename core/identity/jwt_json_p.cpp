#include "identity/jwt_json_p.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QStringDecoder>

#include <cmath>
#include <limits>

namespace bb::identity::Internal {

namespace {

constexpr int kMaxDepth = 16;

// Recursive descent over the bytes; every read is bounds-checked, so arbitrary input is safe.
class Reader {
public:
    explicit Reader(QByteArrayView in)
        : m_in(in)
    {}

    std::optional<QJsonObject> document()
    {
        skipSpace();
        if (peek() != '{')
            return fail("the top level is not a JSON object");
        auto v = value(0);
        if (!v)
            return std::nullopt;
        skipSpace();
        if (m_pos != m_in.size())
            return fail("trailing characters after the JSON object");
        return v->toObject();
    }

    QString error() const { return m_error; }

private:
    std::nullopt_t fail(const char *why)
    {
        if (m_error.isEmpty())
            m_error = QString::fromLatin1(why);
        return std::nullopt;
    }

    char peek() const { return m_pos < m_in.size() ? m_in[m_pos] : '\0'; }
    bool atEnd() const { return m_pos >= m_in.size(); }

    void skipSpace()
    {
        while (!atEnd()) {
            const char c = m_in[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    bool literal(QByteArrayView word)
    {
        if (m_in.size() - m_pos < word.size() || m_in.sliced(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    std::optional<QJsonValue> value(int depth)
    {
        if (depth > kMaxDepth)
            return fail("JSON nested too deeply");
        skipSpace();
        switch (peek()) {
        case '{':
            return object(depth);
        case '[':
            return array(depth);
        case '"': {
            auto s = string();
            if (!s)
                return std::nullopt;
            return QJsonValue(*s);
        }
        case 't':
            return literal("true") ? std::optional(QJsonValue(true)) : fail("invalid literal");
        case 'f':
            return literal("false") ? std::optional(QJsonValue(false)) : fail("invalid literal");
        case 'n':
            return literal("null") ? std::optional(QJsonValue(QJsonValue::Null))
                                   : fail("invalid literal");
        default:
            return number();
        }
    }

    std::optional<QJsonValue> object(int depth)
    {
        ++m_pos; // '{'
        QJsonObject obj;
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            return QJsonValue(obj);
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                return fail("expected a member name");
            auto key = string();
            if (!key)
                return std::nullopt;
            if (obj.contains(*key))
                return fail("duplicate member name");
            skipSpace();
            if (peek() != ':')
                return fail("expected ':'");
            ++m_pos;
            auto v = value(depth + 1);
            if (!v)
                return std::nullopt;
            obj.insert(*key, *v);
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return QJsonValue(obj);
            }
            return fail("expected ',' or '}'");
        }
    }

    std::optional<QJsonValue> array(int depth)
    {
        ++m_pos; // '['
        QJsonArray arr;
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return QJsonValue(arr);
        }
        for (;;) {
            auto v = value(depth + 1);
            if (!v)
                return std::nullopt;
            arr.append(*v);
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return QJsonValue(arr);
            }
            return fail("expected ',' or ']'");
        }
    }

    std::optional<int> hex4()
    {
        if (m_in.size() - m_pos < 4)
            return std::nullopt;
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_in[m_pos++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= c - '0';
            else if (c >= 'a' && c <= 'f')
                v |= c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                v |= c - 'A' + 10;
            else
                return std::nullopt;
        }
        return v;
    }

    std::optional<QString> string()
    {
        ++m_pos; // opening quote
        QString out;
        qsizetype runStart = m_pos;
        // Unescaped runs are validated as UTF-8 in one go; escapes are decoded here.
        const auto flushRun = [&]() -> bool {
            if (m_pos == runStart)
                return true;
            QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless |
                                                          QStringDecoder::Flag::ConvertInitialBom);
            out += utf8(m_in.sliced(runStart, m_pos - runStart));
            return !utf8.hasError();
        };
        for (;;) {
            if (atEnd())
                return fail("unterminated string");
            const auto c = static_cast<unsigned char>(m_in[m_pos]);
            if (c == '"') {
                if (!flushRun())
                    return fail("invalid UTF-8 in a string");
                ++m_pos;
                return out;
            }
            if (c < 0x20)
                return fail("control character in a string");
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            if (!flushRun())
                return fail("invalid UTF-8 in a string");
            ++m_pos;
            if (atEnd())
                return fail("unterminated escape");
            const char e = m_in[m_pos++];
            switch (e) {
            case '"':
                out += QLatin1Char('"');
                break;
            case '\\':
                out += QLatin1Char('\\');
                break;
            case '/':
                out += QLatin1Char('/');
                break;
            case 'b':
                out += QLatin1Char('\b');
                break;
            case 'f':
                out += QLatin1Char('\f');
                break;
            case 'n':
                out += QLatin1Char('\n');
                break;
            case 'r':
                out += QLatin1Char('\r');
                break;
            case 't':
                out += QLatin1Char('\t');
                break;
            case 'u': {
                auto hi = hex4();
                if (!hi)
                    return fail("invalid \\u escape");
                if (*hi >= 0xDC00 && *hi <= 0xDFFF)
                    return fail("lone low surrogate");
                if (*hi >= 0xD800 && *hi <= 0xDBFF) {
                    if (!literal("\\u"))
                        return fail("lone high surrogate");
                    auto lo = hex4();
                    if (!lo || *lo < 0xDC00 || *lo > 0xDFFF)
                        return fail("lone high surrogate");
                    out += QChar(static_cast<char16_t>(*hi));
                    out += QChar(static_cast<char16_t>(*lo));
                } else {
                    out += QChar(static_cast<char16_t>(*hi));
                }
                break;
            }
            default:
                return fail("invalid escape");
            }
            runStart = m_pos;
        }
    }

    std::optional<QJsonValue> number()
    {
        const qsizetype start = m_pos;
        const auto digits = [&] {
            const qsizetype from = m_pos;
            while (!atEnd() && m_in[m_pos] >= '0' && m_in[m_pos] <= '9')
                ++m_pos;
            return m_pos - from;
        };
        bool integral = true;
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0')
            ++m_pos;
        else if (digits() == 0)
            return fail("invalid value");
        if (peek() == '.') {
            integral = false;
            ++m_pos;
            if (digits() == 0)
                return fail("invalid number");
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (digits() == 0)
                return fail("invalid number");
        }
        const QByteArray text = m_in.sliced(start, m_pos - start).toByteArray();
        bool ok = false;
        if (integral) {
            // Keep integers exact: claims such as exp must not pass through a double.
            const qint64 v = text.toLongLong(&ok);
            if (ok)
                return QJsonValue(v);
        }
        const double d = text.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return fail("number out of range");
        return QJsonValue(d);
    }

    QByteArrayView m_in;
    qsizetype m_pos = 0;
    QString m_error;
};

} // namespace

std::optional<QJsonObject> parseStrictJsonObject(QByteArrayView json, QString *error)
{
    Reader reader(json);
    auto obj = reader.document();
    if (!obj && error)
        *error = reader.error();
    return obj;
}

namespace {

// One pass over the bytes with no intermediate QJsonObject. Every function returns false at the
// first byte outside the narrow shape it accepts; it never has to explain why, because
// parseClaims() runs on whatever it gives up on.
class FastClaimsReader {
public:
    explicit FastClaimsReader(QByteArrayView in)
        : m_p(in.data())
        , m_end(in.data() + in.size())
    {}

    std::optional<Claims> claims()
    {
        enum : unsigned {
            Sub = 1,
            Jti = 2,
            Iat = 4,
            Exp = 8,
            Tv = 16,
            Nbf = 32,
            Roles = 64,
            Sid = 128
        };
        constexpr unsigned kRequired = Sub | Jti | Iat | Exp | Tv;
        Claims c;
        unsigned seen = 0;
        if (!eat('{'))
            return std::nullopt;
        for (;;) {
            QByteArrayView name;
            if (!string(&name) || !eat(':'))
                return std::nullopt;
            // A repeated name is refused by parseClaims() with its own message.
            const auto first = [&seen](unsigned bit) {
                const bool fresh = !(seen & bit);
                seen |= bit;
                return fresh;
            };
            bool ok = false;
            if (name == "sub")
                ok = first(Sub) && nonEmptyString(&c.sub);
            else if (name == "jti")
                ok = first(Jti) && nonEmptyString(&c.jti);
            else if (name == "iat")
                ok = first(Iat) && numericDate(&c.iat);
            else if (name == "exp")
                ok = first(Exp) && numericDate(&c.exp);
            else if (name == "nbf")
                ok = first(Nbf) && numericDate(&c.nbf.emplace());
            else if (name == "tv")
                ok = first(Tv) && intClaim(&c.tv);
            else if (name == "sid")
                ok = first(Sid) && nonEmptyString(&c.sid);
            else if (name == "roles")
                ok = first(Roles) && roles(&c.roles);
            // Unknown claims are valid but rare; parseClaims() checks their JSON in full.
            if (!ok)
                return std::nullopt;
            if (eat(','))
                continue;
            if (eat('}'))
                break;
            return std::nullopt;
        }
        if (m_p != m_end || (seen & kRequired) != kRequired)
            return std::nullopt;
        return c;
    }

private:
    bool eat(char ch)
    {
        if (m_p == m_end || *m_p != ch)
            return false;
        ++m_p;
        return true;
    }

    // Printable ASCII only: then the bytes are the string, with no UTF-8 or escape decoding.
    bool string(QByteArrayView *out)
    {
        if (!eat('"'))
            return false;
        const char *start = m_p;
        for (; m_p != m_end; ++m_p) {
            const auto ch = static_cast<unsigned char>(*m_p);
            if (ch == '"') {
                *out = QByteArrayView(start, m_p - start);
                ++m_p;
                return true;
            }
            if (ch < 0x20 || ch > 0x7E || ch == '\\')
                return false;
        }
        return false;
    }

    bool nonEmptyString(QString *out)
    {
        QByteArrayView s;
        if (!string(&s) || s.isEmpty())
            return false;
        *out = QString::fromLatin1(s);
        return true;
    }

    // An optional minus and at most 15 digits without a leading zero: exact in a qint64, and
    // the same value the strict reader's toLongLong gives. "-0", fractions and exponents are
    // left to the strict reader.
    bool integer(qint64 *out)
    {
        const bool negative = eat('-');
        const char *start = m_p;
        qint64 v = 0;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9' && m_p - start < 15)
            v = v * 10 + (*m_p++ - '0');
        const qsizetype n = m_p - start;
        if (n == 0 || (*start == '0' && (n > 1 || negative)))
            return false;
        if (m_p != m_end &&
            (*m_p == '.' || *m_p == 'e' || *m_p == 'E' || (*m_p >= '0' && *m_p <= '9')))
            return false;
        *out = negative ? -v : v;
        return true;
    }

    bool numericDate(qint64 *out) { return integer(out) && *out >= 0 && *out <= kMaxNumericDate; }

    bool intClaim(int *out)
    {
        qint64 v = 0;
        if (!integer(&v) || v < std::numeric_limits<int>::min() ||
            v > std::numeric_limits<int>::max())
            return false;
        *out = static_cast<int>(v);
        return true;
    }

    bool roles(QStringList *out)
    {
        if (!eat('['))
            return false;
        if (eat(']'))
            return true;
        for (;;) {
            QByteArrayView s;
            if (!string(&s))
                return false;
            out->append(QString::fromLatin1(s));
            if (eat(','))
                continue;
            return eat(']');
        }
    }

    const char *m_p;
    const char *m_end;
};

} // namespace

std::optional<Claims> parseClaimsFast(QByteArrayView json)
{
    return FastClaimsReader(json).claims();
}

} // namespace bb::identity::Internal
