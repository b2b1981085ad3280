#include "logs_actions.h"

#include "logs_widget.h"
#include "shell/shell_context.h"

namespace bb::plugins::logs {

void registerLogsActions(shell::ShellContext &context, std::function<LogsWidget *()> front)
{
    context.registerAction(kLogsActions[0], [front](const QVariantMap &args) {
        if (LogsWidget *w = front())
            w->showLogs(args);
    });
    context.registerAction(kLogsActions[1], [front](const QVariantMap &args) {
        if (LogsWidget *w = front())
            w->showTrace(args.value(QStringLiteral("traceId")).toString());
    });
}

} // namespace bb::plugins::logs
