// bb::loadtest — credentials in a scenario's headers: which headers hold them, and their values
// masked for everything that is written to disk without the user asking for the value (the run
// history, the reports). The k6 export reads them from the environment instead.
#pragma once

#include "loadtest/scenario.h"

#include <string>
#include <string_view>
#include <vector>

namespace bb::loadtest {

/// What stands in for a secret: four bullets ("••••", UTF-8).
inline constexpr std::string_view kSecretMask = "\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2\xE2\x80\xA2";

/// Authorization, Proxy-Authorization, Cookie, X-API-Key, and any name containing "token",
/// "secret" or "api-key" (all case-insensitive).
bool isCredentialHeader(std::string_view name);

/// The value with its secret part masked: "Bearer abc" → "Bearer ••••" (the scheme word kept),
/// "abc" → "••••", Cookie "a=1; b=2" → "a=••••; b=••••". Parts that are only `{{name}}`
/// placeholders are no secret and stay as written; an empty value stays empty.
std::string maskCredential(std::string_view headerName, std::string_view value);

/// Whether `value` holds the mask, i.e. came from a masked store and cannot be sent as is.
bool containsMask(std::string_view value);

/// The scenario with every credential header's value masked (see maskCredential), and the
/// data-row values those headers take through `{{name}}` masked too.
Scenario withMaskedCredentials(Scenario scenario);

/// The credential headers whose value holds the mask (itself or in the data-row values its
/// placeholders take), in order, each name once.
std::vector<std::string> maskedHeaderNames(const Scenario &scenario);

/// The environment variable name for a header in an exported script: upper case, every
/// character other than A–Z and 0–9 an underscore ("X-API-Key" → "X_API_KEY").
std::string environmentName(std::string_view headerName);

} // namespace bb::loadtest
