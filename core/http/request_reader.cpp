#include "http/request_reader.h"

#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>

#include <algorithm>
#include <cstring>
#include <new>

namespace bb::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using boost::beast::error_code;

namespace {

constexpr std::size_t kMinRead = 16 * 1024;
// RFC 9112 §2.2: ignore at least one empty line before a request; more is abuse.
constexpr int kMaxEmptyLines = 4;

// Methods the server accepts: the HTTP ones llhttp knows, minus CONNECT (we are not a
// proxy). Everything else, including RTSP methods and the HTTP/2 preface "PRI", is refused.
bool knownMethod(std::string_view m)
{
    static constexpr std::string_view kMethods[] = {
        "GET",         "HEAD",       "POST",       "PUT",   "DELETE",   "OPTIONS", "PATCH",
        "TRACE",       "QUERY",      "COPY",       "LOCK",  "MKCOL",    "MOVE",    "PROPFIND",
        "PROPPATCH",   "SEARCH",     "UNLOCK",     "BIND",  "REBIND",   "UNBIND",  "ACL",
        "REPORT",      "MKACTIVITY", "CHECKOUT",   "MERGE", "M-SEARCH", "NOTIFY",  "SUBSCRIBE",
        "UNSUBSCRIBE", "PURGE",      "MKCALENDAR", "LINK",  "UNLINK",   "SOURCE",
    };
    return std::find(std::begin(kMethods), std::end(kMethods), m) != std::end(kMethods);
}

std::string_view trimOws(std::string_view v)
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    return v;
}

bool allDigits(std::string_view v)
{
    return !v.empty() &&
           std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Connection is a comma-separated token list; true when `token` is one of its members.
bool hasToken(std::string_view list, std::string_view token)
{
    while (!list.empty()) {
        auto comma = list.find(',');
        if (iequals(trimOws(list.substr(0, comma)), token))
            return true;
        if (comma == std::string_view::npos)
            break;
        list.remove_prefix(comma + 1);
    }
    return false;
}

} // namespace

// Beast's parser with callbacks that fill our Request directly (no beast::http::fields, so
// no allocation per field beyond the strings themselves) and with the framing checks
// Beast 1.81 leaves out: duplicate Content-Length with equal values, Content-Length lists,
// Transfer-Encoding other than exactly "chunked", TE on HTTP/1.0, protocol upgrades.
class RequestReader::Parser : public bhttp::basic_parser<true> {
public:
    explicit Parser(RequestReader &r)
        : m_r(r)
    {}

    int status = 0; ///< our own verdict when a callback refuses the request
    std::string_view reason;

private:
    void refuse(error_code &ec, std::string_view why, int code = 400)
    {
        status = code;
        reason = why;
        ec = bhttp::error::bad_value;
    }

    void on_request_impl(bhttp::verb, beast::string_view method, beast::string_view target,
                         int version, error_code &ec) override
    {
        std::string_view m(method.data(), method.size());
        if (!knownMethod(m))
            return refuse(ec, "unsupported method");
        Request &req = m_r.m_req;
        req.method.assign(m);
        req.target.assign(target.data(), target.size());
        req.versionMajor = version / 10;
        req.versionMinor = version % 10;
    }

    void on_response_impl(int, beast::string_view, int, error_code &ec) override
    {
        ec = bhttp::error::bad_method;
    }

    void on_field_impl(bhttp::field f, beast::string_view name, beast::string_view value,
                       error_code &ec) override
    {
        if (m_headDone)
            return; // trailer fields: framing was already checked by Beast, not exposed
        std::string_view v(value.data(), value.size());
        switch (f) {
        case bhttp::field::content_length:
            if (m_sawLength)
                return refuse(ec, "duplicate Content-Length");
            if (m_sawTransferEncoding)
                return refuse(ec, "both Content-Length and Transfer-Encoding");
            if (!allDigits(v))
                return refuse(ec, "invalid Content-Length");
            m_sawLength = true;
            break;
        case bhttp::field::transfer_encoding:
            if (m_sawTransferEncoding)
                return refuse(ec, "more than one Transfer-Encoding field");
            if (m_sawLength)
                return refuse(ec, "both Content-Length and Transfer-Encoding");
            // Only chunked is understood; a coding under it would reach the handler
            // still encoded, and anything else leaves the body length undefined.
            if (!iequals(trimOws(v), "chunked"))
                return refuse(ec, "unsupported Transfer-Encoding");
            m_sawTransferEncoding = true;
            break;
        case bhttp::field::host:
            if (m_sawHost)
                return refuse(ec, "duplicate Host");
            m_sawHost = true;
            break;
        case bhttp::field::upgrade:
            m_sawUpgrade = true;
            break;
        case bhttp::field::connection:
            if (hasToken(v, "upgrade"))
                m_connectionUpgrade = true;
            break;
        case bhttp::field::expect:
            if (iequals(trimOws(v), "100-continue"))
                m_r.m_expectContinue = true;
            break;
        default:
            break;
        }
        m_r.m_req.headers.add(std::string(name.data(), name.size()), std::string(v));
    }

    void on_header_impl(error_code &ec) override
    {
        m_headDone = true;
        Request &req = m_r.m_req;
        const bool http10 = req.versionMinor == 0;
        if (http10 && m_sawTransferEncoding)
            return refuse(ec, "Transfer-Encoding in an HTTP/1.0 request");
        // The server speaks only HTTP/1.1; a client asking to switch protocols sends the
        // new protocol's bytes right after this head, which must not be read as requests.
        if (m_sawUpgrade && m_connectionUpgrade)
            return refuse(ec, "protocol upgrade not supported");
        if (http10)
            m_r.m_expectContinue = false;
        req.keepAlive = keep_alive();
        m_r.m_headDone = true;
    }

    void on_body_init_impl(boost::optional<std::uint64_t> const &length, error_code &) override
    {
        if (length)
            m_r.m_req.body.reserve(static_cast<std::size_t>(*length));
    }

    std::size_t on_body_impl(beast::string_view body, error_code &) override
    {
        m_r.m_req.body.append(body.data(), body.size());
        return body.size();
    }

    void on_chunk_header_impl(std::uint64_t, beast::string_view, error_code &) override {}

    std::size_t on_chunk_body_impl(std::uint64_t, beast::string_view body, error_code &) override
    {
        m_r.m_req.body.append(body.data(), body.size());
        return body.size();
    }

    void on_finish_impl(error_code &) override {}

    RequestReader &m_r;
    bool m_headDone = false;
    bool m_sawLength = false;
    bool m_sawTransferEncoding = false;
    bool m_sawHost = false;
    bool m_sawUpgrade = false;
    bool m_connectionUpgrade = false;
};

RequestReader::RequestReader(const Limits &limits)
    : m_limits(limits)
{
    static_assert(sizeof(Parser) <= kParserStorage, "grow kParserStorage");
    static_assert(alignof(Parser) <= alignof(std::max_align_t));
    m_buf.resize(4096);
}

RequestReader::~RequestReader()
{
    destroyParser();
}

void RequestReader::destroyParser()
{
    if (m_parser) {
        m_parser->~Parser();
        m_parser = nullptr;
    }
}

std::span<char> RequestReader::prepare(std::size_t n)
{
    if (m_begin == m_end) {
        m_begin = m_end = 0;
    } else if (m_buf.size() - m_end < n && m_begin > 0) {
        std::memmove(m_buf.data(), m_buf.data() + m_begin, m_end - m_begin);
        m_end -= m_begin;
        m_begin = 0;
    }
    if (m_buf.size() - m_end < n)
        m_buf.resize(std::max(m_end + n, m_buf.size() * 2));
    return {m_buf.data() + m_end, m_buf.size() - m_end};
}

void RequestReader::commit(std::size_t n, std::int64_t nowNs)
{
    if (n == 0)
        return;
    if (!hasPartial())
        m_startNs = nowNs;
    m_lastCommitNs = nowNs;
    m_end += std::min(n, m_buf.size() - m_end);
}

void RequestReader::append(std::string_view bytes, std::int64_t nowNs)
{
    auto span = prepare(std::max(bytes.size(), kMinRead));
    std::memcpy(span.data(), bytes.data(), bytes.size());
    commit(bytes.size(), nowNs);
}

void RequestReader::finish()
{
    m_finished = true;
}

bool RequestReader::hasPartial() const
{
    return m_parser != nullptr || m_end > m_begin;
}

bool RequestReader::inBody() const
{
    return m_parser != nullptr && m_headDone;
}

bool RequestReader::wantsContinue() const
{
    return m_expectContinue && !m_continueSent && inBody();
}

RequestReader::Status RequestReader::fail(int status, std::string_view reason)
{
    m_errorStatus = status;
    m_errorReason = reason;
    return Status::Error;
}

void RequestReader::skipEmptyLines()
{
    while (m_end - m_begin >= 2 && m_buf[m_begin] == '\r' && m_buf[m_begin + 1] == '\n' &&
           m_emptyLines <= kMaxEmptyLines) {
        m_begin += 2;
        ++m_emptyLines;
    }
}

RequestReader::Status RequestReader::next(std::int64_t nowNs)
{
    if (m_errorStatus)
        return Status::Error;
    if (!m_parser) {
        skipEmptyLines();
        if (m_emptyLines > kMaxEmptyLines)
            return fail(400, "too many empty lines before the request");
        if (m_begin == m_end)
            return Status::NeedMore; // between requests; at EOF that is a clean end
        const std::string_view head(m_buf.data() + m_begin, m_end - m_begin);
        switch (m_scanner.scan(head, m_limits.headerBytes)) {
        case HeaderScanner::State::Incomplete:
            return m_finished ? fail(400, "incomplete request") : Status::NeedMore;
        case HeaderScanner::State::TooLarge:
            return fail(431, m_scanner.reason());
        case HeaderScanner::State::Invalid:
            return fail(400, m_scanner.reason());
        case HeaderScanner::State::Complete:
            break;
        }
        m_req.method.clear();
        m_req.target.clear();
        m_req.headers.clear();
        m_req.body.clear();
        m_req.keepAlive = true;
        m_req.receivedAtNs = m_startNs;
        m_headDone = false;
        m_expectContinue = false;
        m_continueSent = false;
        m_parser = new (m_parserStorage) Parser(*this);
        m_parser->eager(true);
        m_parser->header_limit(static_cast<std::uint32_t>(m_scanner.headLength() + 4));
        m_parser->body_limit(static_cast<std::uint64_t>(m_limits.bodyBytes));
    }
    return feedParser(nowNs);
}

RequestReader::Status RequestReader::feedParser(std::int64_t nowNs)
{
    error_code ec;
    if (m_end > m_begin) {
        const std::size_t used =
            m_parser->put(boost::asio::const_buffer(m_buf.data() + m_begin, m_end - m_begin), ec);
        m_begin += used;
    } else {
        ec = bhttp::error::need_more;
    }
    if (ec == bhttp::error::need_more) {
        if (m_finished)
            return fail(400, "incomplete request");
        // What stays buffered while the parser waits is a chunk-size line or trailers;
        // neither has a reason to be larger than a request head.
        if (m_end - m_begin > m_limits.headerBytes)
            return fail(431, "chunk header or trailer section too large");
        return Status::NeedMore;
    }
    if (ec) {
        if (m_parser->status)
            return fail(m_parser->status, m_parser->reason);
        if (ec == bhttp::error::body_limit)
            return fail(413, "request body too large");
        if (ec == bhttp::error::header_limit)
            return fail(431, "request head too large");
        if (ec == bhttp::error::bad_chunk || ec == bhttp::error::bad_chunk_extension)
            return fail(400, "malformed chunked body");
        if (ec == bhttp::error::bad_content_length || ec == bhttp::error::multiple_content_length)
            return fail(400, "invalid Content-Length");
        if (ec == bhttp::error::bad_transfer_encoding)
            return fail(400, "invalid Transfer-Encoding");
        return fail(400, "malformed request");
    }
    if (!m_parser->is_done())
        return m_finished ? fail(400, "incomplete request") : Status::NeedMore;

    destroyParser();
    m_scanner.reset();
    m_emptyLines = 0;
    m_req.parsedAtNs = nowNs;
    // Bytes after this request arrived with the latest read at the earliest.
    m_startNs = m_lastCommitNs;
    if (!m_req.keepAlive) {
        // A client that announced the end of the connection yet sent more is out of step
        // with us about where requests end: the classic smuggling signature. Refuse the
        // whole exchange rather than act on a request whose framing is in doubt.
        skipEmptyLines();
        if (m_end > m_begin || m_emptyLines > 0)
            return fail(400, "data after a request that closes the connection");
    }
    return Status::Ready;
}

} // namespace bb::http
