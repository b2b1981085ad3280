#include "common/json.h"

#include <QJsonDocument>

namespace bb::json {

namespace {

template<bool ScriptSafe> void appendQuotedImpl(std::string &out, std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    // Copy runs of plain characters in bulk: log lines are on the request hot path.
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if constexpr (ScriptSafe) {
            // "</" would end an inline script element, and U+2028/2029 end lines in older
            // JavaScript engines; \b and \f in their short form.
            const char *escape = nullptr;
            std::size_t used = 1;
            if (c == '/' && i > 0 && s[i - 1] == '<') {
                escape = "\\/";
            } else if (c == '\b') {
                escape = "\\b";
            } else if (c == '\f') {
                escape = "\\f";
            } else if (c == 0xE2 && i + 2 < s.size() &&
                       static_cast<unsigned char>(s[i + 1]) == 0x80 &&
                       (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
                        static_cast<unsigned char>(s[i + 2]) == 0xA9)) {
                escape = static_cast<unsigned char>(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
                used = 3;
            }
            if (escape) {
                out.append(s.data() + runStart, i - runStart);
                out += escape;
                i += used - 1;
                runStart = i + 1;
                continue;
            }
        }
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s.data() + runStart, i - runStart);
        runStart = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += "\\u00";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xf]);
        }
    }
    out.append(s.data() + runStart, s.size() - runStart);
    out.push_back('"');
}

} // namespace

void appendQuoted(std::string &out, std::string_view s)
{
    appendQuotedImpl<false>(out, s);
}

void appendScriptQuoted(std::string &out, std::string_view s)
{
    appendQuotedImpl<true>(out, s);
}

QJsonObject problem(int status, const QString &title, const QString &detail)
{
    QJsonObject o{{"type", "about:blank"}, {"title", title}, {"status", status}};
    if (!detail.isEmpty())
        o.insert("detail", detail);
    return o;
}

} // namespace bb::json
