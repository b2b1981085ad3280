// bb::plugins::endpoints (private) — the panel's keys in PluginSettings, shared by the files
// EndpointsWidget is split across.
#pragma once

#include <QString>

namespace bb::plugins::endpoints {

inline const QString kPluginId = QStringLiteral("endpoints");
inline const QString kWorkspaceKey = QStringLiteral("workspaceDir");
inline const QString kTabsKey = QStringLiteral("openTabs");
inline const QString kActiveKey = QStringLiteral("activeTab");
inline const QString kEnvironmentKey = QStringLiteral("environment");
/// The environment picker's first entry, "No environment".
inline constexpr int kNoEnvironment = 0;

} // namespace bb::plugins::endpoints
