#include "logview/log_line_parser.h"

#include "logview/field_table.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>
#include <cmath>

namespace bb::logview {

namespace {

enum class Key { Other, Level, Msg, Time, Trace, Seq };

Key classify(QStringView key)
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
        if (key.compare(QLatin1String(k.name), Qt::CaseInsensitive) == 0)
            return k.key;
    }
    return Key::Other;
}

std::string numberSpelling(double d)
{
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15)
        return std::to_string(static_cast<long long>(d));
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, r.ptr);
}

using Fields = std::vector<std::pair<std::uint16_t, std::pair<FieldKind, std::string>>>;

void addValue(Fields &out, FieldTable &table, const QString &name, const QJsonValue &v, int depth)
{
    switch (v.type()) {
    case QJsonValue::Object:
        if (depth < 4) {
            const QJsonObject o = v.toObject();
            for (auto it = o.begin(); it != o.end(); ++it)
                addValue(out, table, name + QLatin1Char('.') + it.key(), it.value(), depth + 1);
            return;
        }
        out.push_back({table.intern(name.toStdString()),
                       {FieldKind::Json,
                        QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact).toStdString()}});
        return;
    case QJsonValue::Array:
        out.push_back({table.intern(name.toStdString()),
                       {FieldKind::Json,
                        QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact).toStdString()}});
        return;
    case QJsonValue::Double:
        out.push_back(
            {table.intern(name.toStdString()), {FieldKind::Number, numberSpelling(v.toDouble())}});
        return;
    case QJsonValue::Bool:
        out.push_back(
            {table.intern(name.toStdString()), {FieldKind::Bool, v.toBool() ? "true" : "false"}});
        return;
    case QJsonValue::Null:
        out.push_back({table.intern(name.toStdString()), {FieldKind::Null, "null"}});
        return;
    case QJsonValue::String:
        out.push_back(
            {table.intern(name.toStdString()), {FieldKind::Text, v.toString().toStdString()}});
        return;
    case QJsonValue::Undefined:
        return;
    }
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
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (!doc.isObject()) {
        if (problem) {
            problem->offset = error.error == QJsonParseError::NoError ? 0 : error.offset;
            problem->message = error.error == QJsonParseError::NoError
                                   ? QStringLiteral("not a JSON object")
                                   : error.errorString();
        }
        return LogLine::make(arrivalMs, 0, Severity::Info,
                             std::string_view(text.constData(), std::size_t(text.size())), {}, {});
    }
    const QJsonObject o = doc.object();
    std::int64_t ts = arrivalMs;
    std::uint64_t seq = 0;
    Severity level = Severity::Info;
    std::string msg, trace;
    Fields fields;
    fields.reserve(std::size_t(o.size()));
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString key = it.key();
        const QJsonValue v = it.value();
        switch (classify(key)) {
        case Key::Level:
            if (v.isString()) {
                const QByteArray l = v.toString().toUtf8();
                if (severityFromText(std::string_view(l.constData(), std::size_t(l.size())), level))
                    continue;
            } else if (v.isDouble() && severityFromNumber(v.toDouble(), level)) {
                continue;
            }
            break; // an unknown level keeps its value as a field
        case Key::Msg:
            if (v.isString() && msg.empty()) {
                msg = v.toString().toStdString();
                continue;
            }
            break;
        case Key::Time:
            if (v.isString()) {
                const QByteArray t = v.toString().toLatin1();
                if (parseIsoTime(std::string_view(t.constData(), std::size_t(t.size())), ts))
                    continue;
            } else if (v.isDouble()) {
                ts = epochNumberToMs(v.toDouble());
                continue;
            }
            break;
        case Key::Trace:
            if (v.isString() && trace.empty()) {
                trace = v.toString().toStdString();
                continue;
            }
            break;
        case Key::Seq:
            if (v.isDouble() && v.toDouble() > 0) {
                seq = static_cast<std::uint64_t>(v.toDouble());
                continue;
            }
            break;
        case Key::Other:
            break;
        }
        // The engine nests a record's extra fields under "fields"; LogQuery names them plainly.
        if (key == QLatin1String("fields") && v.isObject()) {
            const QJsonObject f = v.toObject();
            for (auto j = f.begin(); j != f.end(); ++j)
                addValue(fields, table, j.key(), j.value(), 1);
            continue;
        }
        addValue(fields, table, key, v, 0);
    }
    return LogLine::make(ts, seq, level, msg, trace, fields);
}

} // namespace bb::logview
