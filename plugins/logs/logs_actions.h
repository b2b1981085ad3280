// bb::plugins::logs — the cross-panel actions the Logs panel provides (the contract in
// docs/panels/logs.md): "showLogs" {from, to, query?, traceId?} and "showTrace" {traceId}.
#pragma once

#include <QStringList>

#include <functional>

namespace bb::shell {
class ShellContext;
}

namespace bb::plugins::logs {

class LogsWidget;

inline const QStringList kLogsActions{QStringLiteral("showLogs"), QStringLiteral("showTrace")};

/// Registers both actions on `context`. `front` brings the panel to front and returns its
/// widget (nullptr when there is none, and the action then does nothing).
void registerLogsActions(shell::ShellContext &context, std::function<LogsWidget *()> front);

} // namespace bb::plugins::logs
