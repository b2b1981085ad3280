#include "app/main_window.h"

#include "app/about_plugins_dialog.h"
#include "app/activity_bar.h"
#include "engine/engine_controller.h"
#include "shell/engine_status.h"
#include "shell/ipanel.h"
#include "shell/plugin_manager.h"
#include "shell/shell_context.h"
#include "shell/theme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

#ifndef BB_VERSION
#define BB_VERSION "0.0.0"
#endif

namespace bb::app {

namespace {
const char kGeometryKey[] = "mainWindow/geometry";
const char kStateKey[] = "mainWindow/state";
const char kLastPanelKey[] = "mainWindow/lastPanel";
} // namespace

MainWindow::MainWindow(shell::PluginManager &plugins, shell::ShellContext &context, QWidget *parent)
    : QMainWindow(parent)
    , m_plugins(plugins)
    , m_context(context)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Backbench"));
    setWindowIcon(QIcon(QStringLiteral(":/backbench/icons/org.backbench.Backbench.svg")));
    resize(1280, 800);

    auto *central = new QWidget(this);
    auto *row = new QHBoxLayout(central);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(0);
    m_activityBar = new ActivityBar(central);
    auto *rule = new QFrame(central);
    rule->setFrameShape(QFrame::VLine);
    rule->setFrameShadow(QFrame::Plain);
    rule->setForegroundRole(QPalette::Mid);
    m_stack = new QStackedWidget(central);
    row->addWidget(m_activityBar);
    row->addWidget(rule);
    row->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_engineState = new QLabel(this);
    m_engineState->setObjectName(QStringLiteral("engineState"));
    m_engineAddress = new QLabel(this);
    m_engineAddress->setObjectName(QStringLiteral("engineAddress"));
    m_engineAddress->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_engineState);
    statusBar()->addWidget(m_engineAddress, 1);

    buildPanels();
    buildMenus();

    connect(m_activityBar, &ActivityBar::panelActivated, this, &MainWindow::showPanel);
    connect(&m_context, &shell::ShellContext::panelRequested, this, &MainWindow::showPanel);
    if (auto *engine = m_context.engine()) {
        connect(engine, &engine::EngineController::stateChanged, this,
                &MainWindow::updateEngineStatus);
    }
    updateEngineStatus();
    restoreSettings();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildPanels()
{
    m_panels = m_plugins.panels();
    int position = 0;
    for (shell::IPanel *panel : std::as_const(m_panels)) {
        const QString id = panel->id();
        if (m_panelById.contains(id))
            continue; // two plugins claiming one id: the first (by order) keeps it
        m_panelById.insert(id, panel);
        QKeySequence keys = panel->shortcut();
        if (keys.isEmpty() && position < 9)
            keys = QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + position));
        m_shortcuts.insert(id, keys);
        m_activityBar->addPanel(id, panel->title(), panel->icon(), keys);
        ++position;
    }

    // With no panels at all the window still explains itself instead of showing a blank area.
    auto *empty = new QLabel(tr("<h3>No panels loaded</h3><p>Backbench found no working panel "
                                "plugins. Help ▸ About Plugins lists what was found and why it "
                                "did not load.</p>"),
                             m_stack);
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    m_emptyState = empty;
    m_stack->addWidget(m_emptyState);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_panelActions = new QActionGroup(this);
    m_panelActions->setExclusive(true);
    for (shell::IPanel *panel : std::as_const(m_panels)) {
        const QString id = panel->id();
        if (m_panelById.value(id) != panel)
            continue;
        QAction *a = view->addAction(panel->icon(), panel->title());
        a->setObjectName(QStringLiteral("view-") + id);
        a->setCheckable(true);
        a->setShortcut(m_shortcuts.value(id));
        a->setData(id);
        m_panelActions->addAction(a);
        addAction(a); // keeps the shortcut alive while the menu bar is hidden (full screen)
        connect(a, &QAction::triggered, this, [this, id] { showPanel(id); });
    }
    view->addSeparator();
    m_fullScreen = view->addAction(tr("&Full Screen"));
    m_fullScreen->setCheckable(true);
    m_fullScreen->setShortcut(QKeySequence::FullScreen);
    addAction(m_fullScreen);
    connect(m_fullScreen, &QAction::toggled, this, [this](bool on) {
        if (on)
            showFullScreen();
        else
            showNormal();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About Backbench"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutPlugins =
        help->addAction(tr("About &Plugins…"), this, &MainWindow::showAboutPlugins);
    aboutPlugins->setObjectName(QStringLiteral("aboutPlugins"));
}

QStringList MainWindow::panelIds() const
{
    return m_activityBar->panelIds();
}

QKeySequence MainWindow::shortcutFor(const QString &id) const
{
    return m_shortcuts.value(id);
}

bool MainWindow::showPanel(const QString &id)
{
    shell::IPanel *panel = m_panelById.value(id);
    if (!panel)
        return false;
    QWidget *w = m_widgets.value(id);
    if (!w) {
        w = panel->createWidget(m_context);
        if (!w) {
            auto *failed = new QLabel(tr("The %1 panel could not be created.").arg(panel->title()));
            failed->setAlignment(Qt::AlignCenter);
            w = failed;
        }
        w->setObjectName(w->objectName().isEmpty() ? QStringLiteral("panel-") + id
                                                   : w->objectName());
        m_stack->addWidget(w);
        m_widgets.insert(id, w);
    }
    m_stack->setCurrentWidget(w);
    m_activityBar->setCurrent(id);
    for (QAction *a : m_panelActions->actions()) {
        if (a->data().toString() == id)
            a->setChecked(true);
    }
    m_currentId = id;
    setWindowTitle(QStringLiteral("%1 — Backbench").arg(panel->title()));
    QSettings().setValue(kLastPanelKey, id);
    return true;
}

void MainWindow::restoreSettings()
{
    QSettings s;
    const QByteArray geometry = s.value(kGeometryKey).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = s.value(kStateKey).toByteArray();
    if (!state.isEmpty())
        restoreState(state);
    const QString last = s.value(kLastPanelKey).toString();
    if (!showPanel(last) && !m_panels.isEmpty())
        showPanel(m_activityBar->panelIds().value(0));
}

void MainWindow::saveSettings() const
{
    QSettings s;
    s.setValue(kGeometryKey, saveGeometry());
    s.setValue(kStateKey, saveState());
    if (!m_currentId.isEmpty())
        s.setValue(kLastPanelKey, m_currentId);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        updateEngineStatus(); // the state colour is derived from the palette
    if (event->type() == QEvent::WindowStateChange && m_fullScreen) {
        const QSignalBlocker block(m_fullScreen);
        m_fullScreen->setChecked(isFullScreen());
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::updateEngineStatus()
{
    const shell::EngineStatus st = shell::describeEngine(m_context.engine());
    m_engineState->setText(tr("Engine: %1").arg(st.headline));
    QPalette pal = m_engineState->palette();
    pal.setColor(QPalette::WindowText, shell::toneColor(palette(), st.tone));
    m_engineState->setPalette(pal);
    m_engineState->setToolTip(st.detail);
    if (!st.address.isEmpty())
        m_engineAddress->setText(st.address);
    else
        m_engineAddress->setText(st.hint);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Backbench"),
        tr("<h3>Backbench %1</h3>"
           "<p>A desktop workbench for backend work: one window hosting a real embedded "
           "backend engine and the panels to drive it.</p>"
           "<p>Built with Qt %2, running on Qt %3.</p>")
            .arg(QLatin1String(BB_VERSION), QLatin1String(QT_VERSION_STR),
                 QLatin1String(qVersion())));
}

void MainWindow::showAboutPlugins()
{
    AboutPluginsDialog dialog(m_plugins, this);
    dialog.exec();
}

} // namespace bb::app
