// bb::loadtest (internal) — evaluating a scenario's checks on one parsed response.
#pragma once

#include "loadtest/response_parser_p.h"
#include "loadtest/scenario.h"

#include <string>
#include <vector>

namespace bb::loadtest {

class ResponseChecks {
public:
    explicit ResponseChecks(const std::vector<Check> &checks);

    bool empty() const { return m_checks.empty(); }
    /// The header names the parser must keep (lower case), in capture order.
    const std::vector<std::string> &headerNames() const { return m_headerNames; }
    bool needsBody() const { return m_needsBody; }
    /// A status check decides which statuses fail; without one, 4xx and 5xx count as errors.
    bool decidesStatus() const { return m_decidesStatus; }
    /// Runs every check; passed[i] tells check i. Returns whether all passed.
    bool run(const ResponseParser &response, std::vector<char> &passed) const;

private:
    std::vector<Check> m_checks;
    std::vector<int> m_captureIndex; ///< per check: its header's capture slot, or -1
    std::vector<std::string> m_headerNames;
    bool m_needsBody = false;
    bool m_decidesStatus = false;
};

/// Evaluates "$.items[0].id" on a JSON document; the value as text (strings bare, numbers in
/// shortest form, true/false/null, objects/arrays compact). False when the path does not exist
/// or the body is not JSON.
bool jsonPathValue(const std::string &json, const std::string &path, std::string &value);

} // namespace bb::loadtest
