#include "engine/responses.h"

#include "common/json.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cstring>

namespace bb::engine {

http::Response rawJsonResponse(int status, std::string body)
{
    http::Response r;
    r.status = status;
    r.headers.add("Content-Type", "application/json");
    r.body = std::move(body);
    return r;
}

http::Response jsonResponse(int status, const QJsonObject &body)
{
    return rawJsonResponse(status,
                           QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString());
}

http::Response problemResponse(int status, const QString &detail, const QJsonObject &extra)
{
    QJsonObject o = json::problem(status,
                                  QString::fromLatin1(http::reasonPhrase(status).data(),
                                                      int(http::reasonPhrase(status).size())),
                                  detail);
    for (auto it = extra.begin(); it != extra.end(); ++it)
        o.insert(it.key(), it.value());
    http::Response r;
    r.status = status;
    r.headers.add("Content-Type", "application/problem+json");
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
    return r;
}

http::Response validationProblem(int status, const QMap<QString, QStringList> &errors)
{
    QJsonObject fields;
    for (auto it = errors.begin(); it != errors.end(); ++it)
        fields.insert(it.key(), QJsonArray::fromStringList(it.value()));
    const QString detail = status == 409
                               ? QStringLiteral("The record conflicts with an existing one.")
                               : QStringLiteral("The record failed validation.");
    return problemResponse(status, detail, QJsonObject{{"errors", fields}});
}

http::Response positionProblem(const QString &detail, const QString &parameter, int position)
{
    return problemResponse(400, detail,
                           QJsonObject{{"parameter", parameter}, {"position", position}});
}

std::string etagFor(std::string_view body)
{
    // FNV-1a style over 8-byte words (then the tail byte by byte): stable across runs and
    // machines, and eight times fewer steps than bytewise FNV on a record of a few hundred
    // bytes. A collision only costs a spurious 200 or 412, never wrong data.
    constexpr std::uint64_t kPrime = 0x100000001b3ULL;
    std::uint64_t h = 0xcbf29ce484222325ULL ^ body.size();
    std::size_t i = 0;
    for (; i + 8 <= body.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, body.data() + i, 8);
        h = (h ^ word) * kPrime;
        h ^= h >> 29;
    }
    for (; i < body.size(); ++i)
        h = (h ^ static_cast<unsigned char>(body[i])) * kPrime;
    h ^= h >> 32;
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(18, '"');
    for (int k = 16; k >= 1; --k, h >>= 4)
        out[std::size_t(k)] = hex[h & 0xf];
    return out;
}

bool etagMatches(std::string_view header, std::string_view etag, bool weak)
{
    std::size_t i = 0;
    while (i < header.size()) {
        while (i < header.size() && (header[i] == ' ' || header[i] == ','))
            ++i;
        std::size_t j = header.find(',', i);
        if (j == std::string_view::npos)
            j = header.size();
        std::string_view item = header.substr(i, j - i);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (item == "*")
            return true;
        const bool isWeak = item.substr(0, 2) == "W/";
        if (isWeak)
            item.remove_prefix(2);
        // RFC 9110: If-Match uses strong comparison, so a weak tag never matches there.
        if (item == etag && (weak || !isWeak))
            return true;
        i = j + 1;
    }
    return false;
}

http::Response storeFailure(const Error &e)
{
    switch (e.code) {
    case ErrorCode::Invalid:
        return problemResponse(400, e.message);
    case ErrorCode::NotFound:
        return problemResponse(404, e.message);
    case ErrorCode::Conflict:
        return problemResponse(409, e.message);
    case ErrorCode::Unavailable:
        return problemResponse(503, e.message);
    default:
        return problemResponse(500, QStringLiteral("The database failed: %1").arg(e.message));
    }
}

std::optional<http::Response> parseJsonBody(const http::Request &req, QJsonObject &out)
{
    const auto type = req.headers.get("Content-Type");
    if (!type.empty() && type.find("json") == std::string_view::npos)
        return problemResponse(415,
                               QStringLiteral("Send the record as application/json (got '%1').")
                                   .arg(QString::fromUtf8(type.data(), int(type.size()))));
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(
        QByteArray::fromRawData(req.body.data(), qsizetype(req.body.size())), &err);
    if (err.error != QJsonParseError::NoError)
        return problemResponse(400,
                               QStringLiteral("The body is not valid JSON: %1 at byte %2.")
                                   .arg(err.errorString())
                                   .arg(err.offset),
                               QJsonObject{{"position", err.offset}});
    if (!doc.isObject())
        return problemResponse(400, QStringLiteral("The body must be a JSON object."));
    out = doc.object();
    return std::nullopt;
}

std::optional<http::Response> intParameter(const std::string &name, const std::string &value,
                                           int min, int &out)
{
    const QString n = QString::fromStdString(name);
    const QString text = QString::fromStdString(value);
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < min)
        return problemResponse(400,
                               QStringLiteral("'%1' must be an integer of at least %2 (got '%3').")
                                   .arg(n)
                                   .arg(min)
                                   .arg(text),
                               QJsonObject{{"parameter", n}});
    out = v;
    return std::nullopt;
}

} // namespace bb::engine
