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
    std::string out;
    out.resize(std::size_t(bytes) * 2);
    for (;;) {
        bool allZero = true;
        for (int i = 0; i < bytes; i += 8) {
            std::uint64_t v = fastRandom64();
            for (int j = 0; j < 8 && i + j < bytes; ++j) {
                unsigned b = unsigned(v >> (j * 8)) & 0xffu;
                allZero = allZero && b == 0;
                out[std::size_t(i + j) * 2] = digits[b >> 4];
                out[std::size_t(i + j) * 2 + 1] = digits[b & 0xf];
            }
        }
        if (!allZero)
            return out;
    }
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
