#include "logview/field_table.h"

namespace bb::logview {

std::uint16_t FieldTable::intern(std::string_view name)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_ids.find(name); it != m_ids.end())
        return it->second;
    if (m_names.size() >= kMaxFields)
        return kNone;
    m_names.emplace_back(name);
    const auto id = static_cast<std::uint16_t>(m_names.size() - 1);
    m_ids.emplace(std::string_view(m_names.back()), id);
    return id;
}

std::uint16_t FieldTable::find(std::string_view name) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_ids.find(name);
    return it == m_ids.end() ? kNone : it->second;
}

const std::string &FieldTable::name(std::uint16_t id) const
{
    static const std::string empty;
    std::lock_guard lock(m_mutex);
    return id < m_names.size() ? m_names[id] : empty;
}

std::size_t FieldTable::size() const
{
    std::lock_guard lock(m_mutex);
    return m_names.size();
}

QStringList FieldTable::names() const
{
    std::lock_guard lock(m_mutex);
    QStringList out;
    out.reserve(qsizetype(m_names.size()));
    for (const std::string &n : m_names)
        out.append(QString::fromStdString(n));
    return out;
}

} // namespace bb::logview
