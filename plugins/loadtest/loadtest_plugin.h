// bb::plugins::loadtest — the Load Test plugin: contributes the panel and the "loadTestRequest"
// action ("Load test this request" in the endpoint tester).
#pragma once

#include "loadtest_panel.h"
#include "shell/iplugin.h"

#include <QObject>

namespace bb::plugins::loadtest {

class LoadTestPlugin final : public QObject, public shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "loadtest.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(shell::ShellContext &context, QString *error) override;
    void aboutToShutdown() override;
    QList<shell::IPanel *> panels() const override;

private:
    shell::ShellContext *m_context = nullptr;
    mutable LoadTestPanel m_panel;
};

} // namespace bb::plugins::loadtest
