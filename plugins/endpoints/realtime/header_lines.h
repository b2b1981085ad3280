// The realtime views' header box: one "Name: value" per line, as people paste them from a
// browser's network tab. Blank lines and lines starting with '#' are skipped.
#pragma once

#include "client/http_types.h"
#include "common/result.h"

namespace bb::endpoints {

/// The headers in text, or an error naming the first line without a "Name:" part.
Result<client::HeaderList> parseHeaderLines(const QString &text);

} // namespace bb::endpoints
