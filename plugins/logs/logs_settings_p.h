// bb::plugins::logs — the Logs panel's settings keys (under plugins/logs/) and where the remote
// token is kept; private to the panel's sources.
#pragma once

#include <QString>

namespace bb::plugins::logs::settings {

inline const QString kKind = QStringLiteral("source/kind");
inline const QString kRemoteUrl = QStringLiteral("source/remoteUrl");
inline const QString kFile = QStringLiteral("source/file");
inline const QString kQuery = QStringLiteral("query");
inline const QString kLevels = QStringLiteral("levels");
inline const QString kHeader = QStringLiteral("view/header");
inline const QString kSplitter = QStringLiteral("view/splitter");
inline const QString kColumns = QStringLiteral("view/columns");
inline const QString kCapacity = QStringLiteral("capacity");
// Remote tokens live in the keychain under this key, by URL.
inline const QString kSecretKey = QStringLiteral("backbench-logs-panel");
inline const QString kSecretEnv = QStringLiteral("remote");

} // namespace bb::plugins::logs::settings
