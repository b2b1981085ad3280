// initialize() returns false with a reason.
#include "shell/iplugin.h"

#include <QObject>

class InitFailsPlugin : public QObject, public bb::shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "initfails.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(bb::shell::ShellContext &, QString *error) override
    {
        *error = QStringLiteral("license server unreachable");
        return false;
    }
    QList<bb::shell::IPanel *> panels() const override { return {}; }
};

#include "initfails_plugin.moc"
