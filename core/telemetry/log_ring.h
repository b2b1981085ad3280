// bb::telemetry — the in-memory ring of recent log records, with an optional JSON-lines file.
#pragma once

#include "telemetry/log_record.h"

#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace bb::telemetry {

/// Appends JSON lines to a file, rotating it to `<path>.1` past a size. Buffered; flushed by
/// flush() (the engine calls it about once a second) and on destruction.
class JsonLinesFile {
public:
    JsonLinesFile(std::string path, std::int64_t maxBytes);
    ~JsonLinesFile();
    bool isOpen() const { return m_file != nullptr; }
    void write(const std::string &line);
    void flush();
    const std::string &path() const { return m_path; }

private:
    void rotate();
    std::mutex m_mutex;
    std::string m_path;
    std::int64_t m_maxBytes;
    std::int64_t m_size = 0;
    std::FILE *m_file = nullptr;
};

/// A bounded, thread-safe ring of log records. Appending is O(1); the oldest records fall off.
class LogRing {
public:
    explicit LogRing(std::size_t capacity = 100'000);

    /// Stores `record` (assigning seq and, when zero, tsUs) and returns its seq.
    std::uint64_t append(LogRecord record);
    void setFile(std::shared_ptr<JsonLinesFile> file);
    void setCapacity(std::size_t capacity);

    /// Records with seq > `afterSeq` that match `filter` (all when empty), oldest first,
    /// keeping only the newest `max`.
    std::vector<LogRecord> since(std::uint64_t afterSeq, std::size_t max,
                                 const std::function<bool(const LogRecord &)> &filter = {}) const;
    std::uint64_t lastSeq() const;
    std::size_t size() const;

private:
    mutable std::mutex m_mutex;
    std::vector<LogRecord> m_items; ///< circular once full
    std::size_t m_capacity;
    std::size_t m_head = 0; ///< index of the oldest when full
    std::uint64_t m_seq = 0;
    std::shared_ptr<JsonLinesFile> m_file;
};

} // namespace bb::telemetry
