// File and folder names for workspace items: the display name lives inside the file, the name on
// disk only has to be safe on every filesystem and stable in git.
#pragma once

#include <QString>

namespace bb::workspace::detail {

/// Lower-case ASCII letters, digits and '-', at most 60 characters: accents are dropped
/// ("Café" -> "cafe"), everything else becomes a dash. Never empty (`fallback` instead), never
/// a name Windows reserves (con, nul, com1, ...).
QString slugify(const QString &name, const QString &fallback);

} // namespace bb::workspace::detail
