// bb::logview — one log line held compactly: fixed fields inline, the message, the trace id and
// every other field packed into a single allocation with interned field names.
#pragma once

#include "logview/log_level.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bb::logview {

class FieldTable;

/// The JSON type a field had, so export and the query see numbers as numbers.
enum class FieldKind : unsigned char { Text, Number, Bool, Null, Json };

struct FieldRef {
    std::uint16_t id = 0;
    FieldKind kind = FieldKind::Text;
    std::string_view value; ///< text, a number's spelling, "true"/"false", "null", or JSON
};

class LogLine {
public:
    LogLine() = default;
    LogLine(LogLine &&) noexcept = default;
    LogLine &operator=(LogLine &&) noexcept = default;

    std::int64_t tsMs = 0; ///< ms since the epoch (the arrival time when the line had none)
    std::uint64_t seq = 0; ///< the source's sequence number, 0 when it has none
    Severity level = Severity::Info;
    /// Bits the table model keeps per line: whether it matched the current (and the pending)
    /// filter, so evicting a line never evaluates a query again.
    std::uint8_t marks = 0;

    std::string_view msg() const { return {m_data.get(), m_msgLen}; }
    std::string_view traceId() const { return {m_data.get() + m_msgLen, m_traceLen}; }
    int fieldCount() const { return m_fieldCount; }
    /// Calls f(FieldRef) for each extra field, in the order the line had them.
    template<class F> void forEachField(F &&f) const;
    /// The field with this id; value empty and kind Null... check `found`.
    bool field(std::uint16_t id, FieldRef *out) const;
    /// Bytes this line holds on the heap (its one allocation).
    std::size_t heapBytes() const { return m_size; }

    struct FieldInput {
        std::uint16_t id;
        FieldKind kind;
        std::string_view value;
    };
    /// Builds the packed form. Fields whose id is FieldTable::kNone are dropped.
    static LogLine make(std::int64_t tsMs, std::uint64_t seq, Severity level, std::string_view msg,
                        std::string_view traceId, const std::vector<FieldInput> &fields);

private:
    static constexpr std::size_t kHeader = 2 + 1 + 4; // id, kind, length
    std::unique_ptr<char[]> m_data;
    std::uint32_t m_size = 0;
    std::uint32_t m_msgLen = 0;
    std::uint32_t m_traceLen = 0;
    std::uint16_t m_fieldCount = 0;
};

template<class F> void LogLine::forEachField(F &&f) const
{
    const char *p = m_data.get() + m_msgLen + m_traceLen;
    for (int i = 0; i < m_fieldCount; ++i) {
        FieldRef ref;
        std::uint32_t len = 0;
        std::memcpy(&ref.id, p, 2);
        ref.kind = static_cast<FieldKind>(static_cast<unsigned char>(p[2]));
        std::memcpy(&len, p + 3, 4);
        ref.value = std::string_view(p + kHeader, len);
        p += kHeader + len;
        f(ref);
    }
}

/// The line as one JSON object (ts as RFC 3339 with ms, level, msg, traceId, then the fields
/// with their JSON types), compact, without a newline.
std::string toJsonLine(const LogLine &line, const FieldTable &fields);
/// "2026-11-21T06:00:00.123Z".
std::string isoTime(std::int64_t ms);

} // namespace bb::logview
