// libFuzzer target: drives bb::http::RequestReader the way a session does (split reads,
// pipelining, EOF) and serialises a response per request, checking the invariants the
// server relies on.
#include "http/request_reader.h"
#include "http/response_writer.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

using namespace bb::http;

namespace {

void check(bool ok)
{
    if (!ok)
        std::abort();
}

// Serialises a response whose header value and body come from the request, as handlers
// echoing input do, and checks that nothing from the input can end the head early.
void serialize(const Request &req, std::string &out)
{
    Response r;
    r.status = req.body.empty() ? 200 : 201;
    r.headers.add("X-Echo", std::string(req.path()));
    for (const auto &[name, value] : req.headers.fields())
        r.headers.add(name, value);
    r.body = req.body;
    WriteOptions o;
    o.headRequest = req.method == "HEAD";
    o.close = !req.keepAlive;
    out.clear();
    const bool bodyFollows = appendHead(out, r, o);
    const auto end = out.find("\r\n\r\n");
    check(end != std::string::npos && end + 4 == out.size());
    check(out.compare(0, 9, "HTTP/1.1 ") == 0);
    check(bodyFollows == !o.headRequest);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size < 2)
        return 0;
    // The first two bytes choose the limits and where the input is cut into reads.
    Limits limits;
    limits.headerBytes = 64 + std::size_t(data[0]) * 16;
    limits.bodyBytes = std::size_t(data[1]) * 8;
    const std::string_view input(reinterpret_cast<const char *>(data) + 2, size - 2);
    const std::size_t step = 1 + (data[0] % 7 == 0 ? input.size() : data[1] % 13);

    RequestReader reader(limits);
    std::string out;
    int requests = 0;
    bool failed = false;
    std::size_t pos = 0;
    std::int64_t now = 0;
    bool eof = false;
    while (!failed && !eof) {
        if (pos < input.size()) {
            const std::size_t n = std::min(step, input.size() - pos);
            auto space = reader.prepare(n);
            check(space.size() >= n);
            std::memcpy(space.data(), input.data() + pos, n);
            reader.commit(n, ++now);
            pos += n;
        } else {
            reader.finish();
            eof = true;
        }
        for (int guard = 0; guard < 100000; ++guard) {
            const auto status = reader.next(++now);
            if (status == RequestReader::Status::NeedMore) {
                if (reader.wantsContinue())
                    reader.markContinueSent();
                break;
            }
            if (status == RequestReader::Status::Error) {
                const int code = reader.errorStatus();
                check(code == 400 || code == 413 || code == 431);
                check(!reader.errorReason().empty());
                check(!problemBody(code, reader.errorReason()).empty());
                failed = true;
                break;
            }
            Request &req = reader.request();
            ++requests;
            check(!req.method.empty() && !req.target.empty());
            check(req.body.size() <= limits.bodyBytes);
            check(req.receivedAtNs <= req.parsedAtNs);
            serialize(req, out);
        }
    }
    // After EOF nothing may be left half-read without an error.
    check(failed || !reader.hasPartial());
    return 0;
}
