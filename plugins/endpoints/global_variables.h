// bb::plugins::endpoints — the workspace's global variables (what scripts set with
// pm.globals.set), kept per user in `.backbench/globals.json` as
// `[{"name": …, "value": …, "enabled": …}, …]`.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QList>
#include <QString>

namespace bb::plugins::endpoints {

/// The globals in `path`; a missing file is no globals.
Result<QList<workspace::KeyValue>> loadGlobals(const QString &path);
/// Writes `globals` to `path` atomically (QSaveFile).
Result<void> saveGlobals(const QString &path, const QList<workspace::KeyValue> &globals);

} // namespace bb::plugins::endpoints
