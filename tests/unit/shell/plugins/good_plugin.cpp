// A healthy test plugin with two panels and an action the dependent plugin looks for.
#include "shell/iplugin.h"
#include "shell/shell_context.h"
#include "test_panel.h"

#include <QObject>

class GoodPlugin : public QObject, public bb::shell::IPlugin {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID "org.backbench.IPlugin/1" FILE "good.json")
    Q_INTERFACES(bb::shell::IPlugin)
public:
    bool initialize(bb::shell::ShellContext &context, QString *) override
    {
        context.registerAction(QStringLiteral("good.ping"), [&context](const QVariantMap &args) {
            context.setProperty("lastPing", args.value(QStringLiteral("value")));
        });
        return true;
    }
    QList<bb::shell::IPanel *> panels() const override { return {&m_alpha, &m_beta}; }

private:
    mutable TestPanel m_alpha{QStringLiteral("alpha"), QStringLiteral("Alpha"), 10};
    mutable TestPanel m_beta{QStringLiteral("beta"), QStringLiteral("Beta"), 20};
};

#include "good_plugin.moc"
