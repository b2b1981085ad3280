#include "telemetry/trace.h"

#include "common/ids.h"

namespace bb::telemetry {

namespace {
bool isLowerHex(std::string_view s)
{
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    return true;
}
} // namespace

std::optional<TraceParent> parseTraceParent(std::string_view h)
{
    // version "-" trace-id "-" parent-id "-" flags: 2+1+32+1+16+1+2 = 55 characters.
    if (h.size() < 55 || h[2] != '-' || h[35] != '-' || h[52] != '-')
        return std::nullopt;
    const std::string_view version = h.substr(0, 2);
    if (!isLowerHex(version) || version == "ff")
        return std::nullopt;
    // Version 00 is exactly 55 characters; later versions may append "-..." fields.
    if (version == "00" ? h.size() != 55 : (h.size() > 55 && h[55] != '-'))
        return std::nullopt;
    const std::string_view traceId = h.substr(3, 32);
    const std::string_view parentId = h.substr(36, 16);
    const std::string_view flags = h.substr(53, 2);
    if (!isValidHexId(traceId, 32) || !isValidHexId(parentId, 16) || !isLowerHex(flags))
        return std::nullopt;
    TraceParent tp;
    tp.traceId = std::string(traceId);
    tp.parentId = std::string(parentId);
    tp.flags = std::uint8_t(std::stoi(std::string(flags), nullptr, 16));
    return tp;
}

namespace {
void writeHex64(char *dst, std::uint64_t v)
{
    static constexpr char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; --i, v >>= 4)
        dst[i] = hex[v & 0xf];
}
} // namespace

std::string spanIdHex(std::uint64_t spanId)
{
    std::string out(16, '0');
    writeHex64(out.data(), spanId);
    return out;
}

std::string formatTraceParent(const std::string &traceId, std::uint64_t spanId, std::uint8_t flags)
{
    static constexpr char hex[] = "0123456789abcdef";
    // One allocation of the final size: this runs for every response.
    std::string out(3 + traceId.size() + 1 + 16 + 3, '-');
    out[0] = '0';
    out[1] = '0';
    traceId.copy(out.data() + 3, traceId.size());
    char *p = out.data() + 3 + traceId.size() + 1;
    writeHex64(p, spanId);
    p[17] = hex[flags >> 4];
    p[18] = hex[flags & 0xf];
    return out;
}

TraceRing::TraceRing(std::size_t capacity)
    : m_capacity(capacity ? capacity : 1)
{}

void TraceRing::add(std::shared_ptr<const Trace> trace)
{
    std::shared_ptr<const Trace> evicted; // released after the lock
    std::lock_guard lock(m_mutex);
    m_items.push_back(std::move(trace));
    if (m_items.size() > m_capacity) {
        evicted = std::move(m_items.front());
        m_items.pop_front();
    }
}

std::shared_ptr<const Trace> TraceRing::find(const std::string &traceId) const
{
    std::lock_guard lock(m_mutex);
    for (auto it = m_items.rbegin(); it != m_items.rend(); ++it)
        if ((*it)->traceId == traceId)
            return *it;
    return nullptr;
}

std::vector<std::shared_ptr<const Trace>>
TraceRing::recent(std::size_t max, const std::function<bool(const Trace &)> &filter) const
{
    std::vector<std::shared_ptr<const Trace>> out;
    std::lock_guard lock(m_mutex);
    for (auto it = m_items.rbegin(); it != m_items.rend() && out.size() < max; ++it)
        if (!filter || filter(**it))
            out.push_back(*it);
    return out;
}

std::size_t TraceRing::size() const
{
    std::lock_guard lock(m_mutex);
    return m_items.size();
}

} // namespace bb::telemetry
