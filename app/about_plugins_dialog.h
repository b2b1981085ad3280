// bb::app — Help ▸ About Plugins: every plugin found, its state, and why broken ones were skipped.
#pragma once

#include <QDialog>

class QTreeWidget;

namespace bb::shell {
class PluginManager;
}

namespace bb::app {

class AboutPluginsDialog : public QDialog {
    Q_OBJECT
public:
    enum Column { NameColumn, VersionColumn, StateColumn, DetailsColumn, ColumnCount };

    explicit AboutPluginsDialog(const shell::PluginManager &plugins, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }

private:
    QTreeWidget *m_tree = nullptr;
};

} // namespace bb::app
