// bb::common — small JSON helpers shared by the engine and the panels.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <string>

namespace bb::json {

/// Appends `s` to `out` as a JSON string literal, quotes included (fast path for hot code).
void appendQuoted(std::string &out, std::string_view s);
/// Like appendQuoted, but safe to embed in an inline HTML script or older JavaScript: also
/// writes "</" as "<\/", U+2028/U+2029 as \u2028/\u2029, and \b and \f in their short form.
void appendScriptQuoted(std::string &out, std::string_view s);

/// An RFC 9457 problem document: {type, title, status, detail}.
QJsonObject problem(int status, const QString &title, const QString &detail = {});

} // namespace bb::json
