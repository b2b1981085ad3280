// libFuzzer target for the log query: arbitrary input is parsed; an error must point inside the
// text (in UTF-16 units) and say something; a query that parses is evaluated on a request record
// and on lookups of every value kind, and reports its fields and terms, without crashing.
#include "telemetry/log_query.h"

#include <QString>

#include <cstdint>
#include <cstdlib>
#include <string>

using namespace bb::telemetry;

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

LogRecord requestRecord()
{
    LogRecord r;
    r.seq = 42;
    r.tsUs = 1'704'164'645'678'000;
    r.level = Level::Warn;
    r.msg = "Request TIMEOUT";
    r.method = "GET";
    r.path = "/api/v1/posts";
    r.status = 504;
    r.durationMs = 12.5;
    r.fields = {{"region", "eu"}, {"attempt", "3"}};
    return r;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static const LogRecord record = requestRecord();
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    auto parsed = LogQuery::parse(input);
    if (auto *e = std::get_if<LogQueryError>(&parsed)) {
        // Positions index the text as the panel's QString holds it.
        const qsizetype length = QString::fromUtf8(input.data(), qsizetype(input.size())).size();
        check(e->position >= 0 && e->position <= length);
        check(!e->message.empty());
        return 0;
    }
    const LogQuery &q = std::get<LogQuery>(parsed);
    check(q.isEmpty() == (q.fieldNames().empty()));
    q.matches(record);
    q.containsTerms();
    for (int kind = LogFieldValue::Missing; kind <= LogFieldValue::Bool; ++kind) {
        const LogFieldLookup lookup = [kind](std::string_view field) {
            LogFieldValue v;
            v.kind = LogFieldValue::Kind(kind);
            v.text = field; // any text, including a spelling that is not a number
            v.number = double(field.size());
            v.boolean = field.size() % 2;
            return v;
        };
        q.matches(lookup);
    }
    return 0;
}
