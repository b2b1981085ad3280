// HAR 1.2 (HTTP Archive) import: what browsers' devtools and proxies save.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

namespace bb::workspace {

/// One request per `log.entries[]` item, in capture order, at the collection's top level.
/// HTTP/2 pseudo-headers (:authority, ...) are dropped with a warning: they restate the URL.
bb::Result<ImportReport> importHar(const QByteArray &json);

} // namespace bb::workspace
