#include "access_plugin.h"

#include "access_widget.h"
#include "shell/theme.h"

#include <QCoreApplication>

namespace bb::plugins::access {

QString AccessPanel::title() const
{
    return QCoreApplication::translate("bb::plugins::access", "Access");
}

QIcon AccessPanel::icon() const
{
    return shell::themedIcon(QStringLiteral(":/backbench/icons/access.svg"));
}

QWidget *AccessPanel::createWidget(shell::ShellContext &context)
{
    return new AccessWidget(context);
}

bool AccessPlugin::initialize(shell::ShellContext &, QString *)
{
    // Nothing to register: the panel uses the endpoint tester's "openInTester" action when
    // another plugin provides it, and works without it.
    return true;
}

QList<shell::IPanel *> AccessPlugin::panels() const
{
    return {&m_panel};
}

} // namespace bb::plugins::access
