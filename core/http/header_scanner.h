// bb::http — strict line-level check of a request head (request line and header fields)
// before Beast parses it, for the cases where Beast is more lenient than we want to be.
#pragma once

#include <cstddef>
#include <string_view>

namespace bb::http {

/// Scans a request head incrementally, one complete line at a time. It rejects what Beast
/// 1.81 tolerates but request smuggling relies on: bare CR or LF, obs-fold and whitespace
/// before the first field, whitespace before the colon, control characters in values,
/// non-ASCII in the target and anything but HTTP/1.0 or HTTP/1.1.
class HeaderScanner {
public:
    enum class State { Incomplete, Complete, Invalid, TooLarge };

    /// Continues scanning `head` (all bytes of this request seen so far, from its first
    /// byte) and stops at the empty line; `limit` bounds the head including that line.
    State scan(std::string_view head, std::size_t limit);

    /// Length of the head including the final CRLF, once Complete.
    std::size_t headLength() const { return m_pos; }
    /// Why the head was refused, once Invalid or TooLarge.
    std::string_view reason() const { return m_reason; }

    void reset() { *this = HeaderScanner(); }

    static bool isTokenChar(unsigned char c);

private:
    bool checkRequestLine(std::string_view line);
    bool checkFieldLine(std::string_view line);
    State fail(std::string_view why)
    {
        m_reason = why;
        return State::Invalid;
    }

    std::size_t m_pos = 0; ///< start of the first line not checked yet
    bool m_sawRequestLine = false;
    std::string_view m_reason;
};

} // namespace bb::http
