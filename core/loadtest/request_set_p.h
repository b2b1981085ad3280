// bb::loadtest (internal) — the scenario's requests serialised once: a request without
// {{variables}} is a fixed byte string written as is; one with variables is a list of literal
// and variable parts rendered per send into a reused buffer (no allocation once warm).
#pragma once

#include "loadtest/scenario.h"
#include "loadtest/target_p.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bb::loadtest {

class RequestSet {
public:
    /// `target` is the first request's origin; every request must share it (checked by
    /// LoadRun::validate). Errors name the request and position.
    static std::variant<RequestSet, std::string> build(const Scenario &scenario);

    /// The bytes of the k-th request of the run (k counts across all workers), appended to
    /// `out`. Returns the index of the RequestSpec used.
    std::uint32_t append(std::uint64_t k, std::string &out) const;
    /// Index of the spec the k-th request uses.
    std::uint32_t specFor(std::uint64_t k) const { return m_order[k % m_order.size()]; }
    /// The fixed bytes of spec i, or null when it has variables.
    const std::string *fixedBytes(std::uint32_t i) const
    {
        return m_items[i].parts.empty() ? &m_items[i].fixed : nullptr;
    }
    bool isHead(std::uint32_t i) const { return m_items[i].head; }
    const Target &target() const { return m_target; }
    std::size_t size() const { return m_items.size(); }

private:
    struct Part {
        bool variable = false;
        std::string text; ///< literal bytes or the variable's name
    };
    /// A request with variables: head parts (request line, headers up to Content-Length) and
    /// body parts; Content-Length is computed per send.
    struct Item {
        std::string fixed;
        std::vector<Part> parts;     ///< request line and headers, without Content-Length
        std::vector<Part> bodyParts; ///< the body
        bool hasBody = false;
        bool head = false;
    };

    void renderParts(const std::vector<Part> &parts, std::uint64_t row, std::string &out) const;

    Target m_target;
    std::vector<Item> m_items;
    std::vector<std::uint32_t> m_order; ///< round-robin or smooth weighted order of spec indices
    std::vector<std::map<std::string, std::string>> m_rows;
};

/// Splits text into literal and {{variable}} parts; an unclosed "{{" is an error with position.
std::variant<std::vector<std::pair<bool, std::string>>, std::string>
splitVariables(std::string_view text);

} // namespace bb::loadtest
