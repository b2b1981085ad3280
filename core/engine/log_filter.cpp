#include "engine/log_filter.h"

#include "engine/responses.h"
#include "engine/router.h"

#include <QDateTime>
#include <QTimeZone>

#include <charconv>

namespace bb::engine {

std::optional<std::uint64_t> parseUnsigned(const std::string &text)
{
    std::uint64_t v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
        return std::nullopt;
    return v;
}

std::optional<std::int64_t> parseTimeParam(const std::string &text)
{
    if (text.empty())
        return std::nullopt;
    if (const auto ms = parseUnsigned(text)) {
        if (*ms > std::uint64_t(std::numeric_limits<std::int64_t>::max() / 1000))
            return std::nullopt;
        return std::int64_t(*ms) * 1000;
    }
    QString iso = QString::fromStdString(text);
    // RFC 3339 allows a space for the 'T' and a lower-case 'z'.
    if (iso.size() > 10 && iso.at(10) == QLatin1Char(' '))
        iso[10] = QLatin1Char('T');
    if (iso.endsWith(QLatin1Char('z')))
        iso.back() = QLatin1Char('Z');
    QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!t.isValid())
        return std::nullopt;
    if (t.timeSpec() == Qt::LocalTime) // no offset given: UTC, not this machine's zone
        t.setTimeZone(QTimeZone::utc());
    return t.toMSecsSinceEpoch() * 1000;
}

std::variant<LogFilter, http::Response> parseLogFilter(const QueryParams &params, bool withTime)
{
    LogFilter f;
    const std::string level = queryParam(params, "level");
    if (!level.empty() && !telemetry::parseLevel(level, f.minLevel))
        return problemResponse(400,
                               QStringLiteral("Unknown level '%1': use debug, info, warn or error.")
                                   .arg(QString::fromStdString(level)),
                               QJsonObject{{"parameter", "level"}});
    const std::string q = queryParam(params, "q");
    auto parsed = telemetry::LogQuery::parse(q);
    if (auto *e = std::get_if<telemetry::LogQueryError>(&parsed))
        return positionProblem(QStringLiteral("Bad query at %1: %2")
                                   .arg(e->position)
                                   .arg(QString::fromStdString(e->message)),
                               QStringLiteral("q"), e->position);
    f.query = std::get<telemetry::LogQuery>(std::move(parsed));
    if (!withTime)
        return f;
    for (const char *name : {"since", "until"}) {
        const std::string text = queryParam(params, name);
        if (text.empty())
            continue;
        const auto us = parseTimeParam(text);
        if (!us)
            return problemResponse(
                400,
                QStringLiteral("'%1' is not a time: give RFC 3339 (2024-01-02T03:04:05Z) or "
                               "milliseconds since the epoch.")
                    .arg(QString::fromStdString(text)),
                QJsonObject{{"parameter", name}});
        (std::string_view(name) == "since" ? f.sinceUs : f.untilUs) = *us;
    }
    return f;
}

} // namespace bb::engine
