// bb::plugins::endpoints — the workspace's global variables (what scripts set with
// pm.globals.set), kept per user in `.backbench/globals.json` as
// `[{"name": …, "value": …, "enabled": …}, …]`.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QList>
#include <QString>

namespace bb::plugins::endpoints {

/// Where a workspace keeps its globals: `globals.json` in its local state folder.
QString globalsPath(const QString &localStateDir);
/// The globals in `path`; a missing file is no globals.
Result<QList<workspace::KeyValue>> loadGlobals(const QString &path);
/// Writes `globals` to `path` atomically (QSaveFile).
Result<void> saveGlobals(const QString &path, const QList<workspace::KeyValue> &globals);

} // namespace bb::plugins::endpoints
