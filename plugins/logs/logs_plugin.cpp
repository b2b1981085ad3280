#include "logs_plugin.h"

#include "logs_actions.h"
#include "logs_widget.h"
#include "shell/shell_context.h"
#include "shell/theme.h"

#include <QCoreApplication>

namespace bb::plugins::logs {

QString LogsPanel::title() const
{
    return QCoreApplication::translate("bb::plugins::logs", "Logs");
}

QIcon LogsPanel::icon() const
{
    return shell::themedIcon(QStringLiteral(":/backbench/icons/logs.svg"));
}

QWidget *LogsPanel::createWidget(shell::ShellContext &context)
{
    m_widget = new LogsWidget(context.engine(), context.settings(id()));
    return m_widget;
}

LogsWidget *LogsPanel::widget() const
{
    return m_widget.data();
}

bool LogsPlugin::initialize(shell::ShellContext &context, QString *)
{
    m_context = &context;
    // The contract (showLogs: from, to, query, traceId; showTrace: traceId): bring the panel to
    // front, which creates its widget, then apply the arguments to it.
    registerLogsActions(context, [this] { return front(); });
    return true;
}

LogsWidget *LogsPlugin::front()
{
    if (!m_context)
        return nullptr;
    m_context->showPanel(m_panel.id());
    return m_panel.widget();
}

void LogsPlugin::aboutToShutdown()
{
    if (m_context) {
        for (const QString &name : kLogsActions)
            m_context->unregisterAction(name);
    }
}

QList<shell::IPanel *> LogsPlugin::panels() const
{
    return {&m_panel};
}

} // namespace bb::plugins::logs
