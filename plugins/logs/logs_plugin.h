// bb::plugins::logs — the Logs plugin: contributes the Logs panel and the "showLogs" and
// "showTrace" actions other panels invoke (the Metrics panel, from a chart point).
#pragma once

#include "shell/ipanel.h"
#include "shell/iplugin.h"

#include <QObject>
#include <QPointer>
#include <QVariantMap>

namespace bb::plugins::logs {

class LogsWidget;

class LogsPanel final : public shell::IPanel {
public:
    QString id() const override { return QStringLiteral("logs"); }
    QString title() const override;
    QIcon icon() const override;
    int order() const override { return 40; }
    QWidget *createWidget(shell::ShellContext &context) override;

    /// The widget once created (the host creates it the first time the panel is shown).
    LogsWidget *widget() const;

private:
    QPointer<LogsWidget> m_widget;
};

class LogsPlugin final : public QObject, public shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "logs.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(shell::ShellContext &context, QString *error) override;
    void aboutToShutdown() override;
    QList<shell::IPanel *> panels() const override;

private:
    /// Brings the panel to front (creating its widget) and returns it, or nullptr.
    LogsWidget *front();

    shell::ShellContext *m_context = nullptr;
    mutable LogsPanel m_panel;
};

} // namespace bb::plugins::logs
