#include "telemetry/log_record.h"

#include "common/json.h"

#include <QDateTime>

#include <cstdio>

namespace bb::telemetry {

const char *levelName(Level level)
{
    switch (level) {
    case Level::Debug:
        return "debug";
    case Level::Info:
        return "info";
    case Level::Warn:
        return "warn";
    case Level::Error:
        return "error";
    }
    return "info";
}

bool parseLevel(std::string_view text, Level &out)
{
    if (text == "debug")
        out = Level::Debug;
    else if (text == "info")
        out = Level::Info;
    else if (text == "warn" || text == "warning")
        out = Level::Warn;
    else if (text == "error")
        out = Level::Error;
    else
        return false;
    return true;
}

namespace {
void appendIsoTime(std::string &out, std::int64_t tsUs)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(tsUs / 1000, Qt::UTC);
    out += t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")).toStdString();
}
} // namespace

std::string LogRecord::toJsonLine() const
{
    std::string out;
    out.reserve(160 + msg.size() + path.size());
    out += "{\"seq\":";
    out += std::to_string(seq);
    out += ",\"ts\":\"";
    appendIsoTime(out, tsUs);
    out += "\",\"level\":\"";
    out += levelName(level);
    out += "\",\"msg\":";
    json::appendQuoted(out, msg);
    auto field = [&out](const char *name, const std::string &value) {
        if (value.empty())
            return;
        out += ",\"";
        out += name;
        out += "\":";
        json::appendQuoted(out, value);
    };
    field("traceId", traceId);
    field("method", method);
    field("path", path);
    if (status != 0) {
        out += ",\"status\":";
        out += std::to_string(status);
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.3f", durationMs);
        out += ",\"durationMs\":";
        out += buf;
    }
    field("userId", userId);
    field("ip", ip);
    if (!fields.empty()) {
        out += ",\"fields\":{";
        bool first = true;
        for (const auto &[k, v] : fields) {
            if (!first)
                out += ',';
            first = false;
            json::appendQuoted(out, k);
            out += ':';
            json::appendQuoted(out, v);
        }
        out += '}';
    }
    out += '}';
    return out;
}

} // namespace bb::telemetry
