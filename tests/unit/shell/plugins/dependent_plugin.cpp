// Depends on "good": its initialize() fails unless good was initialized first.
#include "shell/iplugin.h"
#include "shell/shell_context.h"
#include "test_panel.h"

#include <QObject>

class DependentPlugin : public QObject, public bb::shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "dependent.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(bb::shell::ShellContext &context, QString *error) override
    {
        if (!context.hasAction(QStringLiteral("good.ping"))) {
            *error = QStringLiteral("initialized before its dependency");
            return false;
        }
        return true;
    }
    QList<bb::shell::IPanel *> panels() const override { return {&m_gamma}; }

private:
    mutable TestPanel m_gamma{QStringLiteral("gamma"), QStringLiteral("Gamma"), 30};
};

#include "dependent_plugin.moc"
