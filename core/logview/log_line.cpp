#include "logview/log_line.h"

#include "common/json.h"
#include "logview/field_table.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <ctime>

namespace bb::logview {

LogLine LogLine::make(std::int64_t tsMs, std::uint64_t seq, Severity level, std::string_view msg,
                      std::string_view traceId, const std::vector<FieldInput> &fields)
{
    LogLine line;
    line.tsMs = tsMs;
    line.seq = seq;
    line.level = level;
    std::size_t size = msg.size() + traceId.size();
    int count = 0;
    for (const LogLine::FieldInput &f : fields) {
        if (f.id == FieldTable::kNone)
            continue;
        size += kHeader + f.value.size();
        ++count;
    }
    line.m_size = static_cast<std::uint32_t>(size);
    line.m_msgLen = static_cast<std::uint32_t>(msg.size());
    line.m_traceLen = static_cast<std::uint32_t>(traceId.size());
    line.m_fieldCount = static_cast<std::uint16_t>(count);
    if (size == 0)
        return line;
    line.m_data.reset(new char[size]);
    char *p = line.m_data.get();
    std::memcpy(p, msg.data(), msg.size());
    p += msg.size();
    std::memcpy(p, traceId.data(), traceId.size());
    p += traceId.size();
    for (const LogLine::FieldInput &f : fields) {
        if (f.id == FieldTable::kNone)
            continue;
        const auto len = static_cast<std::uint32_t>(f.value.size());
        std::memcpy(p, &f.id, 2);
        p[2] = static_cast<char>(f.kind);
        std::memcpy(p + 3, &len, 4);
        std::memcpy(p + kHeader, f.value.data(), len);
        p += kHeader + len;
    }
    return line;
}

bool LogLine::field(std::uint16_t id, FieldRef *out) const
{
    bool found = false;
    forEachField([&](const FieldRef &ref) {
        if (!found && ref.id == id) {
            *out = ref;
            found = true;
        }
    });
    return found;
}

std::string isoTime(std::int64_t ms)
{
    std::int64_t secs = ms / 1000;
    int millis = int(ms % 1000);
    if (millis < 0) {
        millis += 1000;
        --secs;
    }
    const std::time_t t = static_cast<std::time_t>(secs);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buf;
}

std::string toJsonLine(const LogLine &line, const FieldTable &fields)
{
    std::string out;
    out.reserve(64 + line.heapBytes());
    out += "{\"ts\":";
    json::appendQuoted(out, isoTime(line.tsMs));
    if (line.seq)
        out += ",\"seq\":" + std::to_string(line.seq);
    out += ",\"level\":";
    json::appendQuoted(out, severityName(line.level));
    out += ",\"msg\":";
    json::appendQuoted(out, line.msg());
    if (!line.traceId().empty()) {
        out += ",\"traceId\":";
        json::appendQuoted(out, line.traceId());
    }
    line.forEachField([&](const FieldRef &f) {
        out += ',';
        json::appendQuoted(out, fields.name(f.id));
        out += ':';
        if (f.kind == FieldKind::Text)
            json::appendQuoted(out, f.value);
        else
            out += f.value;
    });
    out += '}';
    return out;
}

} // namespace bb::logview
