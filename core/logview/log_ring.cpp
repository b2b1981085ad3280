#include "logview/log_ring.h"

#include <algorithm>

namespace bb::logview {

LogRing::LogRing(std::size_t capacity)
    : m_capacity(capacity < 1 ? 1 : capacity)
{}

void LogRing::evictFront(std::size_t count)
{
    count = std::min(count, m_lines.size());
    for (std::size_t i = 0; i < count; ++i) {
        m_heapBytes -= m_lines.front().heapBytes();
        m_lines.pop_front();
    }
    m_first += count;
}

void LogRing::clear()
{
    m_first += m_lines.size();
    m_lines.clear();
    m_lines.shrink_to_fit();
    m_heapBytes = 0;
}

} // namespace bb::logview
