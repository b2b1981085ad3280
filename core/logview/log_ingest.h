// bb::logview — where sources hand raw JSON lines: a worker thread parses them into LogLines,
// which the table model takes in batches on its timer, so the GUI thread never parses JSON.
#pragma once

#include "logview/field_table.h"
#include "logview/log_line.h"

#include <QByteArrayList>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace bb::logview {

class LogIngest {
public:
    /// Raw lines waiting beyond this are dropped oldest first (the ring would evict them anyway).
    static constexpr std::size_t kMaxQueued = 2'000'000;

    explicit LogIngest(std::shared_ptr<FieldTable> fields);
    ~LogIngest();
    LogIngest(const LogIngest &) = delete;
    LogIngest &operator=(const LogIngest &) = delete;

    /// Thread-safe. `arrivalMs` stamps lines that carry no time of their own.
    void push(QByteArrayList lines, std::int64_t arrivalMs);
    void push(QByteArray line, std::int64_t arrivalMs);
    /// Thread-safe: lines parsed since the last call, in the order pushed.
    std::vector<LogLine> take();
    /// Drops everything queued or parsed and starts a new generation: lines of the previous
    /// source that are still being parsed never come out.
    void reset();
    /// When on, parsed lines whose seq is not above the last one taken are dropped (a resumed
    /// event stream replaying what the panel already has).
    void setDedupBySeq(bool on);
    /// Blocks until everything pushed so far is parsed (tests, benchmarks); false on timeout.
    bool waitIdle(int timeoutMs);
    /// Lines pushed that did not parse as a JSON object (they are kept as plain text).
    std::uint64_t nonJsonLines() const;
    std::uint64_t droppedLines() const;

private:
    void run();

    std::shared_ptr<FieldTable> m_fields;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    struct Raw {
        QByteArray text;
        std::int64_t arrivalMs;
    };
    std::deque<Raw> m_queue;
    std::vector<LogLine> m_parsed;
    std::uint64_t m_generation = 0;
    bool m_busy = false;
    bool m_stop = false;
    bool m_dedup = false;
    std::uint64_t m_lastSeq = 0;
    std::uint64_t m_nonJson = 0;
    std::uint64_t m_dropped = 0;
    std::thread m_thread;
};

} // namespace bb::logview
