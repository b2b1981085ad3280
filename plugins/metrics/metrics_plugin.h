// bb::plugins::metrics — the Metrics plugin: contributes the Metrics panel.
#pragma once

#include "shell/ipanel.h"
#include "shell/iplugin.h"

#include <QObject>

namespace bb::plugins::metrics {

class MetricsPanel final : public shell::IPanel {
public:
    QString id() const override { return QStringLiteral("metrics"); }
    QString title() const override;
    QIcon icon() const override;
    int order() const override { return 60; }
    QWidget *createWidget(shell::ShellContext &context) override;
};

class MetricsPlugin final : public QObject, public shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "metrics.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(shell::ShellContext &context, QString *error) override;
    QList<shell::IPanel *> panels() const override;

private:
    mutable MetricsPanel m_panel;
};

} // namespace bb::plugins::metrics
