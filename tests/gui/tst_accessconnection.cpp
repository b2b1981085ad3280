// How the Access panel reaches a backend: the embedded engine through the shell's token (and
// its state), a remote target through a sign-in with refresh, and the client's 401 retry.
#include "access_connection.h"
#include "access_widget.h"
#include "admin_client.h"
#include "audit_log_model.h"
#include "engine/engine_controller.h"
#include "login_form.h"
#include "role_list_model.h"
#include "shell/shell_context.h"
#include "tst_access_engine.h"
#include "user_list_model.h"
#include "users_view.h"

#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace bb;
using namespace bb::plugins::access;
using State = AccessConnection::State;

namespace {
/// Waits for one answer of `api`.
ApiResponse callSync(AdminApi &api, const QString &path)
{
    ApiResponse out;
    bool done = false;
    QObject context;
    api.get(path, {}, &context, [&](const ApiResponse &r) {
        out = r;
        done = true;
    });
    QTest::qWaitFor([&] { return done; }, 15000);
    return out;
}
} // namespace

class TestAccessConnection : public QObject {
    Q_OBJECT
private slots:
    void followsTheEmbeddedEngine()
    {
        QTemporaryDir data;
        engine::EngineController controller;
        engine::EngineConfig c;
        c.port = 0;
        c.threads = 2;
        c.demo = true;
        c.localAdmin = true;
        c.generateFirstAdmin = false;
        c.dataDir = data.path();
        controller.setConfig(c);
        shell::ShellContext context(&controller);
        AccessWidget panel(context);
        panel.resize(1200, 760);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.connection()->state(), State::EngineStopped);
        auto *message = panel.findChild<QLabel *>("accessMessage");
        QVERIFY(message && message->isVisible());
        QVERIFY(message->text().contains("Server panel"));

        controller.start();
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), engine::EngineController::State::Running,
                                  30000);
        // The shell mints the token; the panel loads without anyone signing in.
        QTRY_VERIFY_WITH_TIMEOUT(panel.usersView()->model()->totalItems() >= 5, 10000);
        QTRY_COMPARE(panel.connection()->state(), State::Connected);
        QVERIFY(panel.tabs()->isVisible());
        QVERIFY(panel.targetLabel()->text().contains(controller.baseUrl().toString()));
        QVERIFY(panel.targetLabel()->text().contains("connected"));

        controller.stop();
        QTRY_COMPARE_WITH_TIMEOUT(panel.connection()->state(), State::EngineStopped, 30000);
        QTRY_VERIFY(message->isVisible());
    }

    void aRefusedTokenIsAskedForAgainOnce()
    {
        bbtest::AccessEngine engine;
        QString error;
        QVERIFY2(engine.start(&error), qPrintable(error));
        int asked = 0;
        // The first token is garbage, as a token minted before a restart would be.
        AdminClient client([&] { return engine.baseUrl(); },
                           [&] { return ++asked == 1 ? QString("not.a.jwt") : engine.token(); });
        ApiResponse r = callSync(client, "/api/admin/roles");
        QCOMPARE(r.status, 401); // no renewal configured: the 401 stands
        QVERIFY(!r.error.isEmpty());

        asked = 0;
        int renewals = 0;
        client.setRenewToken([&](std::function<void(bool)> done) {
            ++renewals;
            done(true);
        });
        r = callSync(client, "/api/admin/roles");
        QVERIFY2(r.ok(), qPrintable(r.error));
        QCOMPARE(r.status, 200);
        QCOMPARE(renewals, 1);
        QCOMPARE(asked, 2);

        // A token that stays bad is retried once, not forever.
        asked = 0;
        renewals = 0;
        AdminClient stubborn([&] { return engine.baseUrl(); },
                             [&] {
                                 ++asked;
                                 return QString("still.not.a.jwt");
                             });
        stubborn.setRenewToken([&](std::function<void(bool)> done) {
            ++renewals;
            done(true);
        });
        r = callSync(stubborn, "/api/admin/roles");
        QCOMPARE(r.status, 401);
        QCOMPARE(renewals, 1);
        QCOMPARE(asked, 2);
    }

    void unreachableAndSlowServersSaySo()
    {
        // A port nobody listens on (bound, then closed again).
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        AdminClient client([port] { return QUrl(QString("http://127.0.0.1:%1").arg(port)); },
                           [] { return QString(); });
        QSignalSpy reach(&client, &AdminApi::reachabilityChanged);
        const ApiResponse r = callSync(client, "/api/admin/users");
        QCOMPARE(r.status, 0);
        QVERIFY2(r.error.startsWith("Cannot reach http://127.0.0.1:"), qPrintable(r.error));
        QCOMPARE(reach.size(), 1);
        QCOMPARE(reach[0][0].toBool(), false);

        // A server that accepts and never answers: the timeout names the request.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        AdminClient slow(
            [&] { return QUrl(QString("http://127.0.0.1:%1").arg(silent.serverPort())); },
            [] { return QString(); });
        slow.setTimeoutMs(300);
        const ApiResponse t = callSync(slow, "/api/admin/users");
        QCOMPARE(t.status, 0);
        QVERIFY2(t.error.contains("did not answer within 0.3 s (GET /api/admin/users)"),
                 qPrintable(t.error));
    }

    void aRemoteTargetWithoutATokenSignsInAndRefreshes()
    {
        bbtest::AccessEngine engine;
        // Short-lived access tokens, so the refresh path runs within the test.
        engine.setTweak([](engine::EngineConfig &c) { c.accessTokenSeconds = 2; });
        QString error;
        QVERIFY2(engine.start(&error), qPrintable(error));
        QCOMPARE(engine
                     .admin("POST", "/api/admin/users",
                            QJsonObject{{"email", "ops@example.com"},
                                        {"password", "remote admin password"},
                                        {"roles", QJsonArray{"admin"}}})
                     .status,
                 201);

        shell::ShellContext context(nullptr);
        context.setTarget({QStringLiteral("Staging"), engine.baseUrl(), QString(), false});
        AccessWidget panel(context);
        panel.resize(1200, 760);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QCOMPARE(panel.connection()->state(), State::NeedsLogin);
        LoginForm *login = panel.loginForm();
        QVERIFY(login->isVisible());

        QTest::keyClicks(login->emailField(), "ops@example.com");
        QTest::keyClicks(login->passwordField(), "wrong");
        QTest::mouseClick(login->signInButton(), Qt::LeftButton);
        QTRY_VERIFY(!login->errorLabel()->text().isEmpty());
        QVERIFY2(login->errorLabel()->text().contains("Invalid email or password"),
                 qPrintable(login->errorLabel()->text()));
        QVERIFY(login->passwordField()->text().isEmpty());

        QTest::keyClicks(login->passwordField(), "remote admin password");
        QTest::keyClick(login->passwordField(), Qt::Key_Return);
        QTRY_VERIFY(panel.tabs()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(panel.usersView()->model()->totalItems() >= 6, 10000);
        QTRY_VERIFY(panel.targetLabel()->text().contains("signed in as ops@example.com"));

        // The access token expires; the next requests refresh it and go through. Hidden, the
        // panel's audit poll stays quiet, so the only requests are the reload's burst.
        const auto refreshes = [&] {
            int n = 0;
            for (const engine::RecentRequest &r : engine.engine()->recentRequests(0, 10'000))
                n += r.path == "/api/v1/auth/refresh" && r.status == 200 ? 1 : 0;
            return n;
        };
        panel.hide();
        QTest::qWait(3200);
        const int before = refreshes();
        const quint64 generation = panel.usersView()->model()->generation();
        QSignalSpy rolesRead(panel.roleModel(), &RoleListModel::reloaded);
        QSignalSpy auditRead(panel.auditModel(), &AuditLogModel::reloaded);
        panel.reloadAll();
        QVERIFY(panel.usersView()->model()->generation() > generation);
        QTRY_VERIFY_WITH_TIMEOUT(panel.usersView()->model()->isRowLoaded(0), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(rolesRead.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(auditRead.size(), 1, 10000);
        // Every request of the burst hit the expiry; one refresh served them all (a refresh
        // token works once, so a second one would have ended the session).
        QCOMPARE(refreshes() - before, 1);
        QCOMPARE(panel.connection()->state(), State::Connected);
        QVERIFY(!panel.statusLabel()->text().contains("Could not"));

        panel.show();
        // Sign out forgets the tokens and asks again.
        auto *signOut = panel.findChild<QPushButton *>("signOutButton");
        QVERIFY(signOut && signOut->isVisible());
        QTest::mouseClick(signOut, Qt::LeftButton);
        QTRY_COMPARE(panel.connection()->state(), State::NeedsLogin);
        QTRY_VERIFY(login->isVisible());
    }
};

QTEST_MAIN(TestAccessConnection)
#include "tst_accessconnection.moc"
