#include "loadtest/secrets.h"
#include "loadtest/text_p.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace bb::loadtest {

using internal::trim;

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

// "{{token}}" or "{{a}}{{b}}": only placeholders, so the value itself is no secret.
bool onlyPlaceholders(std::string_view s)
{
    s = trim(s);
    if (s.empty())
        return false;
    while (!s.empty()) {
        if (s.substr(0, 2) != "{{")
            return false;
        const std::size_t close = s.find("}}");
        if (close == std::string_view::npos)
            return false;
        s = trim(s.substr(close + 2));
    }
    return true;
}

std::string maskPart(std::string_view part)
{
    if (part.empty() || onlyPlaceholders(part) || part == kSecretMask)
        return std::string(part);
    return std::string(kSecretMask);
}

// The names of the `{{name}}` placeholders in `s`.
void placeholderNames(std::string_view s, std::set<std::string> &out)
{
    for (std::size_t open = s.find("{{"); open != std::string_view::npos;
         open = s.find("{{", open + 2)) {
        const std::size_t close = s.find("}}", open + 2);
        if (close == std::string_view::npos)
            return;
        out.insert(std::string(trim(s.substr(open + 2, close - open - 2))));
    }
}

} // namespace

bool isCredentialHeader(std::string_view name)
{
    const std::string n = lower(trim(name));
    return n == "authorization" || n == "proxy-authorization" || n == "cookie" ||
           n == "x-api-key" || n.find("token") != std::string::npos ||
           n.find("secret") != std::string::npos || n.find("api-key") != std::string::npos;
}

std::string maskCredential(std::string_view headerName, std::string_view value)
{
    value = trim(value);
    if (lower(trim(headerName)) == "cookie") {
        // Cookie names say which session it is without giving it away.
        std::string out;
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t end = value.find(';', start);
            if (end == std::string_view::npos)
                end = value.size();
            const std::string_view pair = trim(value.substr(start, end - start));
            if (!out.empty())
                out += "; ";
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos)
                out += maskPart(pair);
            else
                out += std::string(trim(pair.substr(0, eq))) + "=" +
                       maskPart(trim(pair.substr(eq + 1)));
            start = end + 1;
        }
        return out;
    }
    // "Bearer abc", "Basic abc=", "Digest username=…": the scheme says what kind of credential
    // it was, which is worth keeping; a single word is the secret itself.
    const std::size_t space = value.find(' ');
    if (space != std::string_view::npos) {
        const std::string_view scheme = value.substr(0, space);
        const bool word = std::all_of(scheme.begin(), scheme.end(), [](char c) {
            return std::isalpha(static_cast<unsigned char>(c)) || c == '-';
        });
        if (word)
            return std::string(scheme) + " " + maskPart(trim(value.substr(space + 1)));
    }
    return maskPart(value);
}

bool containsMask(std::string_view value)
{
    return value.find(kSecretMask) != std::string_view::npos;
}

Scenario withMaskedCredentials(Scenario scenario)
{
    std::set<std::string> rowKeys;
    for (RequestSpec &r : scenario.requests) {
        for (auto &[name, value] : r.headers) {
            if (!isCredentialHeader(name))
                continue;
            placeholderNames(value, rowKeys);
            value = maskCredential(name, value);
        }
    }
    for (auto &row : scenario.dataRows) {
        for (auto &[key, value] : row) {
            if (rowKeys.count(key))
                value = maskCredential({}, value);
        }
    }
    return scenario;
}

std::vector<std::string> maskedHeaderNames(const Scenario &scenario)
{
    std::vector<std::string> out;
    for (const RequestSpec &r : scenario.requests) {
        for (const auto &[name, value] : r.headers) {
            if (!isCredentialHeader(name) || std::find(out.begin(), out.end(), name) != out.end())
                continue;
            // Masked itself, or through the data-row values its placeholders take.
            bool masked = containsMask(value);
            std::set<std::string> keys;
            placeholderNames(value, keys);
            for (const auto &row : scenario.dataRows) {
                for (const std::string &key : keys) {
                    const auto it = row.find(key);
                    masked = masked || (it != row.end() && containsMask(it->second));
                }
            }
            if (masked)
                out.push_back(name);
        }
    }
    return out;
}

std::string environmentName(std::string_view headerName)
{
    std::string out;
    for (char c : trim(headerName)) {
        const auto u = static_cast<unsigned char>(c);
        out += std::isalnum(u) && u < 128 ? char(std::toupper(u)) : '_';
    }
    return out.empty() ? std::string("HEADER") : out;
}

} // namespace bb::loadtest
