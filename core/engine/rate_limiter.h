// bb::engine — a token bucket per client key (IP now, user once identity lands), for 429s.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace bb::engine {

class RateLimiter {
public:
    /// `ratePerSecond` tokens refill each second up to `burst`; 0 disables limiting.
    RateLimiter(double ratePerSecond = 0, double burst = 0);

    void configure(double ratePerSecond, double burst);
    bool enabled() const { return m_rate > 0; }

    /// Takes one token for `key` at monotonic time `nowNs`. Returns 0 when allowed, otherwise
    /// the whole seconds to wait (for Retry-After, at least 1).
    int acquire(const std::string &key, std::int64_t nowNs);

private:
    struct Bucket {
        double tokens;
        std::int64_t lastNs;
    };
    std::mutex m_mutex;
    double m_rate;
    double m_burst;
    std::unordered_map<std::string, Bucket> m_buckets;
};

} // namespace bb::engine
