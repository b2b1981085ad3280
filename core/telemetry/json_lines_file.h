// bb::telemetry — the JSON-lines file sink of the log ring, rotated by size.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>

namespace bb::telemetry {

/// Appends JSON lines to a file; past `maxBytes` the file becomes `<path>.1`, the older ones move
/// up to `<path>.<keep>` and the oldest beyond that is deleted. Buffered; flushed by flush() (the
/// engine calls it about once a second) and on destruction.
class JsonLinesFile {
public:
    JsonLinesFile(std::string path, std::int64_t maxBytes, int keep = 5);
    ~JsonLinesFile();
    JsonLinesFile(const JsonLinesFile &) = delete;
    JsonLinesFile &operator=(const JsonLinesFile &) = delete;

    bool isOpen() const { return m_file != nullptr; }
    void write(const std::string &line);
    void flush();
    const std::string &path() const { return m_path; }
    int keep() const { return m_keep; }

    /// The "seq" of the last complete line of `path` (read from its tail), if any.
    static std::optional<std::uint64_t> lastSeqIn(const std::string &path);

private:
    void rotate();
    std::mutex m_mutex;
    std::string m_path;
    std::int64_t m_maxBytes;
    int m_keep;
    std::int64_t m_size = 0;
    std::FILE *m_file = nullptr;
};

} // namespace bb::telemetry
