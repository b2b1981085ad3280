// Declares interface version 2, which this shell does not speak.
#include "shell/iplugin.h"

#include <QObject>

class WrongVersionPlugin : public QObject, public bb::shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "wrongversion.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(bb::shell::ShellContext &, QString *) override { return true; }
    QList<bb::shell::IPanel *> panels() const override { return {}; }
};

#include "wrongversion_plugin.moc"
