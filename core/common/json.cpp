#include "common/json.h"

#include <QJsonDocument>

namespace bb::json {

QByteArray compact(const QJsonObject &obj)
{
    return QJsonDocument(obj).toJson(QJsonDocument::Compact);
}

void appendQuoted(std::string &out, std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (unsigned char c : s) {
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
            if (c < 0x20) {
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xf]);
            } else {
                out.push_back(char(c));
            }
        }
    }
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
