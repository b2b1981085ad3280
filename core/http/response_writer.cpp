#include "http/response_writer.h"

#include "common/json.h"
#include "http/header_scanner.h"

#include <charconv>
#include <ctime>

namespace bb::http {

namespace {

void appendNumber(std::string &out, std::uint64_t v)
{
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

bool statusHasBody(int status)
{
    return !(status < 200 || status == 204 || status == 304);
}

bool isReservedField(std::string_view name)
{
    return iequals(name, "Content-Length") || iequals(name, "Transfer-Encoding") ||
           iequals(name, "Date") || iequals(name, "Connection");
}

// A handler may build header values from client input; CR or LF there would let that input
// add fields or responses of its own.
bool isSafeField(std::string_view name, std::string_view value)
{
    if (name.empty())
        return false;
    for (char c : name) {
        if (!HeaderScanner::isTokenChar(static_cast<unsigned char>(c)))
            return false;
    }
    for (char c : value) {
        if (c == '\r' || c == '\n' || c == '\0')
            return false;
    }
    return true;
}

} // namespace

int effectiveStatus(int status)
{
    return (status < 100 || status > 999) ? 500 : status;
}

std::string_view httpDate()
{
    thread_local char text[32];
    thread_local std::size_t length = 0;
    thread_local std::time_t cachedSecond = -1;
    const std::time_t now = std::time(nullptr);
    if (now != cachedSecond) {
        std::tm tm{};
        gmtime_r(&now, &tm);
        length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &tm);
        cachedSecond = now;
    }
    return {text, length};
}

bool appendHead(std::string &out, const Response &response, const WriteOptions &options)
{
    const int status = effectiveStatus(response.status);
    out += "HTTP/1.1 ";
    appendNumber(out, static_cast<std::uint64_t>(status));
    out += ' ';
    out += reasonPhrase(status);
    out += "\r\n";
    for (const auto &[name, value] : response.headers.fields()) {
        if (isReservedField(name) || !isSafeField(name, value))
            continue;
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "Date: ";
    out += httpDate();
    out += "\r\n";
    const bool hasBody = statusHasBody(status);
    if (options.streamed) {
        if (hasBody && options.chunked)
            out += "Transfer-Encoding: chunked\r\n";
    } else if (hasBody) {
        out += "Content-Length: ";
        appendNumber(out, response.body.size());
        out += "\r\n";
    }
    if (options.close)
        out += "Connection: close\r\n";
    else if (options.keepAliveHeader)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    return hasBody && !options.headRequest && !options.streamed;
}

std::string problemBody(int status, std::string_view detail)
{
    std::string body;
    body.reserve(96 + detail.size());
    body += R"({"type":"about:blank","title":)";
    json::appendQuoted(body, reasonPhrase(status));
    body += R"(,"status":)";
    appendNumber(body, static_cast<std::uint64_t>(status));
    body += R"(,"detail":)";
    json::appendQuoted(body, detail);
    body += '}';
    return body;
}

Response problemResponse(int status, std::string_view detail, bool close)
{
    Response r;
    r.status = status;
    r.headers.add("Content-Type", "application/problem+json");
    r.body = problemBody(status, detail);
    r.close = close;
    return r;
}

} // namespace bb::http
