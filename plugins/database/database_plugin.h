// bb::plugins::database — the Database plugin: contributes the Database panel.
#pragma once

#include "shell/ipanel.h"
#include "shell/iplugin.h"

#include <QObject>
#include <QPointer>

namespace bb::plugins::database {

class DatabaseWidget;

/// The panel factory: the host calls createWidget() the first time the panel is shown.
class DatabasePanel final : public shell::IPanel {
public:
    QString id() const override { return QStringLiteral("database"); }
    QString title() const override;
    QIcon icon() const override;
    int order() const override { return 40; }
    QWidget *createWidget(shell::ShellContext &context) override;

    QPointer<DatabaseWidget> widget;
};

class DatabasePlugin final : public QObject, public shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "database.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(shell::ShellContext &context, QString *error) override;
    void aboutToShutdown() override;
    QList<shell::IPanel *> panels() const override;

private:
    mutable DatabasePanel m_panel;
};

} // namespace bb::plugins::database
