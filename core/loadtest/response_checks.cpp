#include "loadtest/response_checks_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace bb::loadtest {

ResponseChecks::ResponseChecks(const std::vector<Check> &checks)
    : m_checks(checks)
{
    for (const Check &c : m_checks) {
        int slot = -1;
        if (c.kind == Check::Kind::Header) {
            std::string lower = c.target;
            std::transform(lower.begin(), lower.end(), lower.begin(),
                           [](unsigned char ch) { return char(std::tolower(ch)); });
            auto it = std::find(m_headerNames.begin(), m_headerNames.end(), lower);
            if (it == m_headerNames.end()) {
                m_headerNames.push_back(lower);
                it = m_headerNames.end() - 1;
            }
            slot = int(it - m_headerNames.begin());
        }
        if (c.kind == Check::Kind::Status)
            m_decidesStatus = true;
        if (c.kind == Check::Kind::BodyContains || c.kind == Check::Kind::JsonPath)
            m_needsBody = true;
        m_captureIndex.push_back(slot);
    }
}

bool ResponseChecks::run(const ResponseParser &response, std::vector<char> &passed) const
{
    passed.assign(m_checks.size(), 0);
    bool all = true;
    for (std::size_t i = 0; i < m_checks.size(); ++i) {
        const Check &c = m_checks[i];
        bool ok = false;
        switch (c.kind) {
        case Check::Kind::Status:
            ok = c.statusMatches(response.status());
            break;
        case Check::Kind::Header: {
            const auto slot = std::size_t(m_captureIndex[i]);
            ok = response.hasHeader(slot) &&
                 (c.expected.empty() || response.header(slot) == c.expected);
            break;
        }
        case Check::Kind::BodyContains:
            ok = response.body().find(c.expected) != std::string::npos;
            break;
        case Check::Kind::JsonPath: {
            std::string value;
            ok = jsonPathValue(response.body(), c.target, value) &&
                 (c.expected.empty() || value == c.expected);
            break;
        }
        }
        passed[i] = ok;
        all = all && ok;
    }
    return all;
}

bool jsonPathValue(const std::string &json, const std::string &path, std::string &value)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(json.data(), qsizetype(json.size())), &error);
    if (error.error != QJsonParseError::NoError)
        return false;
    QJsonValue cur = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    std::size_t at = 1; // after '$'
    while (at < path.size()) {
        if (path[at] == '.') {
            std::size_t end = path.find_first_of(".[", at + 1);
            if (end == std::string::npos)
                end = path.size();
            const std::string key = path.substr(at + 1, end - at - 1);
            if (key.empty() || !cur.isObject())
                return false;
            const QJsonObject obj = cur.toObject();
            const auto it = obj.constFind(QString::fromStdString(key));
            if (it == obj.constEnd())
                return false;
            cur = *it;
            at = end;
        } else if (path[at] == '[') {
            const std::size_t close = path.find(']', at);
            if (close == std::string::npos)
                return false;
            std::string inner = path.substr(at + 1, close - at - 1);
            if (inner.size() >= 2 && (inner.front() == '\'' || inner.front() == '"')) {
                if (!cur.isObject())
                    return false;
                const QJsonObject obj = cur.toObject();
                const auto it =
                    obj.constFind(QString::fromStdString(inner.substr(1, inner.size() - 2)));
                if (it == obj.constEnd())
                    return false;
                cur = *it;
            } else {
                if (!cur.isArray() || inner.empty() ||
                    !std::all_of(inner.begin(), inner.end(),
                                 [](unsigned char ch) { return std::isdigit(ch); }))
                    return false;
                const QJsonArray arr = cur.toArray();
                const auto index = std::stoul(inner);
                if (index >= std::size_t(arr.size()))
                    return false;
                cur = arr.at(qsizetype(index));
            }
            at = close + 1;
        } else {
            return false;
        }
    }
    switch (cur.type()) {
    case QJsonValue::String:
        value = cur.toString().toStdString();
        break;
    case QJsonValue::Double: {
        const double d = cur.toDouble();
        if (d == double(qint64(d)) && std::abs(d) < 1e15)
            value = std::to_string(qint64(d));
        else
            value = QJsonDocument(QJsonArray{d})
                        .toJson(QJsonDocument::Compact)
                        .mid(1)
                        .chopped(1)
                        .toStdString();
        break;
    }
    case QJsonValue::Bool:
        value = cur.toBool() ? "true" : "false";
        break;
    case QJsonValue::Null:
        value = "null";
        break;
    case QJsonValue::Array:
        value = QJsonDocument(cur.toArray()).toJson(QJsonDocument::Compact).toStdString();
        break;
    case QJsonValue::Object:
        value = QJsonDocument(cur.toObject()).toJson(QJsonDocument::Compact).toStdString();
        break;
    default:
        return false;
    }
    return true;
}

} // namespace bb::loadtest
