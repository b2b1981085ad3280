// bb::logview — a single-pass scanner for one JSON object per line, built for log lines: it
// reports every scalar with its dotted key path and unescaped text, keeps numbers as spelled and
// keys in their order, and allocates nothing per value. QJsonDocument builds a whole tree of
// CBOR values and UTF-16 strings first, which costs several times more per line.
#pragma once

#include "logview/log_line.h"

#include <functional>
#include <string>
#include <string_view>

namespace bb::logview {

struct JsonlValue {
    std::string_view path; ///< "key", "outer.inner" for nested objects
    int depth = 0;         ///< 0 for a top-level key
    FieldKind kind = FieldKind::Text;
    std::string_view text; ///< unescaped text, the number's spelling, true/false/null, or raw JSON
};

struct JsonlError {
    int offset = 0; ///< byte offset in the line
    const char *message = "";
};

class JsonlScanner {
public:
    using Visitor = std::function<void(const JsonlValue &)>;

    /// Objects nested deeper than this are reported whole, as raw JSON text.
    static constexpr int kMaxDepth = 4;

    /// Scans `line`, which must hold exactly one JSON object (whitespace around it is fine).
    /// Calls `visit` for each scalar and each array (raw); false with `*error` on malformed
    /// input, in which case some values may already have been visited.
    bool scan(std::string_view line, const Visitor &visit, JsonlError *error);

private:
    bool object(int depth, const Visitor &visit);
    bool value(int depth, const Visitor &visit);
    bool string(std::string &out);
    bool skipValue();
    bool number();
    void ws();
    bool fail(const char *message);

    std::string_view m_s;
    std::size_t m_i = 0;
    std::string m_path;
    std::string m_text;
    std::string m_key;
    JsonlError *m_error = nullptr;
};

} // namespace bb::logview
