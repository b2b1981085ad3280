#include "loadtest/response_parser_p.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace bb::loadtest {

namespace {

// ASCII only, inline: libc's tolower is a call through the locale per character.
inline char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c | 0x20) : c;
}

bool iequals(std::string_view a, std::string_view lowerB)
{
    if (a.size() != lowerB.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lowerB[i])
            return false;
    }
    return true;
}

bool icontainsToken(std::string_view value, std::string_view lowerToken)
{
    // "keep-alive, Upgrade": comma-separated tokens.
    std::size_t at = 0;
    while (at <= value.size()) {
        std::size_t end = value.find(',', at);
        if (end == std::string_view::npos)
            end = value.size();
        std::string_view t = value.substr(at, end - at);
        while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
            t.remove_prefix(1);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t'))
            t.remove_suffix(1);
        if (iequals(t, lowerToken))
            return true;
        at = end + 1;
    }
    return false;
}

} // namespace

void ResponseParser::setCaptures(std::vector<std::string> headerNames, bool body)
{
    m_captureNames = std::move(headerNames);
    m_headerValues.assign(m_captureNames.size(), {});
    m_headerSeen.assign(m_captureNames.size(), 0);
    m_captureBody = body;
}

void ResponseParser::begin(bool head)
{
    m_state = State::StatusLine;
    m_line.clear();
    m_status = 0;
    m_error.clear();
    m_head = head;
    m_http10 = false;
    m_keepAlive = true;
    m_chunked = false;
    m_hasLength = false;
    m_remaining = 0;
    for (std::size_t i = 0; i < m_captureNames.size(); ++i) {
        m_headerValues[i].clear();
        m_headerSeen[i] = 0;
    }
    m_body.clear();
}

ResponseParser::Result ResponseParser::fail(std::string message)
{
    m_error = std::move(message);
    return Result::Error;
}

bool ResponseParser::statusLine(std::string_view l)
{
    // "HTTP/1.1 200 OK"
    if (l.size() < 12 || !l.starts_with("HTTP/1.") || l[8] != ' ' ||
        !std::isdigit(static_cast<unsigned char>(l[9])) ||
        !std::isdigit(static_cast<unsigned char>(l[10])) ||
        !std::isdigit(static_cast<unsigned char>(l[11])) || (l.size() > 12 && l[12] != ' ')) {
        m_error = "bad status line \"" + std::string(l.substr(0, 40)) + "\"";
        return false;
    }
    m_http10 = l[7] == '0';
    m_keepAlive = !m_http10;
    m_status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
    m_state = State::Headers;
    return true;
}

void ResponseParser::headerLine(std::string_view name, std::string_view value)
{
    switch (name.size()) {
    case 14:
        if (iequals(name, "content-length")) {
            std::uint64_t n = 0;
            bool ok = !value.empty();
            for (char c : value) {
                ok = ok && std::isdigit(static_cast<unsigned char>(c));
                n = n * 10 + std::uint64_t(c - '0');
            }
            if (ok) {
                m_hasLength = true;
                m_remaining = n;
            } else {
                m_error = "bad Content-Length \"" + std::string(value) + "\"";
            }
        }
        break;
    case 17:
        if (iequals(name, "transfer-encoding") && icontainsToken(value, "chunked"))
            m_chunked = true;
        break;
    case 10:
        if (iequals(name, "connection")) {
            if (icontainsToken(value, "close"))
                m_keepAlive = false;
            else if (icontainsToken(value, "keep-alive"))
                m_keepAlive = true;
        }
        break;
    default:
        break;
    }
    for (std::size_t i = 0; i < m_captureNames.size(); ++i) {
        if (!m_headerSeen[i] && iequals(name, m_captureNames[i])) {
            m_headerSeen[i] = 1;
            m_headerValues[i].assign(value);
        }
    }
}

bool ResponseParser::endOfHeaders()
{
    if (!m_error.empty())
        return false;
    if (m_status >= 100 && m_status < 200) {
        // An interim answer (100 Continue, 103 Early Hints): the real one follows.
        m_state = State::StatusLine;
        return true;
    }
    if (m_head || m_status == 204 || m_status == 304) {
        m_state = State::StatusLine;
        m_remaining = 0;
        m_state = State::Body;
        return true;
    }
    if (m_chunked) {
        m_state = State::ChunkSize;
    } else if (m_hasLength) {
        m_state = State::Body;
    } else {
        m_keepAlive = false;
        m_state = State::UntilClose;
    }
    return true;
}

bool ResponseParser::line(std::string_view l)
{
    if (!l.empty() && l.back() == '\r')
        l.remove_suffix(1);
    switch (m_state) {
    case State::StatusLine:
        if (l.empty())
            return true; // tolerate a stray CRLF between responses
        return statusLine(l);
    case State::Headers: {
        if (l.empty())
            return endOfHeaders();
        // Without captures only Content-Length, Connection and Transfer-Encoding matter: other
        // lines are skipped on their first letter.
        if (m_captureNames.empty()) {
            const char first = lower(l.front());
            if (first != 'c' && first != 't' && l.front() != ' ' && l.front() != '\t' &&
                l.find(':') != std::string_view::npos)
                return true;
        }
        const std::size_t colon = l.find(':');
        if (colon == std::string_view::npos || colon == 0) {
            m_error = "bad header line \"" + std::string(l.substr(0, 40)) + "\"";
            return false;
        }
        std::string_view value = l.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
            value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
            value.remove_suffix(1);
        headerLine(l.substr(0, colon), value);
        return m_error.empty();
    }
    case State::ChunkSize: {
        std::uint64_t n = 0;
        std::size_t i = 0;
        for (; i < l.size() && std::isxdigit(static_cast<unsigned char>(l[i])); ++i) {
            if (n > (std::uint64_t(1) << 56)) {
                m_error = "chunk size too large";
                return false;
            }
            const char c = lower(l[i]);
            n = n * 16 + std::uint64_t(c <= '9' ? c - '0' : c - 'a' + 10);
        }
        if (i == 0 || (i < l.size() && l[i] != ';' && l[i] != ' ')) {
            m_error = "bad chunk size \"" + std::string(l.substr(0, 20)) + "\"";
            return false;
        }
        m_remaining = n;
        m_state = n == 0 ? State::Trailers : State::ChunkData;
        return true;
    }
    case State::ChunkDataEnd:
        if (!l.empty()) {
            m_error = "chunk data longer than its size";
            return false;
        }
        m_state = State::ChunkSize;
        return true;
    case State::Trailers:
        if (l.empty())
            m_state = State::StatusLine; // complete; the caller sees it
        return true;
    default:
        return true;
    }
}

ResponseParser::Result ResponseParser::feed(const char *data, std::size_t len, std::size_t &used)
{
    std::size_t at = 0;
    while (at < len) {
        if (m_state == State::Body || m_state == State::ChunkData || m_state == State::UntilClose) {
            std::size_t take = len - at;
            if (m_state != State::UntilClose)
                take = std::size_t(std::min<std::uint64_t>(take, m_remaining));
            if (m_captureBody && m_body.size() < kBodyCap)
                m_body.append(data + at, std::min(take, kBodyCap - m_body.size()));
            at += take;
            if (m_state == State::UntilClose)
                continue;
            m_remaining -= take;
            if (m_remaining != 0)
                continue;
            if (m_state == State::ChunkData) {
                m_state = State::ChunkDataEnd;
                continue;
            }
            m_state = State::StatusLine;
            used = at;
            return Result::Complete;
        }
        // Line states: find the end of the line without copying when it is all in this read.
        const char *nl = static_cast<const char *>(std::memchr(data + at, '\n', len - at));
        if (!nl) {
            if (m_line.size() + (len - at) > kMaxLine)
                return fail("a header line longer than 64 KiB");
            m_line.append(data + at, len - at);
            at = len;
            break;
        }
        const std::size_t lineEnd = std::size_t(nl - data);
        const State before = m_state;
        bool ok;
        if (m_line.empty()) {
            ok = line(std::string_view(data + at, lineEnd - at));
        } else {
            if (m_line.size() + (lineEnd - at) > kMaxLine)
                return fail("a header line longer than 64 KiB");
            m_line.append(data + at, lineEnd - at);
            ok = line(m_line);
            m_line.clear();
        }
        at = lineEnd + 1;
        if (!ok)
            return Result::Error;
        // Headers ended into an empty body, or the last chunk's trailers ended.
        if ((before == State::Headers && m_state == State::Body && m_remaining == 0) ||
            (before == State::Trailers && m_state == State::StatusLine)) {
            m_state = State::StatusLine;
            used = at;
            return Result::Complete;
        }
    }
    used = at;
    return Result::NeedMore;
}

ResponseParser::Result ResponseParser::finishOnEof()
{
    if (m_state == State::UntilClose) {
        m_state = State::StatusLine;
        return Result::Complete;
    }
    return fail("the connection closed mid-response");
}

} // namespace bb::loadtest
