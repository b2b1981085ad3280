// bb::plugins::access — the Access plugin: contributes the Access panel.
#pragma once

#include "shell/ipanel.h"
#include "shell/iplugin.h"

#include <QObject>

namespace bb::plugins::access {

class AccessPanel final : public shell::IPanel {
public:
    QString id() const override { return QStringLiteral("access"); }
    QString title() const override;
    QIcon icon() const override;
    int order() const override { return 30; }
    QWidget *createWidget(shell::ShellContext &context) override;
};

class AccessPlugin final : public QObject, public shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "access.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(shell::ShellContext &context, QString *error) override;
    QList<shell::IPanel *> panels() const override;

private:
    mutable AccessPanel m_panel;
};

} // namespace bb::plugins::access
