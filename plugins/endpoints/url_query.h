// bb::plugins::endpoints — the URL's query string as an editable list, and back, so the Params
// table and the URL line stay in step while either is edited.
#pragma once

#include "workspace/request.h"

#include <QList>
#include <QString>

namespace bb::plugins::endpoints {

/// The `name=value` pairs after the URL's first '?' (up to any '#'), in order, decoded only for
/// '+' and %XX so `{{variables}}` stay readable. A URL without '?' gives an empty list.
QList<workspace::KeyValue> queryItems(const QString &url);

/// The URL with its query string replaced by the enabled items (none: no '?'); the fragment is
/// kept. Names and values are written as typed, except that '&', '#' and '=' (in names) are
/// percent-encoded so the result reads back to the same items.
QString withQueryItems(const QString &url, const QList<workspace::KeyValue> &items);

} // namespace bb::plugins::endpoints
