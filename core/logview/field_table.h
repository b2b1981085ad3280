// bb::logview — field names interned to small ids, so a million lines do not each carry their
// keys' text. Shared by the parsing thread and the GUI thread.
#pragma once

#include <QStringList>

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bb::logview {

class FieldTable {
public:
    static constexpr std::uint16_t kNone = 0xffff;
    /// The most distinct names kept; lines with more new names keep them as "other" text.
    static constexpr std::size_t kMaxFields = 4096;

    /// The id of `name`, adding it when new; kNone when the table is full.
    std::uint16_t intern(std::string_view name);
    /// The id of `name`, or kNone.
    std::uint16_t find(std::string_view name) const;
    /// The name of an id; stable for the table's life (names are never removed).
    const std::string &name(std::uint16_t id) const;
    std::size_t size() const;
    /// Every name, in the order first seen.
    QStringList names() const;

private:
    mutable std::mutex m_mutex;
    std::deque<std::string> m_names; // deque: references stay valid as it grows
    std::unordered_map<std::string_view, std::uint16_t> m_ids;
};

} // namespace bb::logview
