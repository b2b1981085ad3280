#include "logview/log_level.h"

#include <QCoreApplication>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

namespace bb::logview {

const char *severityName(Severity s)
{
    switch (s) {
    case Severity::Trace:
        return "trace";
    case Severity::Debug:
        return "debug";
    case Severity::Info:
        return "info";
    case Severity::Warn:
        return "warn";
    case Severity::Error:
        return "error";
    case Severity::Fatal:
        return "fatal";
    }
    return "info";
}

QString severityLabel(Severity s)
{
    return QString::fromLatin1(severityName(s));
}

bool severityFromText(std::string_view text, Severity &out)
{
    if (text.empty() || text.size() > 12)
        return false;
    std::string t(text);
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!t.empty() && (std::isdigit(static_cast<unsigned char>(t[0])) || t[0] == '-'))
        return severityFromNumber(std::strtod(t.c_str(), nullptr), out);
    struct Name {
        const char *name;
        Severity severity;
    };
    static constexpr Name kNames[] = {
        {"trace", Severity::Trace},  {"verbose", Severity::Trace},
        {"trc", Severity::Trace},    {"debug", Severity::Debug},
        {"dbg", Severity::Debug},    {"d", Severity::Debug},
        {"info", Severity::Info},    {"information", Severity::Info},
        {"inf", Severity::Info},     {"notice", Severity::Info},
        {"i", Severity::Info},       {"warn", Severity::Warn},
        {"warning", Severity::Warn}, {"wrn", Severity::Warn},
        {"w", Severity::Warn},       {"error", Severity::Error},
        {"err", Severity::Error},    {"e", Severity::Error},
        {"fatal", Severity::Fatal},  {"critical", Severity::Fatal},
        {"crit", Severity::Fatal},   {"panic", Severity::Fatal},
        {"emerg", Severity::Fatal},  {"emergency", Severity::Fatal},
        {"alert", Severity::Fatal},  {"dpanic", Severity::Fatal},
    };
    for (const Name &n : kNames) {
        if (t == n.name) {
            out = n.severity;
            return true;
        }
    }
    return false;
}

bool severityFromNumber(double n, Severity &out)
{
    // pino/bunyan: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal.
    if (n >= 10) {
        out = n >= 60   ? Severity::Fatal
              : n >= 50 ? Severity::Error
              : n >= 40 ? Severity::Warn
              : n >= 30 ? Severity::Info
              : n >= 20 ? Severity::Debug
                        : Severity::Trace;
        return true;
    }
    // syslog: 0 emergency .. 7 debug.
    if (n >= 0 && n <= 7) {
        const int i = int(n);
        out = i <= 2   ? Severity::Fatal
              : i == 3 ? Severity::Error
              : i == 4 ? Severity::Warn
              : i <= 6 ? Severity::Info
                       : Severity::Debug;
        return true;
    }
    return false;
}

} // namespace bb::logview
