#include "loadtest/request_set_p.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace bb::loadtest {

std::variant<std::vector<std::pair<bool, std::string>>, std::string>
splitVariables(std::string_view text)
{
    std::vector<std::pair<bool, std::string>> parts;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t open = text.find("{{", at);
        if (open == std::string_view::npos) {
            parts.emplace_back(false, std::string(text.substr(at)));
            break;
        }
        if (open > at)
            parts.emplace_back(false, std::string(text.substr(at, open - at)));
        const std::size_t close = text.find("}}", open + 2);
        if (close == std::string_view::npos)
            return "at " + std::to_string(open + 1) + ": \"{{\" without \"}}\"";
        std::string name(text.substr(open + 2, close - open - 2));
        while (!name.empty() && name.front() == ' ')
            name.erase(0, 1);
        while (!name.empty() && name.back() == ' ')
            name.pop_back();
        if (name.empty())
            return "at " + std::to_string(open + 1) + ": an empty variable name";
        parts.emplace_back(true, std::move(name));
        at = close + 2;
    }
    return parts;
}

namespace {

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

/// Smooth weighted round-robin (nginx's): spreads heavy requests evenly instead of in runs.
std::vector<std::uint32_t> weightedOrder(const std::vector<RequestSpec> &specs)
{
    // Scale weights to integers with a bounded cycle: at most 1,000 slots.
    double total = 0;
    for (const RequestSpec &s : specs)
        total += std::max(0.0, s.weight);
    std::vector<long> w;
    for (const RequestSpec &s : specs)
        w.push_back(std::max(0L, std::lround(std::max(0.0, s.weight) / total * 1000.0)));
    long sum = 0;
    for (long x : w)
        sum += x;
    std::vector<std::uint32_t> order;
    std::vector<long> current(w.size(), 0);
    for (long n = 0; n < sum; ++n) {
        std::size_t best = 0;
        for (std::size_t i = 0; i < w.size(); ++i) {
            current[i] += w[i];
            if (current[i] > current[best])
                best = i;
        }
        current[best] -= sum;
        order.push_back(std::uint32_t(best));
    }
    return order;
}

} // namespace

std::variant<RequestSet, std::string> RequestSet::build(const Scenario &scenario)
{
    RequestSet set;
    if (scenario.requests.empty())
        return std::string("no request to send");
    for (std::size_t i = 0; i < scenario.requests.size(); ++i) {
        const RequestSpec &spec = scenario.requests[i];
        const std::string label = spec.name.empty() ? "request " + std::to_string(i + 1)
                                                    : "request \"" + spec.name + "\"";
        auto parsed = parseTarget(spec.url);
        if (auto *err = std::get_if<std::string>(&parsed))
            return label + ": URL " + *err;
        Target &t = std::get<Target>(parsed);
        if (i == 0) {
            set.m_target = t;
        } else if (t.tls != set.m_target.tls || t.host != set.m_target.host ||
                   t.port != set.m_target.port) {
            return label + ": " + t.origin() + " differs from " + set.m_target.origin() +
                   "; one run loads one origin";
        }
        if (spec.method.empty() || spec.method.find_first_of(" \r\n\t") != std::string::npos)
            return label + ": \"" + spec.method + "\" is not an HTTP method";
        Item item;
        item.head = iequals(spec.method, "HEAD");
        std::string head = spec.method + " " + t.path + " HTTP/1.1\r\n";
        bool hasHost = false, hasLength = false;
        for (const auto &[name, value] : spec.headers) {
            if (name.empty() || name.find_first_of(" :\r\n\t") != std::string::npos)
                return label + ": header name \"" + name + "\" is not valid";
            if (value.find_first_of("\r\n") != std::string::npos)
                return label + ": header " + name + " holds a line break";
            hasHost = hasHost || iequals(name, "host");
            if (iequals(name, "content-length")) {
                hasLength = true;
                continue; // computed from the (substituted) body
            }
            head += name + ": " + value + "\r\n";
        }
        if (!hasHost)
            head.insert(head.find("\r\n") + 2, "Host: " + t.hostHeader + "\r\n");
        item.hasBody = !spec.body.empty() || hasLength;
        auto headParts = splitVariables(head);
        if (auto *err = std::get_if<std::string>(&headParts))
            return label + ": " + *err;
        auto bodyParts = splitVariables(spec.body);
        if (auto *err = std::get_if<std::string>(&bodyParts))
            return label + ": body " + *err;
        const auto &hp = std::get<0>(headParts);
        const auto &bp = std::get<0>(bodyParts);
        const bool dynamic = std::any_of(hp.begin(), hp.end(), [](auto &p) { return p.first; }) ||
                             std::any_of(bp.begin(), bp.end(), [](auto &p) { return p.first; });
        if (!dynamic) {
            item.fixed = head;
            if (item.hasBody)
                item.fixed += "Content-Length: " + std::to_string(spec.body.size()) + "\r\n";
            item.fixed += "\r\n" + spec.body;
        } else {
            if (scenario.dataRows.empty())
                return label + ": uses {{variables}} but there are no data rows";
            for (const auto &[var, text] : hp)
                item.parts.push_back({var, text});
            for (const auto &[var, text] : bp)
                item.bodyParts.push_back({var, text});
        }
        set.m_items.push_back(std::move(item));
    }
    if (scenario.weighted) {
        set.m_order = weightedOrder(scenario.requests);
        if (set.m_order.empty())
            return std::string("every request has weight 0");
    } else {
        for (std::uint32_t i = 0; i < set.m_items.size(); ++i)
            set.m_order.push_back(i);
    }
    set.m_rows = scenario.dataRows;
    return set;
}

void RequestSet::renderParts(const std::vector<Part> &parts, std::uint64_t row,
                             std::string &out) const
{
    const auto &values = m_rows[row % m_rows.size()];
    for (const Part &p : parts) {
        if (!p.variable) {
            out += p.text;
            continue;
        }
        // A name missing from the row is sent as written, as the tester does, so the server's
        // answer shows what went wrong.
        const auto it = values.find(p.text);
        if (it != values.end())
            out += it->second;
        else
            out += "{{" + p.text + "}}";
    }
}

std::uint32_t RequestSet::append(std::uint64_t k, std::string &out) const
{
    const std::uint32_t i = specFor(k);
    const Item &item = m_items[i];
    if (item.parts.empty()) {
        out += item.fixed;
        return i;
    }
    renderParts(item.parts, k, out);
    if (!item.hasBody) {
        out += "\r\n";
        return i;
    }
    // Render the body after a placeholder-free header block: body length is known only then.
    const std::size_t headEnd = out.size();
    renderParts(item.bodyParts, k, out);
    const std::size_t bodyLength = out.size() - headEnd;
    char line[48];
    const int n = std::snprintf(line, sizeof line, "Content-Length: %zu\r\n\r\n", bodyLength);
    out.insert(headEnd, line, std::size_t(n));
    return i;
}

} // namespace bb::loadtest
