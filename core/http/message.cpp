#include "http/message.h"

#include "common/http_status.h"

#include <algorithm>

namespace bb::http {

namespace {

inline char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c + ('a' - 'A')) : c;
}

} // namespace

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

void Headers::set(std::string_view name, std::string value)
{
    // Keep the position of the first occurrence so a replaced header does not move.
    auto first = std::find_if(m_fields.begin(), m_fields.end(),
                              [&](const Field &f) { return iequals(f.first, name); });
    if (first == m_fields.end()) {
        m_fields.emplace_back(std::string(name), std::move(value));
        return;
    }
    first->second = std::move(value);
    m_fields.erase(std::remove_if(std::next(first), m_fields.end(),
                                  [&](const Field &f) { return iequals(f.first, name); }),
                   m_fields.end());
}

std::string_view Headers::get(std::string_view name) const
{
    for (const auto &f : m_fields) {
        if (iequals(f.first, name))
            return f.second;
    }
    return {};
}

bool Headers::has(std::string_view name) const
{
    return std::any_of(m_fields.begin(), m_fields.end(),
                       [&](const Field &f) { return iequals(f.first, name); });
}

void Headers::remove(std::string_view name)
{
    m_fields.erase(std::remove_if(m_fields.begin(), m_fields.end(),
                                  [&](const Field &f) { return iequals(f.first, name); }),
                   m_fields.end());
}

std::string_view Request::path() const
{
    std::string_view t(target);
    return t.substr(0, t.find('?'));
}

std::string_view Request::query() const
{
    std::string_view t(target);
    auto q = t.find('?');
    return q == std::string_view::npos ? std::string_view() : t.substr(q + 1);
}

std::string_view reasonPhrase(int status)
{
    return httpReasonOrClass(status);
}

} // namespace bb::http
