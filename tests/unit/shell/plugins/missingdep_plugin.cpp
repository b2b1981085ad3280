// Depends on a plugin that does not exist; must be reported, never loaded.
#include "shell/iplugin.h"

#include <QObject>

class MissingDepPlugin : public QObject, public bb::shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "missingdep.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(bb::shell::ShellContext &, QString *) override { return true; }
    QList<bb::shell::IPanel *> panels() const override { return {}; }
};

#include "missingdep_plugin.moc"
