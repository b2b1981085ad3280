// initialize() throws; the manager must catch it and carry on.
#include "shell/iplugin.h"

#include <QObject>

#include <stdexcept>

class InitThrowsPlugin : public QObject, public bb::shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "initthrows.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(bb::shell::ShellContext &, QString *) override
    {
        throw std::runtime_error("config file is corrupt");
    }
    QList<bb::shell::IPanel *> panels() const override { return {}; }
};

#include "initthrows_plugin.moc"
