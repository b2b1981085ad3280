#include "loadtest_plugin.h"

namespace bb::plugins::loadtest {

bool LoadTestPlugin::initialize(shell::ShellContext &context, QString *)
{
    m_context = &context;
    registerLoadTestActions(context, m_panel);
    return true;
}

void LoadTestPlugin::aboutToShutdown()
{
    if (m_context)
        unregisterLoadTestActions(*m_context);
}

QList<shell::IPanel *> LoadTestPlugin::panels() const
{
    return {&m_panel};
}

} // namespace bb::plugins::loadtest
