// bb::plugins::endpoints — what a new user finds on first run: a collection whose requests hit
// the embedded engine, and a "Local engine" environment whose baseUrl follows it.
#pragma once

#include "common/result.h"
#include "workspace/request.h"

#include <QUrl>

namespace bb::workspace {
class WorkspaceStore;
}

namespace bb::plugins::endpoints {

inline const QString kLocalEnvironment = QStringLiteral("Local engine");
/// A variable the panel fills in at send time with a fresh token for the embedded engine (the
/// GUI's own admin), so starter requests to admin routes work without copying tokens around.
inline const QString kEngineTokenVariable = QStringLiteral("engineToken");

/// The starter collection ("Backbench engine") for an engine at `{{baseUrl}}`.
workspace::Collection starterCollection();
/// The "Local engine" environment pointing at baseUrl.
workspace::Environment localEnvironment(const QUrl &baseUrl);
/// Adds both to an empty workspace (one without collections); does nothing otherwise.
Result<void> seedIfEmpty(workspace::WorkspaceStore &store, const QUrl &engineBaseUrl);
/// Points the "Local engine" environment at baseUrl, when it exists and differs.
Result<void> followEngine(workspace::WorkspaceStore &store, const QUrl &baseUrl);

} // namespace bb::plugins::endpoints
