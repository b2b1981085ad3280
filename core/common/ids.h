// bb::common — random identifiers (trace ids, span ids, request ids) from a fast per-thread
// generator.
#pragma once

#include <cstdint>
#include <string>

namespace bb {

/// A fast per-thread pseudo-random 64-bit value; not for secrets.
std::uint64_t fastRandom64();

/// Lower-case hex of `bytes` random bytes (trace ids are 16, span ids 8); never all zeros.
std::string randomHexId(int bytes);

/// True when `s` is exactly `len` lower-case hex digits and not all zeros (W3C rules).
bool isValidHexId(std::string_view s, std::size_t len);

} // namespace bb
