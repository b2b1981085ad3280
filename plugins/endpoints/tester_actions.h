// bb::plugins::endpoints — the cross-panel action names the panel registers with the shell, and
// the conversion of their QVariantMap arguments into a request.
#pragma once

#include "workspace/request.h"

#include <QVariantMap>

namespace bb::plugins::endpoints {

/// {method, url, headers, body[, name, contentType]} → a new unsaved tab in the Endpoints panel.
inline const QString kOpenInTesterAction = QStringLiteral("openInTester");
/// {} → the current tab's request on the clipboard as a curl command line.
inline const QString kCopyAsCurlAction = QStringLiteral("copyAsCurl");
/// Provided by the load tester when installed; invoked with requestToVariant() of a request.
inline const QString kLoadTestAction = QStringLiteral("loadTestRequest");

/// Reads openInTester's arguments. `headers` may be a map (name → value) or a list of
/// {name, value[, enabled]} maps / "Name: value" strings; `body` a string or bytes. A body sets
/// a raw body (content type from the arguments' contentType or the Content-Type header).
workspace::HttpRequest requestFromVariant(const QVariantMap &args);
/// The inverse, for actions that hand a request on (the load tester): method, url, name,
/// headers as a list of {name, value, enabled}, body text and contentType.
QVariantMap requestToVariant(const workspace::HttpRequest &request);

} // namespace bb::plugins::endpoints
