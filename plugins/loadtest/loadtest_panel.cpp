#include "loadtest_panel.h"

#include "loadtest_widget.h"
#include "shell/shell_context.h"
#include "shell/theme.h"

#include <QCoreApplication>

namespace bb::plugins::loadtest {

QString LoadTestPanel::title() const
{
    return QCoreApplication::translate("bb::plugins::loadtest", "Load Test");
}

QIcon LoadTestPanel::icon() const
{
    return shell::themedIcon(QStringLiteral(":/backbench/icons/loadtest.svg"));
}

QWidget *LoadTestPanel::createWidget(shell::ShellContext &context)
{
    m_widget = new LoadTestWidget(context.engine(), context.settings(id()), m_historyFolder);
    if (!m_pending.isEmpty()) {
        m_widget->setRequest(m_pending);
        m_pending.clear();
    }
    return m_widget;
}

LoadTestWidget *LoadTestPanel::widget() const
{
    return m_widget;
}

void LoadTestPanel::takeRequest(const QVariantMap &args)
{
    if (m_widget)
        m_widget->setRequest(args);
    else
        m_pending = args; // applied when the panel is first shown
}

void registerLoadTestActions(shell::ShellContext &context, LoadTestPanel &panel)
{
    shell::ShellContext *ctx = &context;
    context.registerAction(kLoadTestRequestAction, [ctx, &panel](const QVariantMap &args) {
        panel.takeRequest(args);
        ctx->showPanel(panel.id());
    });
}

void unregisterLoadTestActions(shell::ShellContext &context)
{
    context.unregisterAction(kLoadTestRequestAction);
}

} // namespace bb::plugins::loadtest
