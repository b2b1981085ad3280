#include "logview/log_ingest.h"

#include "logview/log_line_parser.h"

#include <chrono>

namespace bb::logview {

LogIngest::LogIngest(std::shared_ptr<FieldTable> fields)
    : m_fields(std::move(fields))
    , m_thread([this] { run(); })
{}

LogIngest::~LogIngest()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void LogIngest::push(QByteArrayList lines, std::int64_t arrivalMs)
{
    if (lines.isEmpty())
        return;
    {
        std::lock_guard lock(m_mutex);
        for (QByteArray &l : lines)
            m_queue.push_back({std::move(l), arrivalMs});
        while (m_queue.size() > kMaxQueued) {
            m_queue.pop_front();
            ++m_dropped;
        }
    }
    m_wake.notify_one();
}

void LogIngest::push(QByteArray line, std::int64_t arrivalMs)
{
    push(QByteArrayList{std::move(line)}, arrivalMs);
}

std::vector<LogLine> LogIngest::take()
{
    std::lock_guard lock(m_mutex);
    std::vector<LogLine> out;
    out.swap(m_parsed);
    return out;
}

void LogIngest::reset()
{
    std::lock_guard lock(m_mutex);
    m_queue.clear();
    m_parsed.clear();
    ++m_generation;
    m_lastSeq = 0;
}

void LogIngest::setDedupBySeq(bool on)
{
    std::lock_guard lock(m_mutex);
    m_dedup = on;
}

bool LogIngest::waitIdle(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                           [this] { return m_queue.empty() && !m_busy; });
}

std::uint64_t LogIngest::nonJsonLines() const
{
    std::lock_guard lock(m_mutex);
    return m_nonJson;
}

std::uint64_t LogIngest::droppedLines() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

void LogIngest::run()
{
    constexpr std::size_t kChunk = 2000;
    std::vector<Raw> chunk;
    std::vector<LogLine> parsed;
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_queue.empty(); });
        if (m_stop)
            return;
        const std::size_t n = std::min(kChunk, m_queue.size());
        chunk.clear();
        for (std::size_t i = 0; i < n; ++i) {
            chunk.push_back(std::move(m_queue.front()));
            m_queue.pop_front();
        }
        const std::uint64_t generation = m_generation;
        m_busy = true;
        lock.unlock();
        parsed.clear();
        std::uint64_t nonJson = 0;
        for (const Raw &raw : chunk) {
            ParseProblem problem;
            problem.offset = -1;
            parsed.push_back(parseLogLine(raw.text, *m_fields, raw.arrivalMs, &problem));
            if (problem.offset >= 0)
                ++nonJson;
        }
        lock.lock();
        m_busy = false;
        if (generation == m_generation) {
            m_nonJson += nonJson;
            for (LogLine &line : parsed) {
                if (m_dedup && line.seq) {
                    if (line.seq <= m_lastSeq)
                        continue;
                    m_lastSeq = line.seq;
                }
                m_parsed.push_back(std::move(line));
            }
        }
        if (m_queue.empty())
            m_idle.notify_all();
    }
}

} // namespace bb::logview
