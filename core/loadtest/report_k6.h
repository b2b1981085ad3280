// bb::loadtest — a scenario as a runnable k6 script, for when one machine is not enough:
// run it on k6, or distributed with k6-operator (docs/loadtest.md, "Running on k6").
#pragma once

#include "loadtest/scenario.h"

#include <string>
#include <vector>

namespace bb::loadtest {

/// An ES-module k6 script. The model maps to one k6 scenario: closed → `constant-vus`
/// (`shared-iterations` with a request count, `ramping-vus` with stages); open →
/// `constant-arrival-rate` (`ramping-arrival-rate` with stages). Thresholds become k6
/// expressions on http_req_duration / http_req_failed / http_reqs / checks (abortOnFail kept),
/// checks become `check()` calls, headers and bodies are kept, `{{var}}` placeholders are filled
/// from the data rows (a SharedArray over inline JSON), and think time becomes `sleep()`.
std::string k6Script(const Scenario &scenario);

/// The steps of a JSON path such as `$.items[0].id` ("items", 0, "id"), as a JSON array text
/// (`["items",0,"id"]`); used by the script's checks. Unparseable paths give one key step each.
std::string jsonPathSteps(const std::string &path);

/// What the script cannot express, one line each (pipelining, thread count), for the export
/// dialog and the script's header comment; empty when nothing is lost.
std::vector<std::string> k6Caveats(const Scenario &scenario);

} // namespace bb::loadtest
