#include "engine/response_cache.h"

namespace bb::engine {

std::uint64_t ResponseCache::generationLocked(const std::string &table) const
{
    auto it = m_generations.find(table);
    return it == m_generations.end() ? 0 : it->second;
}

std::optional<http::Response> ResponseCache::get(const std::string &key, const std::string &table)
{
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end() || it->second.generation != generationLocked(table))
        return std::nullopt;
    http::Response r;
    r.status = it->second.status;
    r.headers = it->second.headers;
    r.body = it->second.body;
    return r;
}

void ResponseCache::put(const std::string &key, const std::string &table,
                        const http::Response &response)
{
    std::lock_guard lock(m_mutex);
    auto [it, inserted] =
        m_entries.insert_or_assign(key, Entry{table, generationLocked(table), response.status,
                                              response.headers, response.body});
    if (inserted)
        m_order.push_back(key);
    while (m_entries.size() > m_capacity && !m_order.empty()) {
        m_entries.erase(m_order.front());
        m_order.pop_front();
    }
}

void ResponseCache::invalidate(const std::string &table)
{
    std::lock_guard lock(m_mutex);
    ++m_generations[table];
}

void ResponseCache::clear()
{
    std::lock_guard lock(m_mutex);
    m_entries.clear();
    m_order.clear();
    for (auto &[table, gen] : m_generations)
        ++gen;
}

std::size_t ResponseCache::size() const
{
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

} // namespace bb::engine
