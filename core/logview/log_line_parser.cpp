#include "logview/log_line_parser.h"

#include "logview/field_table.h"

#include "logview/jsonl_scanner.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

namespace bb::logview {

namespace {

enum class Key { Other, Level, Msg, Time, Trace, Seq };

bool equalsNoCase(std::string_view a, const char *b)
{
    std::size_t i = 0;
    for (; i < a.size() && b[i]; ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != b[i])
            return false;
    }
    return i == a.size() && !b[i];
}

Key classify(std::string_view key)
{
    // The spellings of the common keys across slog, zap, pino, bunyan, logrus, Serilog (CLEF),
    // Logstash/ECS and the engine itself.
    static const struct {
        const char *name;
        Key key;
    } kKeys[] = {
        {"level", Key::Level},     {"lvl", Key::Level},       {"severity", Key::Level},
        {"loglevel", Key::Level},  {"levelname", Key::Level}, {"@l", Key::Level},
        {"log.level", Key::Level}, {"msg", Key::Msg},         {"message", Key::Msg},
        {"@m", Key::Msg},          {"@mt", Key::Msg},         {"time", Key::Time},
        {"ts", Key::Time},         {"timestamp", Key::Time},  {"@timestamp", Key::Time},
        {"@t", Key::Time},         {"datetime", Key::Time},   {"trace_id", Key::Trace},
        {"traceid", Key::Trace},   {"trace.id", Key::Trace},  {"@tr", Key::Trace},
        {"seq", Key::Seq},
    };
    if (key.size() > 12)
        return Key::Other;
    for (const auto &k : kKeys) {
        if (equalsNoCase(key, k.name))
            return k.key;
    }
    return Key::Other;
}

int digits(std::string_view s, std::size_t at, int n)
{
    if (at + n > s.size())
        return -1;
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const char c = s[at + i];
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

std::int64_t daysFromCivil(int y, int m, int d)
{
    // Howard Hinnant's days_from_civil: no time zone database, no locale.
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return std::int64_t(era) * 146097 + std::int64_t(doe) - 719468;
}

} // namespace

bool parseIsoTime(std::string_view s, std::int64_t &ms)
{
    const int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || s.size() < 10 || s[4] != '-' ||
        s[7] != '-')
        return false;
    std::int64_t total = daysFromCivil(y, mo, d) * 86400000LL;
    std::size_t i = 10;
    if (i < s.size() && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        const int h = digits(s, i + 1, 2), mi = digits(s, i + 4, 2);
        if (h < 0 || mi < 0 || s.size() < i + 6 || s[i + 3] != ':')
            return false;
        int sec = 0;
        i += 6;
        if (i < s.size() && s[i] == ':') {
            sec = digits(s, i + 1, 2);
            if (sec < 0)
                return false;
            i += 3;
        }
        total += (h * 3600LL + mi * 60LL + sec) * 1000LL;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            ++i;
            int frac = 0, n = 0;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
                if (n < 3) {
                    frac = frac * 10 + (s[i] - '0');
                    ++n;
                }
                ++i;
            }
            while (n++ < 3)
                frac *= 10;
            total += frac;
        }
        if (i < s.size()) {
            if (s[i] == 'Z' || s[i] == 'z') {
                ++i;
            } else if (s[i] == '+' || s[i] == '-') {
                const int oh = digits(s, i + 1, 2);
                std::size_t j = i + 3;
                if (j < s.size() && s[j] == ':')
                    ++j;
                const int om = digits(s, j, 2);
                if (oh < 0 || om < 0)
                    return false;
                const std::int64_t off = (oh * 60LL + om) * 60000LL;
                total += s[i] == '+' ? -off : off;
                i = j + 2;
            }
        }
    }
    if (i != s.size())
        return false;
    ms = total;
    return true;
}

std::int64_t epochNumberToMs(double n)
{
    const double a = std::fabs(n);
    if (a >= 1e17)
        return static_cast<std::int64_t>(n / 1e6); // ns
    if (a >= 1e14)
        return static_cast<std::int64_t>(n / 1e3); // µs
    if (a >= 1e11)
        return static_cast<std::int64_t>(n);      // ms
    return static_cast<std::int64_t>(n * 1000.0); // s
}

LogLine parseLogLine(const QByteArray &text, FieldTable &table, std::int64_t arrivalMs,
                     ParseProblem *problem)
{
    // Per thread, reused line after line: the values' text and where each starts.
    struct Scratch {
        JsonlScanner scanner;
        std::string arena;
        struct Entry {
            std::uint16_t id;
            FieldKind kind;
            std::size_t offset, size;
        };
        std::vector<Entry> entries;
        std::vector<LogLine::FieldInput> fields;
        std::string msg, trace;
    };
    thread_local Scratch s;
    s.arena.clear();
    s.entries.clear();
    s.msg.clear();
    s.trace.clear();
    std::int64_t ts = arrivalMs;
    std::uint64_t seq = 0;
    Severity level = Severity::Info;
    bool haveMsg = false, haveTrace = false;
    const std::string_view line(text.constData(), std::size_t(text.size()));

    JsonlError error;
    const bool ok = s.scanner.scan(
        line,
        [&](const JsonlValue &v) {
            if (v.depth == 0) {
                switch (classify(v.path)) {
                case Key::Level:
                    if ((v.kind == FieldKind::Text && severityFromText(v.text, level)) ||
                        (v.kind == FieldKind::Number &&
                         severityFromNumber(std::strtod(std::string(v.text).c_str(), nullptr),
                                            level)))
                        return;
                    break; // an unknown level keeps its value as a field
                case Key::Msg:
                    if (v.kind == FieldKind::Text && !haveMsg) {
                        s.msg.assign(v.text);
                        haveMsg = true;
                        return;
                    }
                    break;
                case Key::Time:
                    if (v.kind == FieldKind::Text && parseIsoTime(v.text, ts))
                        return;
                    if (v.kind == FieldKind::Number) {
                        double n = 0;
                        std::from_chars(v.text.data(), v.text.data() + v.text.size(), n);
                        ts = epochNumberToMs(n);
                        return;
                    }
                    break;
                case Key::Trace:
                    if (v.kind == FieldKind::Text && !haveTrace) {
                        s.trace.assign(v.text);
                        haveTrace = true;
                        return;
                    }
                    break;
                case Key::Seq:
                    if (v.kind == FieldKind::Number) {
                        std::from_chars(v.text.data(), v.text.data() + v.text.size(), seq);
                        return;
                    }
                    break;
                case Key::Other:
                    break;
                }
            }
            // The engine nests a record's extra fields under "fields"; LogQuery names them
            // plainly.
            std::string_view name = v.path;
            if (v.depth == 1 && name.substr(0, 7) == "fields.")
                name.remove_prefix(7);
            s.entries.push_back({table.intern(name), v.kind, s.arena.size(), v.text.size()});
            s.arena.append(v.text);
        },
        &error);
    if (!ok) {
        if (problem) {
            problem->offset = error.offset;
            problem->message = QString::fromLatin1(error.message);
        }
        return LogLine::make(arrivalMs, 0, Severity::Info, line, {}, {});
    }
    s.fields.clear();
    for (const auto &e : s.entries)
        s.fields.push_back({e.id, e.kind, std::string_view(s.arena).substr(e.offset, e.size)});
    return LogLine::make(ts, seq, level, s.msg, s.trace, s.fields);
}

} // namespace bb::logview
