// bb — HTTP status reason phrases (RFC 9110), shared by the engine's responses and every client
// view that shows a status, so the words are the same everywhere.
#pragma once

#include <QString>

#include <string_view>

namespace bb {

/// The registered reason phrase ("Not Found"), or empty for a code without one.
std::string_view httpReasonPhrase(int status);

/// httpReasonPhrase as a QString, for views and reports.
QString httpReason(int status);

/// The phrase, or the code's class ("Client Error", ...) when it has none, or "Unknown".
std::string_view httpReasonOrClass(int status);

} // namespace bb
