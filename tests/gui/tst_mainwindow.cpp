// The main window with the test plugins: activity bar, Ctrl+N, saved state, About Plugins.
#include "app/about_plugins_dialog.h"
#include "app/activity_bar.h"
#include "app/main_window.h"
#include "shell/plugin_manager.h"
#include "shell/shell_context.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>

using namespace bb;

class TestMainWindow : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("Backbench");
        QCoreApplication::setApplicationName("Backbench");
        m_plugins.setSearchPaths({BB_TEST_PLUGIN_DIR});
        m_plugins.loadAll(m_context);
        QCOMPARE(m_plugins.runningPlugins().size(), 2);
    }

    void init() { QSettings().clear(); }

    void everyPanelHasAnActivityButton()
    {
        app::MainWindow w(m_plugins, m_context);
        QCOMPARE(w.panelIds(), (QStringList{"alpha", "beta", "gamma"}));
        const QStringList titles{"Alpha", "Beta", "Gamma"};
        for (int i = 0; i < 3; ++i) {
            QToolButton *b = w.activityBar()->button(w.panelIds()[i]);
            QVERIFY(b);
            QVERIFY(b->isCheckable());
            const QString keys =
                QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)).toString(QKeySequence::NativeText);
            QCOMPARE(b->toolTip(), QString("%1 (%2)").arg(titles[i], keys));
        }
        // The first panel is shown when nothing was saved.
        QCOMPARE(w.currentPanelId(), QString("alpha"));
        QVERIFY(w.activityBar()->button("alpha")->isChecked());
        // Panels are created lazily.
        QVERIFY(w.panelWidget("alpha"));
        QVERIFY(!w.panelWidget("gamma"));
    }

    void ctrlNumberSwitchesPanels()
    {
        app::MainWindow w(m_plugins, m_context);
        w.show();
        w.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        QTest::keyClick(&w, Qt::Key_3, Qt::ControlModifier);
        QCOMPARE(w.currentPanelId(), QString("gamma"));
        QVERIFY(w.panelWidget("gamma")->isVisible());
        QVERIFY(!w.panelWidget("alpha")->isVisible());
        QVERIFY(w.activityBar()->button("gamma")->isChecked());
        QTest::keyClick(&w, Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(w.currentPanelId(), QString("beta"));
        // Ctrl+9 has no panel: nothing changes.
        QTest::keyClick(&w, Qt::Key_9, Qt::ControlModifier);
        QCOMPARE(w.currentPanelId(), QString("beta"));
    }

    void clickingAButtonAndTheViewMenuSwitch()
    {
        app::MainWindow w(m_plugins, m_context);
        w.show();
        QTest::mouseClick(w.activityBar()->button("beta"), Qt::LeftButton);
        QCOMPARE(w.currentPanelId(), QString("beta"));
        auto *viewGamma = w.findChild<QAction *>("view-gamma");
        QVERIFY(viewGamma);
        viewGamma->trigger();
        QCOMPARE(w.currentPanelId(), QString("gamma"));
        QVERIFY(viewGamma->isChecked());
        QVERIFY(!w.findChild<QAction *>("view-alpha")->isChecked());
    }

    void panelsAskForEachOtherThroughTheContext()
    {
        app::MainWindow w(m_plugins, m_context);
        QVERIFY(m_context.showPanel("gamma"));
        QCOMPARE(w.currentPanelId(), QString("gamma"));
        QVERIFY(!w.showPanel("no-such-panel"));
        QCOMPARE(w.currentPanelId(), QString("gamma"));
    }

    void geometryAndLastPanelComeBack()
    {
        QRect saved;
        {
            app::MainWindow first(m_plugins, m_context);
            first.show();
            first.setGeometry(120, 90, 1000, 640);
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.showPanel("beta");
            saved = first.geometry();
            first.close();
        }
        app::MainWindow second(m_plugins, m_context);
        second.show();
        QVERIFY(QTest::qWaitForWindowExposed(&second));
        QCOMPARE(second.currentPanelId(), QString("beta"));
        QCOMPARE(second.geometry(), saved);
    }

    void aboutPluginsListsBrokenPluginsWithReasons()
    {
        app::AboutPluginsDialog dialog(m_plugins);
        QTreeWidget *tree = dialog.tree();
        QCOMPARE(tree->topLevelItemCount(), 6);
        QHash<QString, QTreeWidgetItem *> byId;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = tree->topLevelItem(i);
            byId.insert(item->data(app::AboutPluginsDialog::NameColumn, Qt::UserRole).toString(),
                        item);
        }
        const int state = app::AboutPluginsDialog::StateColumn;
        const int details = app::AboutPluginsDialog::DetailsColumn;
        QCOMPARE(byId["good"]->text(state), QString("running"));
        QCOMPARE(byId["missingdep"]->text(state), QString("broken"));
        QVERIFY(byId["missingdep"]->text(details).contains("missing dependency \"nosuchplugin\""));
        QVERIFY(byId["wrongversion"]->text(details).contains("interface version 2"));
        QVERIFY(byId["initfails"]->text(details).contains("license server unreachable"));
        QVERIFY(byId["initthrows"]->text(details).contains("config file is corrupt"));
        QVERIFY(byId["good"]->toolTip(0).contains("libbbtest_good"));
    }

    void helpMenuOpensAboutPlugins()
    {
        app::MainWindow w(m_plugins, m_context);
        auto *action = w.findChild<QAction *>("aboutPlugins");
        QVERIFY(action);
        // The dialog is modal: close it from inside its own event loop.
        QTimer::singleShot(0, [] {
            QWidget *d = QApplication::activeModalWidget();
            QVERIFY(d);
            QCOMPARE(d->objectName(), QString("aboutPluginsDialog"));
            d->close();
        });
        action->trigger();
    }

    void withoutPanelsTheWindowExplainsItself()
    {
        shell::PluginManager none;
        none.setSearchPaths({QDir::tempPath() + "/bb-no-plugins-here"});
        none.loadAll(m_context);
        app::MainWindow w(none, m_context);
        w.show();
        QVERIFY(w.panelIds().isEmpty());
        auto *stack = w.findChild<QStackedWidget *>();
        auto *label = qobject_cast<QLabel *>(stack->currentWidget());
        QVERIFY(label);
        QVERIFY(label->text().contains("No panels loaded"));
    }

private:
    shell::ShellContext m_context{nullptr};
    shell::PluginManager m_plugins;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
