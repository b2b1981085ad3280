// The Access panel's Roles, Policy tester and Audit log tabs against a real engine: role
// create/rename/delete, a permission-matrix round trip, the policy's answers, "open in tester",
// and audit entries arriving live.
#include "access_widget.h"
#include "audit_log_model.h"
#include "audit_log_view.h"
#include "permission_matrix_model.h"
#include "policy_tester.h"
#include "policy_tester_view.h"
#include "role_list_model.h"
#include "roles_view.h"
#include "shell/shell_context.h"
#include "tst_access_engine.h"
#include "tst_access_ui.h"
#include "user_picker_model.h"

#include <QComboBox>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

using namespace bb;
using namespace bb::plugins::access;

namespace {
QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &x : v.toArray())
        out << x.toString();
    return out;
}

/// Answers an open QInputDialog of the panel with `text`.
bool answerInput(QWidget *root, const QString &name, const QString &text)
{
    auto *d = bbtest::waitForDialog<QInputDialog>(root, name);
    if (!d)
        return false;
    d->setTextValue(text);
    d->accept();
    return true;
}
} // namespace

class TestAccessRoles : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_engine.start(&error), qPrintable(error));
        m_context = std::make_unique<shell::ShellContext>(nullptr);
        m_context->setTarget(
            {QStringLiteral("Test engine"), m_engine.baseUrl(), m_engine.token(), false});
        m_panel = std::make_unique<AccessWidget>(*m_context);
        m_panel->resize(1280, 800);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        QTRY_VERIFY_WITH_TIMEOUT(m_panel->roleModel()->rowCount() >= 4, 10000);
        QTRY_VERIFY(!m_panel->matrixModel()->catalogue().isEmpty());
        m_panel->tabs()->setCurrentIndex(AccessWidget::RolesTab);
    }

    void cleanupTestCase()
    {
        m_panel.reset();
        m_context.reset();
        m_engine.stop();
    }

    void builtInRolesAreReadOnlyAndSayWhy()
    {
        RolesView *view = m_panel->rolesView();
        view->selectRole("admin");
        QTRY_COMPARE(m_panel->matrixModel()->role().name, QString("admin"));
        QVERIFY(!view->deleteButton()->isEnabled());
        QVERIFY(!view->renameButton()->isEnabled());
        QVERIFY(view->deleteButton()->toolTip().contains("built-in"));
        QVERIFY(!m_panel->matrixModel()->isEditable());
        // *:* shows every cell as granted, greyed.
        PermissionMatrixModel *m = m_panel->matrixModel();
        for (int r = 0; r < m->rowCount(); ++r)
            QCOMPARE(m->grant(r, 0), Grant::All);
        QVERIFY(!(m->flags(m->index(0, 0)) & Qt::ItemIsEnabled));
        // Delete on the roles table does nothing for a built-in (no confirmation appears).
        QTest::keyClick(view->rolesTable(), Qt::Key_Delete);
        QTest::qWait(200);
        QVERIFY(!m_panel->findChild<QMessageBox *>("accessConfirm"));
        // anonymous is built in but its permissions are editable.
        view->selectRole("anonymous");
        QTRY_COMPARE(m->role().name, QString("anonymous"));
        QVERIFY(m->isEditable());
        QVERIFY(!view->deleteButton()->isEnabled());
    }

    void createRenameAndDeleteARole()
    {
        RolesView *view = m_panel->rolesView();
        RoleListModel *roles = m_panel->roleModel();
        view->openCreateDialog();
        QVERIFY(answerInput(m_panel.get(), "newRoleDialog", "auditors"));
        QTRY_VERIFY2(roles->rowOfName("auditors") >= 0, qPrintable(m_panel->statusLabel()->text()));
        QTRY_COMPARE(m_panel->matrixModel()->role().name, QString("auditors"));
        QVERIFY(view->renameButton()->isEnabled());
        QVERIFY(m_panel->statusLabel()->text().contains("auditors created"));

        // A taken name is refused with the server's message.
        view->openCreateDialog();
        QVERIFY(answerInput(m_panel.get(), "newRoleDialog", "editor"));
        QTRY_VERIFY(m_panel->statusLabel()->text().contains("Could not create the role editor"));

        view->selectRole("auditors");
        view->openRenameDialog();
        QVERIFY(answerInput(m_panel.get(), "renameRoleDialog", "reviewers"));
        QTRY_VERIFY(roles->rowOfName("reviewers") >= 0);
        QCOMPARE(roles->rowOfName("auditors"), -1);
        QTRY_COMPARE(m_panel->matrixModel()->role().name, QString("reviewers"));

        view->selectRole("reviewers");
        QTest::mouseClick(view->deleteButton(), Qt::LeftButton);
        QString question;
        QVERIFY(bbtest::confirm(m_panel.get(), &question));
        QVERIFY(question.contains("reviewers"));
        QTRY_COMPARE(roles->rowOfName("reviewers"), -1);
        bool listed = false;
        for (const QJsonValue &r :
             m_engine.admin("GET", "/api/admin/roles").json().value("items").toArray())
            listed = listed || r.toObject().value("name").toString() == "reviewers";
        QVERIFY(!listed);
    }

    void matrixEditsApplyInOneRequest()
    {
        RolesView *view = m_panel->rolesView();
        const QJsonObject created = m_engine
                                        .admin("POST", "/api/admin/roles",
                                               QJsonObject{{"name", "moderators"},
                                                           {"description", "moderates comments"},
                                                           {"permissions", QJsonArray{"*:list"}}})
                                        .json();
        QCOMPARE(created.value("name").toString(), QString("moderators"));
        m_panel->roleModel()->reload();
        QTRY_VERIFY(m_panel->roleModel()->rowOfName("moderators") >= 0);
        view->selectRole("moderators");
        PermissionMatrixModel *m = m_panel->matrixModel();
        QTRY_COMPARE(m->role().name, QString("moderators"));
        const int posts = m->rowOfResource("posts");
        const int comments = m->rowOfResource("comments");
        const int logs = m->rowOfAdminArea("logs");
        QVERIFY(posts >= 0 && comments >= 0 && logs >= 0);
        // *:list is implied everywhere in the list column.
        QCOMPARE(m->grant(posts, m->columnOfAction("list")), Grant::All);
        QVERIFY(m->index(posts, 0).data(Qt::ToolTipRole).toString().contains("granted by *:list"));

        // Click cells as a person would: once = own rows, twice = every row.
        QTableView *table = view->matrixTable();
        const auto click = [&](int row, int col) {
            const QRect r = table->visualRect(m->index(row, col));
            QVERIFY(r.isValid());
            // The check box sits at the cell's left edge.
            QTest::mouseClick(
                table->viewport(), Qt::LeftButton, {},
                QPoint(r.left() + table->style()->pixelMetric(QStyle::PM_IndicatorWidth) / 2 + 4,
                       r.center().y()));
        };
        click(posts, m->columnOfAction("update"));
        QCOMPARE(m->grant(posts, m->columnOfAction("update")), Grant::Own);
        click(comments, m->columnOfAction("delete"));
        click(comments, m->columnOfAction("delete"));
        QCOMPARE(m->grant(comments, m->columnOfAction("delete")), Grant::All);
        click(logs, 0);
        QCOMPARE(m->grant(logs, 0), Grant::All);
        QCOMPARE(view->dirtyLabel()->text(), QString("3 unsaved changes"));
        QVERIFY(view->applyButton()->isEnabled());
        QVERIFY(m->index(logs, 0).data(Qt::BackgroundRole).isValid());

        // Revert drops them; then make them again and apply.
        QTest::mouseClick(view->revertButton(), Qt::LeftButton);
        QCOMPARE(m->dirtyCount(), 0);
        QVERIFY(view->dirtyLabel()->text().isEmpty());
        QVERIFY(m->setGrant(posts, m->columnOfAction("update"), Grant::Own));
        QVERIFY(m->setGrant(comments, m->columnOfAction("delete"), Grant::All));
        QVERIFY(m->setGrant(logs, 0, Grant::All));
        QTest::mouseClick(view->applyButton(), Qt::LeftButton);
        QTRY_COMPARE(m->dirtyCount(), 0);
        const QJsonObject role =
            m_engine.admin("GET", QString("/api/admin/roles/%1").arg(m->role().id)).json();
        QCOMPARE(sorted(strings(role.value("permissions"))),
                 sorted({"*:list", "posts:update:own", "comments:delete", "admin:logs"}));
        QTRY_VERIFY(m_panel->statusLabel()->text().contains("Permissions of moderators saved"));
        QVERIFY(!view->applyButton()->isEnabled());
    }

    void leavingARoleWithUnsavedEditsAsksFirst()
    {
        RolesView *view = m_panel->rolesView();
        PermissionMatrixModel *m = m_panel->matrixModel();
        view->selectRole("moderators");
        QTRY_COMPARE(m->role().name, QString("moderators"));
        QVERIFY(m->setGrant(m->rowOfResource("tags"), m->columnOfAction("create"), Grant::All));
        view->selectRole("viewer");
        // Still on moderators, with the edit, until the question is answered.
        QCOMPARE(m->role().name, QString("moderators"));
        QString question;
        QVERIFY(bbtest::confirm(m_panel.get(), &question));
        QVERIFY2(question.contains("1 unsaved change to moderators"), qPrintable(question));
        QTRY_COMPARE(m->role().name, QString("viewer"));
        QCOMPARE(m->dirtyCount(), 0);
        // Nothing was sent: the role on the server is as it was.
        view->selectRole("moderators");
        QTRY_COMPARE(m->role().name, QString("moderators"));
        QCOMPARE(m->grant(m->rowOfResource("tags"), m->columnOfAction("create")), Grant::None);
    }

    void policyTesterExplainsTheEnginesDecision()
    {
        // A moderator (see above: *:list, posts:update:own, comments:delete, admin:logs).
        const QJsonObject user = m_engine
                                     .admin("POST", "/api/admin/users",
                                            QJsonObject{{"email", "mod@example.com"},
                                                        {"password", "moderator password"},
                                                        {"roles", QJsonArray{"moderators"}}})
                                     .json();
        QCOMPARE(user.value("email").toString(), QString("mod@example.com"));
        m_panel->tabs()->setCurrentIndex(AccessWidget::PolicyTab);
        PolicyTesterView *view = m_panel->policyView();
        PolicyTester *tester = m_panel->policyTester();
        QTest::keyClicks(view->userSearch(), "mod@example");
        QTRY_COMPARE(view->userCombo()->currentText(), QString("mod@example.com"));
        const auto ask = [&](const QString &target, const QString &action) {
            view->targetCombo()->setCurrentIndex(view->targetCombo()->findData(target));
            if (view->actionCombo()->isEnabled())
                view->actionCombo()->setCurrentIndex(view->actionCombo()->findData(action));
        };
        ask("posts", "update");
        QTRY_VERIFY(tester->answer().valid);
        QVERIFY(tester->answer().allowed);
        QVERIFY(tester->answer().ownOnly);
        QVERIFY(tester->answer().matchedRoles.contains("moderators"));
        QVERIFY(tester->answer().matchedPermissions.contains("posts:update:own"));
        QCOMPARE(view->verdictLabel()->text(), QString("✔ Allowed"));
        QVERIFY(!view->reasonLabel()->text().isEmpty());

        ask("posts", "delete");
        QTRY_VERIFY(tester->answer().valid);
        QVERIFY(!tester->answer().allowed);
        QCOMPARE(view->verdictLabel()->text(), QString("✘ Denied"));

        ask("admin:logs", QString());
        QVERIFY(!view->actionCombo()->isEnabled());
        QTRY_VERIFY(tester->answer().valid);
        QVERIFY(tester->answer().allowed);
        QVERIFY(view->permissionsLabel()->text().contains("admin:logs"));

        // Anonymous: nothing granted by default.
        view->userSearch()->clear();
        QTRY_COMPARE(view->userCombo()->currentIndex(), 0);
        ask("posts", "list");
        QTRY_VERIFY(tester->answer().valid);
        QVERIFY(!tester->answer().allowed);
    }

    void openInTesterHandsOverARequestAsTheUser()
    {
        PolicyTesterView *view = m_panel->policyView();
        // Without an endpoint tester the button says why it is disabled.
        view->refreshTesterButton();
        QVERIFY(!view->testerButton()->isEnabled());
        QCOMPARE(view->testerButton()->toolTip(),
                 QString("The endpoint tester is not available yet"));

        QVariantMap received;
        m_context->registerAction("openInTester",
                                  [&received](const QVariantMap &args) { received = args; });
        view->userSearch()->setText("mod@example");
        QTRY_COMPARE(view->userCombo()->currentText(), QString("mod@example.com"));
        view->targetCombo()->setCurrentIndex(view->targetCombo()->findData("posts"));
        QTRY_VERIFY(view->testerButton()->isEnabled());
        QTest::mouseClick(view->testerButton(), Qt::LeftButton);
        QTRY_VERIFY(!received.isEmpty());
        QCOMPARE(received.value("method").toString(), QString("GET"));
        QCOMPARE(received.value("url").toString(), m_engine.baseUrl().toString() + "/api/v1/posts");
        const QString auth = received.value("headers").toMap().value("Authorization").toString();
        QVERIFY(auth.startsWith("Bearer "));
        // The token really is the user's.
        const bbtest::HttpAnswer me =
            m_engine.request("GET", "/api/v1/auth/me", {}, {{"Authorization", auth.toUtf8()}});
        QCOMPARE(me.status, 200);
        QCOMPARE(me.json().value("user").toObject().value("email").toString(),
                 QString("mod@example.com"));
        m_context->unregisterAction("openInTester");
    }

    void auditRowsArriveLive()
    {
        m_panel->tabs()->setCurrentIndex(AccessWidget::AuditTab);
        AuditLogModel *audit = m_panel->auditModel();
        QVERIFY(audit->isLive()); // the panel is visible
        QTRY_VERIFY(audit->rowCount() > 0);
        const qint64 newest = audit->newestId();
        // A change made elsewhere (another admin, a script) shows up without a reload.
        const bbtest::HttpAnswer a = m_engine.admin(
            "POST", "/api/admin/users",
            QJsonObject{{"email", "live@example.com"}, {"password", "live audit password"}});
        QCOMPARE(a.status, 201);
        QTRY_VERIFY_WITH_TIMEOUT(audit->newestId() > newest, 6000);
        QCOMPARE(audit->at(0).action, QString("user.create"));
        QVERIFY(audit->at(0).target.contains("live@example.com") ||
                audit->at(0).changeSummary().contains("live@example.com"));

        // Filters go to the server.
        AuditLogView *view = m_panel->auditView();
        view->actionCombo()->setCurrentIndex(view->actionCombo()->findData("role.permissions"));
        QTRY_VERIFY(audit->rowCount() > 0 && audit->at(0).action == "role.permissions");
        for (int i = 0; i < audit->rowCount(); ++i)
            QCOMPARE(audit->at(i).action, QString("role.permissions"));
        view->actionCombo()->setCurrentIndex(0);
        QTRY_VERIFY(audit->rowCount() > 0 && audit->at(0).action == "user.create");

        // Hidden, the panel stops polling.
        m_panel->hide();
        QVERIFY(!audit->isLive());
        m_panel->show();
        QVERIFY(audit->isLive());
    }

private:
    bbtest::AccessEngine m_engine;
    std::unique_ptr<shell::ShellContext> m_context;
    std::unique_ptr<AccessWidget> m_panel;
};

QTEST_MAIN(TestAccessRoles)
#include "tst_accessroles.moc"
