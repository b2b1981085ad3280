#include "database_plugin.h"

#include "database_widget.h"
#include "shell/shell_context.h"
#include "shell/theme.h"

#include <QCoreApplication>

namespace bb::plugins::database {

QString DatabasePanel::title() const
{
    return QCoreApplication::translate("bb::plugins::database", "Database");
}

QIcon DatabasePanel::icon() const
{
    return shell::themedIcon(QStringLiteral(":/backbench/icons/database.svg"));
}

QWidget *DatabasePanel::createWidget(shell::ShellContext &context)
{
    auto *w = new DatabaseWidget(&context);
    widget = w;
    return w;
}

bool DatabasePlugin::initialize(shell::ShellContext &, QString *)
{
    return true;
}

void DatabasePlugin::aboutToShutdown()
{
    // Open tabs and the splitter are saved now, while the widget still exists.
    if (m_panel.widget)
        m_panel.widget->saveState();
}

QList<shell::IPanel *> DatabasePlugin::panels() const
{
    return {&m_panel};
}

} // namespace bb::plugins::database
