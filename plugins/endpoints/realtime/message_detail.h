// The detail panes' text: a message as received, or pretty-printed when it is JSON.
#pragma once

#include <QString>

namespace bb::endpoints {

QString prettyIfJson(const QString &text);

} // namespace bb::endpoints
