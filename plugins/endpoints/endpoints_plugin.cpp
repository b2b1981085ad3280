#include "endpoints_plugin.h"

#include "endpoints_widget.h"
#include "shell/shell_context.h"
#include "shell/theme.h"
#include "tester_actions.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace bb::plugins::endpoints {

QString EndpointsPanel::title() const
{
    return QCoreApplication::translate("bb::plugins::endpoints", "Endpoints");
}

QIcon EndpointsPanel::icon() const
{
    return shell::themedIcon(QStringLiteral(":/backbench/icons/endpoints.svg"));
}

QWidget *EndpointsPanel::createWidget(shell::ShellContext &context)
{
    const QString dir = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
                            .filePath(QStringLiteral("workspace"));
    auto *widget = new EndpointsWidget(context, dir);
    m_widget = widget;
    for (const QVariantMap &args : std::as_const(pending))
        widget->openNew(requestFromVariant(args));
    pending.clear();
    return widget;
}

bool EndpointsPlugin::initialize(shell::ShellContext &context, QString *)
{
    m_context = &context;
    context.registerAction(kOpenInTesterAction, [this](const QVariantMap &args) {
        // Showing the panel builds its widget the first time; a request that arrives before
        // then waits in `pending`.
        if (EndpointsWidget *w = m_panel.widget())
            w->openNew(requestFromVariant(args));
        else
            m_panel.pending.append(args);
        m_context->showPanel(m_panel.id());
    });
    context.registerAction(kCopyAsCurlAction, [this](const QVariantMap &) {
        if (EndpointsWidget *w = m_panel.widget())
            w->copyCurrentAsCurl();
    });
    return true;
}

void EndpointsPlugin::aboutToShutdown()
{
    if (!m_context)
        return;
    m_context->unregisterAction(kOpenInTesterAction);
    m_context->unregisterAction(kCopyAsCurlAction);
    if (EndpointsWidget *w = m_panel.widget())
        w->saveSession();
}

QList<shell::IPanel *> EndpointsPlugin::panels() const
{
    return {&m_panel};
}

} // namespace bb::plugins::endpoints
