// bb::plugins::server — the Server plugin: contributes the Server panel and engine actions.
#pragma once

#include "shell/ipanel.h"
#include "shell/iplugin.h"

#include <QObject>

namespace bb::plugins::server {

/// The panel factory: the host calls createWidget() the first time the panel is shown.
class ServerPanel final : public shell::IPanel {
public:
    QString id() const override { return QStringLiteral("server"); }
    QString title() const override;
    QIcon icon() const override;
    int order() const override { return 10; }
    QWidget *createWidget(shell::ShellContext &context) override;
};

class ServerPlugin final : public QObject, public shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "server.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(shell::ShellContext &context, QString *error) override;
    void aboutToShutdown() override;
    QList<shell::IPanel *> panels() const override;

private:
    shell::ShellContext *m_context = nullptr;
    mutable ServerPanel m_panel;
};

} // namespace bb::plugins::server
