// bb::logview — the bounded ring of lines the Logs panel holds, addressed by an absolute index
// that keeps increasing as the oldest lines are evicted.
#pragma once

#include "logview/log_line.h"

#include <cstdint>
#include <deque>

namespace bb::logview {

class LogRing {
public:
    static constexpr std::size_t kDefaultCapacity = 1'000'000;

    explicit LogRing(std::size_t capacity = kDefaultCapacity);

    std::size_t capacity() const { return m_capacity; }
    /// Takes effect at the next append or evictFront (the model evicts in batches).
    void setCapacity(std::size_t capacity) { m_capacity = capacity < 1 ? 1 : capacity; }
    std::size_t size() const { return m_lines.size(); }
    bool empty() const { return m_lines.empty(); }
    /// Absolute index of the oldest line held.
    std::uint64_t firstIndex() const { return m_first; }
    /// One past the absolute index of the newest line.
    std::uint64_t endIndex() const { return m_first + m_lines.size(); }
    bool contains(std::uint64_t index) const { return index >= m_first && index < endIndex(); }
    const LogLine &at(std::uint64_t index) const { return m_lines[std::size_t(index - m_first)]; }
    LogLine &at(std::uint64_t index) { return m_lines[std::size_t(index - m_first)]; }

    void append(LogLine &&line) { m_lines.push_back(std::move(line)); }
    /// Puts an older line before the oldest (a fetch of history); the indices of the lines held
    /// do not change.
    void prepend(LogLine &&line)
    {
        m_lines.push_front(std::move(line));
        --m_first;
    }
    /// Drops the `count` oldest lines.
    void evictFront(std::size_t count);
    void clear();
    /// Approximate bytes held: the lines' records plus their packed data.
    std::size_t memoryBytes() const { return m_heapBytes + m_lines.size() * sizeof(LogLine); }
    void accountAdded(const LogLine &line) { m_heapBytes += line.heapBytes(); }

private:
    std::deque<LogLine> m_lines; // deque: O(1) at both ends, no reallocation of a million lines
    // Starts high so prepend() never runs out of indices below the first line.
    std::uint64_t m_first = std::uint64_t(1) << 62;
    std::size_t m_capacity;
    std::size_t m_heapBytes = 0;
};

} // namespace bb::logview
