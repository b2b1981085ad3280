// bb::engine — the GET response cache: serialised resource responses keyed by target, dropped
// when their table changes (a generation counter per table) or when full (oldest first).
#pragma once

#include "http/message.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace bb::engine {

class ResponseCache {
public:
    explicit ResponseCache(std::size_t capacity = 2048)
        : m_capacity(capacity)
    {}

    /// The cached response for `key` if its table has not changed since it was stored.
    std::optional<http::Response> get(const std::string &key, const std::string &table);
    void put(const std::string &key, const std::string &table, const http::Response &response);
    /// Called after every write to `table`.
    void invalidate(const std::string &table);
    /// Drops everything (schema reload).
    void clear();
    std::size_t size() const;

private:
    struct Entry {
        std::string table;
        std::uint64_t generation;
        int status;
        http::Headers headers;
        std::string body;
    };
    std::uint64_t generationLocked(const std::string &table) const;

    mutable std::mutex m_mutex;
    std::size_t m_capacity;
    std::unordered_map<std::string, Entry> m_entries;
    std::deque<std::string> m_order; ///< insertion order, for eviction
    std::unordered_map<std::string, std::uint64_t> m_generations;
};

} // namespace bb::engine
