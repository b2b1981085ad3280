// bb::plugins::endpoints — the Endpoints plugin: contributes the panel and the cross-panel
// actions "openInTester" and "copyAsCurl".
#pragma once

#include "endpoints_widget.h"
#include "shell/ipanel.h"
#include "shell/iplugin.h"

#include <QObject>
#include <QPointer>
#include <QVariantMap>

namespace bb::plugins::endpoints {

class EndpointsWidget;

class EndpointsPanel final : public shell::IPanel {
public:
    QString id() const override { return QStringLiteral("endpoints"); }
    QString title() const override;
    QIcon icon() const override;
    int order() const override { return 20; }
    QWidget *createWidget(shell::ShellContext &context) override;

    EndpointsWidget *widget() const { return m_widget; }
    /// Requests handed over before the panel's first showing, opened when it is built.
    QList<QVariantMap> pending;

private:
    QPointer<EndpointsWidget> m_widget;
};

class EndpointsPlugin final : public QObject, public shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "endpoints.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(shell::ShellContext &context, QString *error) override;
    void aboutToShutdown() override;
    QList<shell::IPanel *> panels() const override;

private:
    shell::ShellContext *m_context = nullptr;
    mutable EndpointsPanel m_panel;
};

} // namespace bb::plugins::endpoints
