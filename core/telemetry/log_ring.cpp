#include "telemetry/log_ring.h"

#include "common/clock.h"

#include <algorithm>
#include <filesystem>

namespace bb::telemetry {

JsonLinesFile::JsonLinesFile(std::string path, std::int64_t maxBytes)
    : m_path(std::move(path))
    , m_maxBytes(maxBytes)
{
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(m_path).parent_path(), ec);
    m_file = std::fopen(m_path.c_str(), "ab");
    if (m_file) {
        std::setvbuf(m_file, nullptr, _IOFBF, 64 * 1024);
        m_size = std::int64_t(std::filesystem::file_size(m_path, ec));
    }
}

JsonLinesFile::~JsonLinesFile()
{
    if (m_file)
        std::fclose(m_file);
}

void JsonLinesFile::write(const std::string &line)
{
    std::lock_guard lock(m_mutex);
    if (!m_file)
        return;
    if (m_maxBytes > 0 && m_size + std::int64_t(line.size()) + 1 > m_maxBytes)
        rotate();
    if (!m_file)
        return;
    std::fwrite(line.data(), 1, line.size(), m_file);
    std::fputc('\n', m_file);
    m_size += std::int64_t(line.size()) + 1;
}

void JsonLinesFile::flush()
{
    std::lock_guard lock(m_mutex);
    if (m_file)
        std::fflush(m_file);
}

void JsonLinesFile::rotate()
{
    std::fclose(m_file);
    std::error_code ec;
    std::filesystem::rename(m_path, m_path + ".1", ec); // replaces the previous .1
    m_file = std::fopen(m_path.c_str(), "wb");
    if (m_file)
        std::setvbuf(m_file, nullptr, _IOFBF, 64 * 1024);
    m_size = 0;
}

LogRing::LogRing(std::size_t capacity)
    : m_capacity(capacity ? capacity : 1)
{}

std::uint64_t LogRing::append(LogRecord record)
{
    if (record.tsUs == 0)
        record.tsUs = wallClockUs();
    std::shared_ptr<JsonLinesFile> file;
    std::uint64_t seq;
    {
        std::lock_guard lock(m_mutex);
        seq = record.seq = ++m_seq;
        file = m_file;
        // Keep our copy when a file wants the record after the lock is released.
        LogRecord stored = file ? record : std::move(record);
        if (m_items.size() < m_capacity) {
            m_items.push_back(std::move(stored));
        } else {
            m_items[m_head] = std::move(stored);
            m_head = (m_head + 1) % m_capacity;
        }
    }
    if (file)
        file->write(record.toJsonLine());
    return seq;
}

void LogRing::setFile(std::shared_ptr<JsonLinesFile> file)
{
    std::lock_guard lock(m_mutex);
    m_file = std::move(file);
}

void LogRing::setCapacity(std::size_t capacity)
{
    std::lock_guard lock(m_mutex);
    std::vector<LogRecord> ordered;
    ordered.reserve(m_items.size());
    for (std::size_t i = 0; i < m_items.size(); ++i)
        ordered.push_back(std::move(m_items[(m_head + i) % m_items.size()]));
    m_capacity = capacity ? capacity : 1;
    if (ordered.size() > m_capacity)
        ordered.erase(ordered.begin(),
                      ordered.begin() + std::ptrdiff_t(ordered.size() - m_capacity));
    m_items = std::move(ordered);
    m_head = 0;
}

std::vector<LogRecord> LogRing::since(std::uint64_t afterSeq, std::size_t max,
                                      const std::function<bool(const LogRecord &)> &filter) const
{
    std::vector<LogRecord> out;
    std::lock_guard lock(m_mutex);
    const std::size_t n = m_items.size();
    // Walk newest to oldest so `max` keeps the newest, then reverse.
    for (std::size_t i = 0; i < n && out.size() < max; ++i) {
        const LogRecord &r = m_items[(m_head + n - 1 - i) % n];
        if (r.seq <= afterSeq)
            break;
        if (!filter || filter(r))
            out.push_back(r);
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::uint64_t LogRing::lastSeq() const
{
    std::lock_guard lock(m_mutex);
    return m_seq;
}

std::size_t LogRing::size() const
{
    std::lock_guard lock(m_mutex);
    return m_items.size();
}

} // namespace bb::telemetry
