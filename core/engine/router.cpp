#include "engine/router.h"

#include <array>

namespace bb::engine {

namespace {
/// Path segments without allocating; paths deeper than any route simply match nothing.
struct Segments {
    static constexpr std::size_t kMax = 16;
    std::array<std::string_view, kMax> parts;
    std::size_t size = 0;
    bool overflow = false;
};

Segments splitPath(std::string_view path)
{
    Segments out;
    std::size_t i = 0;
    while (i < path.size()) {
        if (path[i] == '/') {
            ++i;
            continue;
        }
        const std::size_t j = path.find('/', i);
        const std::size_t end = j == std::string_view::npos ? path.size() : j;
        if (out.size == Segments::kMax) {
            out.overflow = true;
            break;
        }
        out.parts[out.size++] = path.substr(i, end - i);
        i = end;
    }
    return out;
}

bool isParam(const std::string &segment)
{
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}
} // namespace

void Router::add(std::string method, std::string pattern, std::string summary, std::string tag,
                 RouteHandler handler, Access access, std::string adminArea)
{
    Route r{std::move(method),    std::move(pattern),
            std::move(summary),   std::move(tag),
            std::move(handler),   access,
            std::move(adminArea), {}};
    const Segments segs = splitPath(r.pattern);
    for (std::size_t i = 0; i < segs.size; ++i) {
        r.segments.emplace_back(segs.parts[i]);
        if (isParam(r.segments.back()))
            r.paramMask |= 1u << i;
    }
    if (m_bySize.size() <= segs.size)
        m_bySize.resize(segs.size + 1);
    m_bySize[segs.size].push_back(m_routes.size());
    m_routes.push_back(std::move(r));
}

RouteMatch Router::match(std::string_view method, std::string_view path) const
{
    RouteMatch result;
    const Segments parts = splitPath(path);
    if (parts.overflow)
        return result;
    int bestScore = -1;
    if (parts.size >= m_bySize.size())
        return result;
    for (const std::size_t index : m_bySize[parts.size]) {
        const Route &r = m_routes[index];
        int score = 0;
        bool ok = true;
        for (std::size_t i = 0; i < parts.size && ok; ++i) {
            if (r.paramMask & (1u << i))
                continue;
            ok = r.segments[i] == parts.parts[i];
            score += 1 << (8 - std::min<int>(int(i), 8)); // earlier literal segments weigh more
        }
        if (!ok)
            continue;
        result.pathMatched = true;
        if (r.method != method)
            continue;
        if (score > bestScore) {
            bestScore = score;
            result.route = &r;
        }
    }
    if (!result.route && result.pathMatched) {
        // Only a 405 needs the Allow list, so it is built only then.
        for (const std::size_t index : m_bySize[parts.size]) {
            const Route &r = m_routes[index];
            bool ok = true;
            for (std::size_t i = 0; i < parts.size && ok; ++i)
                ok = (r.paramMask & (1u << i)) || r.segments[i] == parts.parts[i];
            if (ok && result.allow.find(r.method) == std::string::npos) {
                if (!result.allow.empty())
                    result.allow += ", ";
                result.allow += r.method;
            }
        }
    }
    if (result.route) {
        result.params.clear();
        for (std::size_t i = 0; i < parts.size; ++i) {
            const std::string &seg = result.route->segments[i];
            if (result.route->paramMask & (1u << i))
                result.params.emplace_back(seg.substr(1, seg.size() - 2),
                                           percentDecode(parts.parts[i]));
        }
    }
    return result;
}

std::string percentDecode(std::string_view s, bool plusIsSpace)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%' && i + 2 < s.size()) {
            const int hi = hexValue(s[i + 1]);
            const int lo = hexValue(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(char(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plusIsSpace && c == '+' ? ' ' : c);
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parseQuery(std::string_view query)
{
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 0;
    while (i <= query.size() && !query.empty()) {
        std::size_t j = query.find('&', i);
        if (j == std::string_view::npos)
            j = query.size();
        const std::string_view part = query.substr(i, j - i);
        if (!part.empty()) {
            const std::size_t eq = part.find('=');
            if (eq == std::string_view::npos)
                out.emplace_back(percentDecode(part, true), std::string());
            else
                out.emplace_back(percentDecode(part.substr(0, eq), true),
                                 percentDecode(part.substr(eq + 1), true));
        }
        if (j == query.size())
            break;
        i = j + 1;
    }
    return out;
}

std::string queryParam(const std::vector<std::pair<std::string, std::string>> &query,
                       std::string_view name)
{
    for (const auto &[k, v] : query)
        if (k == name)
            return v;
    return {};
}

} // namespace bb::engine
