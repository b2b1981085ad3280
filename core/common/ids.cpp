#include "common/ids.h"

#include <chrono>
#include <random>
#include <thread>

namespace bb {

namespace {
// splitmix64: tiny, fast, and good enough for ids that only need to be unique.
struct SplitMix {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

SplitMix &threadGenerator()
{
    thread_local SplitMix gen{[] {
        std::random_device rd;
        std::uint64_t seed = (std::uint64_t(rd()) << 32) ^ rd();
        seed ^= std::uint64_t(std::chrono::steady_clock::now().time_since_epoch().count());
        seed ^= std::hash<std::thread::id>{}(std::this_thread::get_id());
        return seed;
    }()};
    return gen;
}
} // namespace

std::uint64_t fastRandom64()
{
    return threadGenerator().next();
}

std::string randomHexId(int bytes)
{
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(std::size_t(bytes) * 2, '0');
    // A nibble per digit straight from the generator; W3C forbids the all-zero id.
    do {
        std::size_t pos = 0;
        while (pos < out.size()) {
            std::uint64_t v = fastRandom64();
            for (int k = 0; k < 16 && pos < out.size(); ++k, v >>= 4)
                out[pos++] = digits[v & 0xf];
        }
    } while (out.find_first_not_of('0') == std::string::npos);
    return out;
}

bool isValidHexId(std::string_view s, std::size_t len)
{
    if (s.size() != len)
        return false;
    bool allZero = true;
    for (char c : s) {
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        if (!hex)
            return false;
        allZero = allZero && c == '0';
    }
    return !allZero;
}

} // namespace bb
