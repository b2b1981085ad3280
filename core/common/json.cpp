#include "common/json.h"

#include <QJsonDocument>

namespace bb::json {

void appendQuoted(std::string &out, std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    // Copy runs of plain characters in bulk: log lines are on the request hot path.
    std::size_t runStart = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
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

QJsonObject problem(int status, const QString &title, const QString &detail)
{
    QJsonObject o{{"type", "about:blank"}, {"title", title}, {"status", status}};
    if (!detail.isEmpty())
        o.insert("detail", detail);
    return o;
}

} // namespace bb::json
