// bb::workspace (private) — the text fields of Auth and RequestSettings by the names both file
// formats use (the workspace YAML and the history's JSON), so a field added to either struct is
// added to both formats in one place.
#pragma once

#include "workspace/request.h"

#include <array>

namespace bb::workspace::detail {

struct AuthTextField {
    const char *key;
    QString Auth::*member;
};

inline constexpr std::array<AuthTextField, 17> kAuthTextFields = {{
    {"username", &Auth::username},
    {"password", &Auth::password},
    {"token", &Auth::token},
    {"keyName", &Auth::keyName},
    {"keyValue", &Auth::keyValue},
    {"accessKey", &Auth::accessKey},
    {"secretKey", &Auth::secretKey},
    {"region", &Auth::region},
    {"service", &Auth::service},
    {"sessionToken", &Auth::sessionToken},
    {"grantType", &Auth::grantType},
    {"authUrl", &Auth::authUrl},
    {"tokenUrl", &Auth::tokenUrl},
    {"clientId", &Auth::clientId},
    {"clientSecret", &Auth::clientSecret},
    {"scope", &Auth::scope},
    {"redirectUri", &Auth::redirectUri},
}};

struct SettingsTextField {
    const char *key;
    QString RequestSettings::*member;
};

inline constexpr std::array<SettingsTextField, 5> kSettingsTextFields = {{
    {"caBundle", &RequestSettings::caBundle},
    {"clientCert", &RequestSettings::clientCert},
    {"clientKey", &RequestSettings::clientKey},
    {"proxy", &RequestSettings::proxy},
    {"httpVersion", &RequestSettings::httpVersion},
}};

} // namespace bb::workspace::detail
