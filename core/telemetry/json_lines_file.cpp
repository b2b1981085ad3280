#include "telemetry/json_lines_file.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

namespace bb::telemetry {

JsonLinesFile::JsonLinesFile(std::string path, std::int64_t maxBytes, int keep)
    : m_path(std::move(path))
    , m_maxBytes(maxBytes)
    , m_keep(std::max(1, keep))
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
    if (m_maxBytes > 0 && m_size > 0 && m_size + std::int64_t(line.size()) + 1 > m_maxBytes)
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
    const auto numbered = [this](int i) { return m_path + "." + std::to_string(i); };
    std::filesystem::remove(numbered(m_keep), ec);
    for (int i = m_keep - 1; i >= 1; --i)
        std::filesystem::rename(numbered(i), numbered(i + 1), ec); // missing ones are skipped
    std::filesystem::rename(m_path, numbered(1), ec);
    m_file = std::fopen(m_path.c_str(), "wb");
    if (m_file)
        std::setvbuf(m_file, nullptr, _IOFBF, 64 * 1024);
    m_size = 0;
}

std::optional<std::uint64_t> JsonLinesFile::lastSeqIn(const std::string &path)
{
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        return std::nullopt;
    const std::streamoff size = in.tellg();
    // Lines are a few hundred bytes; 64 KiB holds the last complete one unless a record carries
    // a huge message, in which case the seed falls back to the clock alone.
    const std::streamoff tail = std::min<std::streamoff>(size, 64 * 1024);
    std::vector<char> buf(static_cast<std::size_t>(tail));
    in.seekg(size - tail);
    in.read(buf.data(), tail);
    std::string_view text(buf.data(), std::size_t(in.gcount()));
    // The last line may be cut short by a crash: walk back over complete lines only.
    while (!text.empty()) {
        if (text.back() != '\n') {
            const auto nl = text.rfind('\n');
            if (nl == std::string_view::npos)
                return std::nullopt;
            text = text.substr(0, nl + 1);
        }
        text.remove_suffix(1); // the newline
        const auto start = text.rfind('\n');
        const std::string_view line =
            start == std::string_view::npos ? text : text.substr(start + 1);
        constexpr std::string_view key = "{\"seq\":";
        if (line.substr(0, key.size()) == key) {
            std::uint64_t seq = 0;
            const char *first = line.data() + key.size();
            const auto r = std::from_chars(first, line.data() + line.size(), seq);
            if (r.ec == std::errc() && r.ptr != first)
                return seq;
        }
        text = start == std::string_view::npos ? std::string_view() : text.substr(0, start + 1);
    }
    return std::nullopt;
}

} // namespace bb::telemetry
