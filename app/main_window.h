// bb::app — the main window: activity bar, panel stack, engine status bar, View and Help menus.
#pragma once

#include <QHash>
#include <QMainWindow>

class QAction;
class QActionGroup;
class QLabel;
class QStackedWidget;

namespace bb::shell {
class IPanel;
class PluginManager;
class ShellContext;
} // namespace bb::shell

namespace bb::app {

class ActivityBar;

/// Panels are created on first show. Window geometry, state and the last panel are saved in the
/// application settings ("mainWindow/…") and restored by the next MainWindow.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(shell::PluginManager &plugins, shell::ShellContext &context,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    QStringList panelIds() const;
    QString currentPanelId() const { return m_currentId; }
    /// Creates the panel's widget if needed and brings it to front; false for an unknown id.
    bool showPanel(const QString &id);
    /// The panel's widget, or nullptr when it has not been shown yet.
    QWidget *panelWidget(const QString &id) const { return m_widgets.value(id); }
    ActivityBar *activityBar() const { return m_activityBar; }
    /// The shortcut assigned to a panel (its own, or Ctrl+<position>).
    QKeySequence shortcutFor(const QString &id) const;

    void saveSettings() const;

public slots:
    void showAboutPlugins();
    void showAbout();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    void buildPanels();
    void restoreSettings();
    void updateEngineStatus();

    shell::PluginManager &m_plugins;
    shell::ShellContext &m_context;
    ActivityBar *m_activityBar = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyState = nullptr;
    QLabel *m_engineState = nullptr;
    QLabel *m_engineAddress = nullptr;
    QAction *m_fullScreen = nullptr;
    QActionGroup *m_panelActions = nullptr;
    QList<shell::IPanel *> m_panels;
    QHash<QString, shell::IPanel *> m_panelById;
    QHash<QString, QWidget *> m_widgets;
    QHash<QString, QKeySequence> m_shortcuts;
    QString m_currentId;
};

} // namespace bb::app
