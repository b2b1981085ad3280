// The Server panel against a real engine on port 0 with a temporary data folder.
#include "engine/engine_controller.h"
#include "live_stats_model.h"
#include "recent_requests_model.h"
#include "requests_view.h"
#include "route_table_model.h"
#include "routes_view.h"
#include "server_monitor.h"
#include "server_settings.h"
#include "server_widget.h"
#include "settings_form.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;
using namespace bb::plugins::server;
using State = engine::EngineController::State;

class TestServerPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName("BackbenchTest");
        QCoreApplication::setApplicationName("tst_serverpanel");
        QVERIFY(m_data.isValid());
    }

    void init()
    {
        QSettings().clear();
        // Point the saved settings at a free port and the temporary folder, as a user would.
        shell::EngineSettings e;
        e.port = 0;
        e.dataDir = m_data.filePath("engine");
        e.threads = 2;
        e.save();
    }

    void startServesAndShowsTheAddressThenStop()
    {
        engine::EngineController controller;
        ServerWidget w(&controller);
        w.resize(1200, 760);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.startButton()->isEnabled());
        QVERIFY(!w.stopButton()->isEnabled());
        QVERIFY(w.problemLabel()->isVisible());
        QVERIFY(w.problemLabel()->text().contains("Press Start"));

        QTest::mouseClick(w.startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Running, 30000);
        QCOMPARE(controller.config().dataDir, m_data.filePath("engine"));
        QVERIFY(controller.config().port == 0);
        const QString url = controller.baseUrl().toString();
        QVERIFY(url.startsWith("http://127.0.0.1:"));
        QTRY_VERIFY(w.addressButton()->isVisible());
        QCOMPARE(w.addressButton()->text(), url);
        QVERIFY(!w.problemLabel()->isVisible());
        QVERIFY(w.stopButton()->isEnabled());
        QVERIFY(!w.startButton()->isEnabled());

        // Clicking the address copies it and says so.
        QTest::mouseClick(w.addressButton(), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), url);
        QVERIFY(w.addressButton()->text().contains("Copied"));

        // Real requests show up in the recent-requests model and the live numbers.
        QNetworkAccessManager net;
        const QStringList paths{"/healthz", "/api/v1/posts/1", "/api/v1/no_such_table", "/healthz",
                                "/api/v1/authors"};
        int done = 0;
        for (const QString &p : paths) {
            QNetworkReply *r = net.get(QNetworkRequest(QUrl(url + p)));
            connect(r, &QNetworkReply::finished, r, [&done, r] {
                ++done;
                r->deleteLater();
            });
        }
        QTRY_COMPARE_WITH_TIMEOUT(done, paths.size(), 15000);
        RecentRequestsModel *model = w.monitor()->requests();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= paths.size(), 5000);
        QStringList seen;
        for (int i = 0; i < model->rowCount(); ++i)
            seen << model->at(i).path;
        for (const QString &p : paths)
            QVERIFY2(seen.contains(p), qPrintable(p + " missing from " + seen.join(',')));
        QTRY_VERIFY(w.monitor()->stats()->latest().requestsTotal >= paths.size());

        // Routes come from the engine, with the engine's base URL in their cURL.
        RouteTableModel *routes = w.monitor()->routes();
        QVERIFY(routes->rowCount() > 5);
        int health = -1;
        for (int i = 0; i < routes->rowCount(); ++i) {
            if (routes->route(i).pattern == "/healthz" && routes->route(i).method == "GET")
                health = i;
        }
        QVERIFY(health >= 0);
        QCOMPARE(w.routesView()->copyCurl(health), QString("curl '%1/healthz'").arg(url));
        QCOMPARE(QApplication::clipboard()->text(), QString("curl '%1/healthz'").arg(url));

        QTest::mouseClick(w.stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Stopped, 30000);
        QTRY_VERIFY(w.problemLabel()->isVisible());
        QVERIFY(w.startButton()->isEnabled());
        QVERIFY(!w.addressButton()->isVisible());
    }

    void busyPortIsExplained()
    {
        QTcpServer squatter;
        QVERIFY(squatter.listen(QHostAddress::LocalHost, 0));
        const int port = squatter.serverPort();
        engine::EngineController controller;
        ServerWidget w(&controller);
        w.show();
        w.settingsForm()->portBox()->setValue(port);
        QTest::mouseClick(w.startButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Failed, 30000);
        QTRY_VERIFY(w.problemLabel()->isVisible());
        QVERIFY2(w.problemLabel()->text().contains(
                     QString("Port %1 is in use — change the port and press Start").arg(port)),
                 qPrintable(w.problemLabel()->text()));
        QVERIFY(w.startButton()->isEnabled());
    }

    void invalidSettingsAreRefusedWithAReason()
    {
        engine::EngineController controller;
        ServerWidget w(&controller);
        w.show();
        QLineEdit *bind = w.settingsForm()->bindEdit();
        bind->clear();
        QTest::keyClicks(bind, "not-an-ip");
        QTest::mouseClick(w.startButton(), Qt::LeftButton);
        QCOMPARE(controller.state(), State::Stopped);
        QVERIFY(w.problemLabel()->text().contains("not-an-ip"));
        // The invalid value was not saved over the good one.
        QCOMPARE(shell::EngineSettings::load().bindAddress, QString("127.0.0.1"));
    }

    void settingsSurviveRecreatingThePanel()
    {
        {
            engine::EngineController controller;
            ServerWidget w(&controller);
            SettingsForm *f = w.settingsForm();
            f->portBox()->setValue(9191);
            f->bindEdit()->clear();
            QTest::keyClicks(f->bindEdit(), "0.0.0.0");
            f->dataDirEdit()->clear();
            QTest::keyClicks(f->dataDirEdit(), m_data.filePath("other"));
            f->dbUrlEdit()->setText("sqlite:" + m_data.filePath("x.db"));
            f->threadsBox()->setValue(3);
            f->logRingBox()->setValue(250'000);
            f->logFileBox()->setValue(20);
        }
        engine::EngineController controller;
        ServerWidget w(&controller);
        SettingsForm *f = w.settingsForm();
        QCOMPARE(f->portBox()->value(), 9191);
        QCOMPARE(f->bindEdit()->text(), QString("0.0.0.0"));
        QCOMPARE(f->dataDirEdit()->text(), m_data.filePath("other"));
        QCOMPARE(f->dbUrlEdit()->text(), "sqlite:" + m_data.filePath("x.db"));
        QCOMPARE(f->threadsBox()->value(), 3);
        QCOMPARE(f->logRingBox()->value(), 250'000);
        QCOMPARE(f->logFileBox()->value(), 20);
        // Nothing was started: saving settings never touches a stopped engine's config.
        QCOMPARE(controller.state(), State::Stopped);
        QCOMPARE(shell::EngineSettings::load().threads, 3);
        // Retention reaches the engine's config at the next (re)start.
        const auto cfg = shell::EngineSettings::load().applyTo({});
        QCOMPARE(cfg.logCapacity, 250'000);
        QVERIFY(cfg.logToFile);
        QCOMPARE(cfg.logFileMaxBytes, qint64(20) * 1024 * 1024);
    }

    void pollingRunsOnlyWhileVisible()
    {
        engine::EngineController controller;
        ServerWidget w(&controller);
        QVERIFY(!w.monitor()->isActive());
        w.show();
        QVERIFY(w.monitor()->isActive());
        w.hide();
        QVERIFY(!w.monitor()->isActive());
    }

    void followStopsWhenTheUserScrollsUp()
    {
        RecentRequestsModel model;
        RequestsView view(&model);
        view.resize(600, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        std::vector<engine::RecentRequest> batch;
        for (std::uint64_t i = 1; i <= 500; ++i)
            batch.push_back({i, 0, "GET", "/x", 200, 1.0, {}});
        model.append(batch);
        QScrollBar *bar = view.table()->verticalScrollBar();
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(view.isFollowing());
        bar->triggerAction(QAbstractSlider::SliderPageStepSub);
        QTRY_VERIFY(!view.isFollowing());
        const int kept = bar->value();
        batch.clear();
        for (std::uint64_t i = 501; i <= 600; ++i)
            batch.push_back({i, 0, "GET", "/y", 200, 1.0, {}});
        model.append(batch);
        QCoreApplication::processEvents();
        QCOMPARE(bar->value(), kept);
        bar->triggerAction(QAbstractSlider::SliderToMaximum);
        QTRY_VERIFY(view.isFollowing());
    }

private:
    QTemporaryDir m_data;
};

QTEST_MAIN(TestServerPanel)
#include "tst_serverpanel.moc"
