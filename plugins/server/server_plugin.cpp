#include "server_plugin.h"

#include "engine/engine_controller.h"
#include "server_widget.h"
#include "shell/shell_context.h"
#include "shell/theme.h"

#include <QCoreApplication>
#include <QLabel>

namespace bb::plugins::server {

namespace {
const QStringList kActions{QStringLiteral("server.start"), QStringLiteral("server.stop"),
                           QStringLiteral("server.restart")};
}

QString ServerPanel::title() const
{
    return QCoreApplication::translate("bb::plugins::server", "Server");
}

QIcon ServerPanel::icon() const
{
    return shell::themedIcon(QStringLiteral(":/backbench/icons/server.svg"));
}

QWidget *ServerPanel::createWidget(shell::ShellContext &context)
{
    return new ServerWidget(context.engine());
}

bool ServerPlugin::initialize(shell::ShellContext &context, QString *)
{
    m_context = &context;
    // Other panels (lessons, the load tester) drive the engine through these, never directly.
    if (auto *engine = context.engine()) {
        context.registerAction(kActions[0], [engine](const QVariantMap &) { engine->start(); });
        context.registerAction(kActions[1], [engine](const QVariantMap &) { engine->stop(); });
        context.registerAction(kActions[2], [engine](const QVariantMap &) { engine->restart(); });
    }
    return true;
}

void ServerPlugin::aboutToShutdown()
{
    if (m_context) {
        for (const QString &name : kActions)
            m_context->unregisterAction(name);
    }
}

QList<shell::IPanel *> ServerPlugin::panels() const
{
    return {&m_panel};
}

} // namespace bb::plugins::server
