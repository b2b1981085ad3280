#include "engine/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace bb::engine {

RateLimiter::RateLimiter(double ratePerSecond, double burst)
{
    configure(ratePerSecond, burst);
}

void RateLimiter::configure(double ratePerSecond, double burst)
{
    std::lock_guard lock(m_mutex);
    m_rate = std::max(0.0, ratePerSecond);
    m_burst = burst > 0 ? burst : std::max(1.0, m_rate);
    m_buckets.clear();
}

int RateLimiter::acquire(const std::string &key, std::int64_t nowNs)
{
    std::lock_guard lock(m_mutex);
    if (m_rate <= 0)
        return 0;
    // Idle buckets are full again after burst/rate seconds; forget them so the map stays small.
    if (m_buckets.size() > 50'000) {
        const auto idleNs = std::int64_t(m_burst / m_rate * 1e9);
        std::erase_if(m_buckets, [&](const auto &kv) { return nowNs - kv.second.lastNs > idleNs; });
    }
    auto [it, inserted] = m_buckets.try_emplace(key, Bucket{m_burst, nowNs});
    Bucket &b = it->second;
    if (!inserted) {
        b.tokens = std::min(m_burst, b.tokens + double(nowNs - b.lastNs) / 1e9 * m_rate);
        b.lastNs = nowNs;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, int(std::ceil((1.0 - b.tokens) / m_rate)));
}

} // namespace bb::engine
