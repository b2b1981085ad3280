// The Access panel's Users tab against a real engine: create, edit, disable, unlock, reset the
// password, roles, sessions and API keys — each checked against the server, not the widgets.
#include "access_connection.h"
#include "access_widget.h"
#include "admin_client.h"
#include "role_list_model.h"
#include "shell/shell_context.h"
#include "tst_access_engine.h"
#include "tst_access_ui.h"
#include "user_create_dialog.h"
#include "user_detail_models.h"
#include "user_details_view.h"
#include "user_editor.h"
#include "user_list_model.h"
#include "users_view.h"

#include <QCheckBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

using namespace bb;
using namespace bb::plugins::access;

namespace {
QStringList roleNames(const QJsonObject &user)
{
    QStringList out;
    for (const QJsonValue &v : user.value("roles").toArray())
        out << v.toString();
    out.sort();
    return out;
}
} // namespace

class TestAccessPanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_engine.start(&error), qPrintable(error));
        QVERIFY(!m_engine.token().isEmpty());
        m_context = std::make_unique<shell::ShellContext>(nullptr);
        // A target with a token behaves exactly like a remote `backbench serve`.
        m_context->setTarget(
            {QStringLiteral("Test engine"), m_engine.baseUrl(), m_engine.token(), false});
        m_panel = std::make_unique<AccessWidget>(*m_context);
        m_panel->resize(1280, 800);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->usersView()->model()->hasAnswered(), 10000);
        QTRY_VERIFY(m_panel->roleModel()->rowCount() >= 4);
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_context.reset();
        m_engine.stop();
    }

    void listsTheEnginesUsersWithTheirCount()
    {
        UsersView *users = m_panel->usersView();
        UserListModel *model = users->model();
        const QJsonObject page = m_engine.admin("GET", "/api/admin/users?perPage=1").json();
        QCOMPARE(model->totalItems(), qint64(page.value("totalItems").toDouble()));
        QVERIFY(model->rowCount() >= 5); // the demo users
        QTRY_VERIFY(model->isRowLoaded(0));
        QVERIFY(users->countLabel()->text().contains(QString::number(model->totalItems())));
        QVERIFY(m_panel->targetLabel()->text().contains("connected"));
        // Search narrows on the server.
        users->searchField()->setText("demo.carol");
        QTRY_COMPARE(model->totalItems(), qint64(1));
        QTRY_COMPARE(model->index(0, UserListModel::EmailColumn).data().toString(),
                     QString("demo.carol@example.com"));
        QVERIFY(users->countLabel()->text().contains("demo.carol"));
        users->searchField()->clear();
        QTRY_VERIFY(model->totalItems() >= 5);
    }

    void theAppsOwnAdminOffersNoChanges()
    {
        const QJsonArray items = m_engine.admin("GET", "/api/admin/users?q=backbench-app")
                                     .json()
                                     .value("items")
                                     .toArray();
        QCOMPARE(items.size(), 1);
        const qint64 id = qint64(items.at(0).toObject().value("id").toDouble());
        UsersView *users = m_panel->usersView();
        users->editor()->load(id);
        QTRY_COMPARE(users->editor()->user().id, id);
        QVERIFY(users->editor()->user().localAdmin);
        UserDetailsView *details = users->details();
        for (QPushButton *b :
             {details->saveNameButton(), details->disableButton(), details->resetPasswordButton(),
              details->deleteButton(), details->saveRolesButton()}) {
            QVERIFY2(!b->isEnabled(), qPrintable(b->text()));
            QVERIFY(b->toolTip().contains("own admin"));
        }
        // Another user gets them back.
        const QJsonArray bob =
            m_engine.admin("GET", "/api/admin/users?q=demo.bob").json().value("items").toArray();
        users->editor()->load(qint64(bob.at(0).toObject().value("id").toDouble()));
        QTRY_COMPARE(users->editor()->user().email, QString("demo.bob@example.com"));
        QVERIFY(details->deleteButton()->isEnabled());
        QVERIFY(details->saveRolesButton()->isEnabled());
    }

    void createEditDisableAndEnableAUser()
    {
        UsersView *users = m_panel->usersView();
        const qint64 before = users->model()->totalItems();
        auto *dialog = qobject_cast<UserCreateDialog *>(users->openCreateDialog());
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClicks(dialog->emailField(), "grace@example.com");
        QTest::keyClicks(dialog->nameField(), "Grace");
        QTest::keyClicks(dialog->passwordField(), "short");
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
        // The server refuses a short password: the form stays open and says why.
        QTRY_VERIFY(dialog->errorLabel()->isVisible());
        QVERIFY2(dialog->errorLabel()->text().contains("password"),
                 qPrintable(dialog->errorLabel()->text()));
        dialog->passwordField()->setText("correct horse battery");
        dialog->setRoleChecked("editor", true);
        QTest::mouseClick(dialog->createButton(), Qt::LeftButton);
        UserEditor *editor = users->editor();
        QTRY_COMPARE(editor->user().email, QString("grace@example.com"));
        const qint64 id = editor->user().id;
        QJsonObject server = m_engine.admin("GET", QString("/api/admin/users/%1").arg(id)).json();
        QCOMPARE(server.value("displayName").toString(), QString("Grace"));
        QCOMPARE(roleNames(server), QStringList({"editor", "viewer"}));
        QTRY_COMPARE(users->model()->totalItems(), before + 1); // the list was read again

        UserDetailsView *details = users->details();
        QCOMPARE(details->titleLabel()->text(), QString("grace@example.com"));
        details->nameField()->setText("Grace Hopper");
        QTest::mouseClick(details->saveNameButton(), Qt::LeftButton);
        QTRY_COMPARE(editor->user().displayName, QString("Grace Hopper"));
        server = m_engine.admin("GET", QString("/api/admin/users/%1").arg(id)).json();
        QCOMPARE(server.value("displayName").toString(), QString("Grace Hopper"));

        // Disable asks first; then the user cannot sign in.
        QTest::mouseClick(details->disableButton(), Qt::LeftButton);
        QString question;
        QVERIFY(bbtest::confirm(m_panel.get(), &question));
        QVERIFY(question.contains("grace@example.com"));
        QTRY_VERIFY(editor->user().disabled);
        QCOMPARE(details->statusLabel()->text(), QString("disabled"));
        QVERIFY(m_engine.admin("GET", QString("/api/admin/users/%1").arg(id))
                    .json()
                    .value("disabled")
                    .toBool());
        QVERIFY(m_engine.login("grace@example.com", "correct horse battery").status >= 400);
        // Enabling needs no confirmation.
        QCOMPARE(details->disableButton()->text(), QString("Enable"));
        QTest::mouseClick(details->disableButton(), Qt::LeftButton);
        QTRY_VERIFY(!editor->user().disabled);
        QCOMPARE(m_engine.login("grace@example.com", "correct horse battery").status, 200);
        QVERIFY(m_panel->statusLabel()->text().contains("enabled"));
    }

    void unlockALockedUser()
    {
        const qint64 id = createUser("locked@example.com", "the right password");
        // Five wrong passwords lock the address.
        for (int i = 0; i < 5; ++i)
            m_engine.login("locked@example.com", "wrong");
        QCOMPARE(m_engine.login("locked@example.com", "the right password").status, 429);
        UserDetailsView *details = select(id);
        UserEditor *editor = m_panel->usersView()->editor();
        QTRY_VERIFY(editor->user().isLocked());
        QVERIFY(details->statusLabel()->text().startsWith("locked until"));
        QVERIFY(details->unlockButton()->isEnabled());
        QTest::mouseClick(details->unlockButton(), Qt::LeftButton);
        QTRY_VERIFY(!editor->user().isLocked());
        QVERIFY(!details->unlockButton()->isEnabled());
        QCOMPARE(m_engine.login("locked@example.com", "the right password").status, 200);
    }

    void resetPasswordShowsANewOneOnceAndItSignsIn()
    {
        const qint64 id = createUser("reset@example.com", "old password 123");
        const QJsonObject session = m_engine.login("reset@example.com", "old password 123").json();
        const QByteArray oldToken = session.value("accessToken").toString().toUtf8();
        QVERIFY(!oldToken.isEmpty());
        UserDetailsView *details = select(id);
        QTest::mouseClick(details->resetPasswordButton(), Qt::LeftButton);
        QVERIFY(bbtest::confirm(m_panel.get()));
        const QString password = bbtest::takeSecret(m_panel.get());
        QVERIFY(password.size() >= 12);
        QCOMPARE(m_engine.login("reset@example.com", password).status, 200);
        QVERIFY(m_engine.login("reset@example.com", "old password 123").status >= 400);
        // The reset ended the old session's tokens.
        QCOMPARE(
            m_engine
                .request("GET", "/api/v1/auth/me", {}, {{"Authorization", "Bearer " + oldToken}})
                .status,
            401);
    }

    void assignRoles()
    {
        const qint64 id = createUser("roles@example.com", "roles password 1");
        UserDetailsView *details = select(id);
        QTRY_VERIFY(details->roleBox("viewer") && details->roleBox("viewer")->isChecked());
        QVERIFY(!details->roleBox("anonymous")); // nobody is given the anonymous role
        details->roleBox("viewer")->setChecked(false);
        details->roleBox("editor")->setChecked(true);
        QTest::mouseClick(details->saveRolesButton(), Qt::LeftButton);
        UserEditor *editor = m_panel->usersView()->editor();
        QTRY_COMPARE(editor->user().roles, QStringList({"editor"}));
        QCOMPARE(roleNames(m_engine.admin("GET", QString("/api/admin/users/%1").arg(id)).json()),
                 QStringList({"editor"}));
        QVERIFY(m_panel->statusLabel()->text().contains("editor"));
    }

    void listAndRevokeSessions()
    {
        const qint64 id = createUser("sessions@example.com", "sessions password");
        QByteArray tokens[2];
        for (QByteArray &t : tokens) {
            t = m_engine.login("sessions@example.com", "sessions password")
                    .json()
                    .value("accessToken")
                    .toString()
                    .toUtf8();
        }
        UserDetailsView *details = select(id);
        UserEditor *editor = m_panel->usersView()->editor();
        QTRY_COMPARE(editor->sessions()->rowCount(), 2);
        QVERIFY(details->revokeAllButton()->isEnabled());
        // One session by selection, then the rest with "Revoke all".
        details->sessionsTable()->selectRow(0);
        QVERIFY(details->revokeSessionButton()->isEnabled());
        QTest::mouseClick(details->revokeSessionButton(), Qt::LeftButton);
        QVERIFY(bbtest::confirm(m_panel.get()));
        QTRY_COMPARE(editor->sessions()->rowCount(), 1);
        QTest::mouseClick(details->revokeAllButton(), Qt::LeftButton);
        QVERIFY(bbtest::confirm(m_panel.get()));
        QTRY_COMPARE(editor->sessions()->rowCount(), 0);
        QVERIFY(!details->revokeAllButton()->isEnabled());
        for (const QByteArray &t : tokens)
            QCOMPARE(
                m_engine.request("GET", "/api/v1/auth/me", {}, {{"Authorization", "Bearer " + t}})
                    .status,
                401);
    }

    void createAndRevokeAnApiKey()
    {
        const qint64 id = createUser("keys@example.com", "api key password");
        UserDetailsView *details = select(id);
        UserEditor *editor = m_panel->usersView()->editor();
        QTRY_COMPARE(editor->user().id, id);
        QTest::keyClicks(details->keyNameField(), "ci-deploy");
        QTest::mouseClick(details->createKeyButton(), Qt::LeftButton);
        const QString key = bbtest::takeSecret(m_panel.get());
        QVERIFY2(key.startsWith("bbk_"), qPrintable(key));
        QTRY_COMPARE(editor->apiKeys()->rowCount(), 1);
        QCOMPARE(editor->apiKeys()->keys().first().name, QString("ci-deploy"));
        QVERIFY(details->keyNameField()->text().isEmpty());
        const auto withKey = [&] {
            return m_engine.request("GET", "/api/v1/auth/me", {}, {{"X-API-Key", key.toUtf8()}});
        };
        const bbtest::HttpAnswer me = withKey();
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value("user").toObject().value("email").toString(),
                 QString("keys@example.com"));

        details->keysTable()->selectRow(0);
        QVERIFY(details->revokeKeyButton()->isEnabled());
        QTest::mouseClick(details->revokeKeyButton(), Qt::LeftButton);
        QVERIFY(bbtest::confirm(m_panel.get()));
        QTRY_VERIFY(!editor->apiKeys()->keys().isEmpty() &&
                    editor->apiKeys()->keys().first().isRevoked());
        QCOMPARE(withKey().status, 401);
    }

    void deleteKeyAsksThenDeletes()
    {
        const qint64 id = createUser("delete.me@example.com", "delete password");
        UsersView *users = m_panel->usersView();
        users->searchField()->setText("delete.me");
        QTRY_COMPARE(users->model()->totalItems(), qint64(1));
        QTRY_VERIFY(users->model()->isRowLoaded(0));
        users->table()->setFocus();
        users->table()->selectRow(0);
        QTRY_COMPARE(users->editor()->user().id, id);
        QTest::keyClick(users->table(), Qt::Key_Delete);
        QString question;
        QVERIFY(bbtest::confirm(m_panel.get(), &question));
        QVERIFY(question.contains("delete.me@example.com"));
        QTRY_COMPARE(users->model()->totalItems(), qint64(0));
        QCOMPARE(m_engine.admin("GET", QString("/api/admin/users/%1").arg(id)).status, 404);
        QVERIFY(!users->editor()->hasUser());
        users->searchField()->clear();
    }

    void failuresShowTheServersMessage()
    {
        // Deleting oneself is refused (409); the panel says so in its status line.
        UsersView *users = m_panel->usersView();
        const QJsonObject me =
            m_engine.admin("GET", "/api/v1/auth/me").json().value("user").toObject();
        users->editor()->load(qint64(me.value("id").toDouble()));
        QTRY_COMPARE(users->editor()->user().email, me.value("email").toString());
        users->editor()->deleteUser();
        QTRY_VERIFY(m_panel->statusLabel()->text().contains("Could not delete"));
        QVERIFY(m_engine.admin("GET", QString("/api/admin/users/%1").arg(me.value("id").toInt()))
                    .status == 200);
    }

    void keyboardShortcuts()
    {
        m_panel->tabs()->setCurrentIndex(AccessWidget::UsersTab);
        m_panel->activateWindow();
        QTableView *table = m_panel->usersView()->table();
        table->setFocus();
        QTRY_VERIFY(table->hasFocus());
        QTest::keySequence(table, QKeySequence::Find);
        QTRY_VERIFY(m_panel->usersView()->searchField()->hasFocus());
        QSignalSpy total(m_panel->usersView()->model(), &UserListModel::totalChanged);
        const quint64 generation = m_panel->usersView()->model()->generation();
        QTest::keyClick(m_panel->usersView()->searchField(), Qt::Key_F5);
        QVERIFY(m_panel->usersView()->model()->generation() > generation);
        QTRY_VERIFY(!m_panel->usersView()->model()->isLoading());
    }

private:
    qint64 createUser(const QString &email, const QString &password)
    {
        const bbtest::HttpAnswer a = m_engine.admin(
            "POST", "/api/admin/users", QJsonObject{{"email", email}, {"password", password}});
        if (a.status != 201)
            qWarning() << "creating" << email << "answered" << a.status << a.body;
        return qint64(a.json().value("id").toDouble());
    }

    /// Shows the user in the details pane and waits until it is there (not the previous one).
    UserDetailsView *select(qint64 id)
    {
        UserEditor *editor = m_panel->usersView()->editor();
        editor->load(id);
        if (!QTest::qWaitFor([&] { return editor->user().id == id; }, 5000))
            qWarning() << "user" << id << "did not load";
        return m_panel->usersView()->details();
    }

    bbtest::AccessEngine m_engine;
    std::unique_ptr<shell::ShellContext> m_context;
    std::unique_ptr<AccessWidget> m_panel;
};

QTEST_MAIN(TestAccessPanel)
#include "tst_accesspanel.moc"
