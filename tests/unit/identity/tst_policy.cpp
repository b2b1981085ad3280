#include "identity/policy.h"

#include <QSet>
#include <QTest>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using bb::identity::Decision;
using bb::identity::Permission;
using bb::identity::PolicyEvaluator;
using bb::identity::Role;

namespace {

// The expected grants of the built-in roles, written out independently of role.cpp so that a
// change to a built-in shows up as a failing cell rather than a silently updated expectation.
bool builtInExpects(const QString &role, const QString &resource, const QString &action)
{
    if (role == QLatin1String("admin"))
        return true;
    if (resource == QLatin1String("admin"))
        return false;
    if (role == QLatin1String("editor"))
        return QSet<QString>{"list", "read", "create", "update"}.contains(action);
    if (role == QLatin1String("viewer"))
        return QSet<QString>{"list", "read"}.contains(action);
    return false;
}

Role custom(const QString &name, const QStringList &permissions)
{
    auto role = Role::create(name, QString(), permissions);
    if (!role)
        qFatal("bad test role %s: %s", qPrintable(name), qPrintable(role.error().message));
    return role.value();
}

PolicyEvaluator withCustomRoles()
{
    QList<Role> roles = bb::identity::builtInRoles();
    roles.append(custom("author", {"posts:*:own", "comments:create", "comments:update:own",
                                   "comments:delete:own", "*:read"}));
    roles.append(custom("moderator", {"comments:*", "admin:logs"}));
    roles.append(custom("auditor", {"admin:logs", "admin:users"}));
    roles.append(custom("useradmin", {"admin:*"}));
    return PolicyEvaluator(roles);
}

} // namespace

class TestPolicy : public QObject {
    Q_OBJECT

private slots:
    void builtInDefinitions();
    void builtInMatrix_data();
    void builtInMatrix();
    void customRoles_data();
    void customRoles();
    void reasons_data();
    void reasons();
    void unknownRoles();
    void malformedRequests_data();
    void malformedRequests();
    void effectivePermissions_data();
    void effectivePermissions();
    void catalogue();
    void roleValidation_data();
    void roleValidation();
    void snapshots();
    void concurrentDecisions();
};

void TestPolicy::builtInDefinitions()
{
    const QList<Role> roles = bb::identity::builtInRoles();
    QCOMPARE(roles.size(), 4);
    QCOMPARE(roles.at(0).name, QStringLiteral("admin"));
    QCOMPARE(roles.at(0).permissionStrings(), QStringList({"*:*"}));
    QCOMPARE(roles.at(1).name, QStringLiteral("editor"));
    QCOMPARE(roles.at(1).permissionStrings(),
             QStringList({"*:list", "*:read", "*:create", "*:update"}));
    QCOMPARE(roles.at(2).name, QStringLiteral("viewer"));
    QCOMPARE(roles.at(2).permissionStrings(), QStringList({"*:list", "*:read"}));
    QCOMPARE(roles.at(3).name, QStringLiteral("anonymous"));
    QVERIFY(roles.at(3).permissions.isEmpty());
    for (const Role &r : roles) {
        QVERIFY(r.builtIn);
        QVERIFY(!r.description.isEmpty());
        QVERIFY(bb::identity::isBuiltInRoleName(r.name));
        QCOMPARE(r.permissionsEditable(), r.name == QLatin1String("anonymous"));
    }
    QVERIFY(!bb::identity::isBuiltInRoleName("author"));
}

void TestPolicy::builtInMatrix_data()
{
    QTest::addColumn<QString>("role");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("allowed");

    const QStringList roles{"admin", "editor", "viewer", "anonymous"};
    const QStringList resources{"posts", "comments", "tags"};
    const QStringList actions{"list", "read", "create", "update", "delete"};
    const QStringList areas{"users", "roles", "logs", "schema", "settings"};
    int rows = 0;
    for (const QString &role : roles) {
        for (const QString &resource : resources) {
            for (const QString &action : actions) {
                QTest::addRow("%s %s:%s", qPrintable(role), qPrintable(resource),
                              qPrintable(action))
                    << role << resource << action << builtInExpects(role, resource, action);
                ++rows;
            }
        }
        for (const QString &area : areas) {
            QTest::addRow("%s admin:%s", qPrintable(role), qPrintable(area))
                << role << QStringLiteral("admin") << area
                << builtInExpects(role, QStringLiteral("admin"), area);
            ++rows;
        }
    }
    // 4 roles × (3 × 5 + 5): if the generator loses cells the matrix is no longer complete.
    QCOMPARE(rows, 80);
}

void TestPolicy::builtInMatrix()
{
    QFETCH(QString, role);
    QFETCH(QString, resource);
    QFETCH(QString, action);
    QFETCH(bool, allowed);

    const PolicyEvaluator policy;
    const Decision d = policy.decide({role}, resource, action);
    QCOMPARE(d.allowed, allowed);
    QVERIFY(!d.ownOnly);
    QCOMPARE(d.matchedRoles, allowed ? QStringList{role} : QStringList{});
    QCOMPARE(d.matchedPermissions.isEmpty(), !allowed);
    QVERIFY(!d.reason.isEmpty());
}

void TestPolicy::customRoles_data()
{
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<bool>("ownOnly");
    QTest::addColumn<QStringList>("matchedRoles");
    QTest::addColumn<QStringList>("matchedPermissions");

    const QStringList none;
    QTest::newRow("own update") << QStringList{"author"} << "posts"
                                << "update" << true << true << QStringList{"author"}
                                << QStringList{"posts:*:own"};
    QTest::newRow("own delete") << QStringList{"author"} << "posts"
                                << "delete" << true << true << QStringList{"author"}
                                << QStringList{"posts:*:own"};
    QTest::newRow("unrestricted read beats own")
        << QStringList{"author"} << "posts"
        << "read" << true << false << QStringList{"author"} << QStringList{"*:read"};
    QTest::newRow("create unrestricted")
        << QStringList{"author"} << "comments"
        << "create" << true << false << QStringList{"author"} << QStringList{"comments:create"};
    QTest::newRow("comment delete own")
        << QStringList{"author"} << "comments"
        << "delete" << true << true << QStringList{"author"} << QStringList{"comments:delete:own"};
    QTest::newRow("author cannot touch tags") << QStringList{"author"} << "tags"
                                              << "update" << false << false << none << none;
    QTest::newRow("author has no admin") << QStringList{"author"} << "admin"
                                         << "logs" << false << false << none << none;
    QTest::newRow("other role lifts own")
        << QStringList{"author", "editor"} << "posts"
        << "update" << true << false << QStringList{"editor"} << QStringList{"*:update"};
    QTest::newRow("order does not matter")
        << QStringList{"editor", "author"} << "posts"
        << "update" << true << false << QStringList{"editor"} << QStringList{"*:update"};
    QTest::newRow("own survives where others deny")
        << QStringList{"author", "editor"} << "posts"
        << "delete" << true << true << QStringList{"author"} << QStringList{"posts:*:own"};
    QTest::newRow("union of two roles")
        << QStringList{"viewer", "moderator"} << "comments"
        << "delete" << true << false << QStringList{"moderator"} << QStringList{"comments:*"};
    QTest::newRow("every granting role listed")
        << QStringList{"viewer", "editor", "author"} << "posts"
        << "read" << true << false << QStringList{"viewer", "editor", "author"}
        << QStringList{"*:read"};
    QTest::newRow("admin area from custom")
        << QStringList{"moderator"} << "admin"
        << "logs" << true << false << QStringList{"moderator"} << QStringList{"admin:logs"};
    QTest::newRow("other admin area denied") << QStringList{"moderator"} << "admin"
                                             << "users" << false << false << none << none;
    QTest::newRow("two admin roles")
        << QStringList{"auditor", "moderator", "admin"} << "admin"
        << "logs" << true << false << QStringList{"auditor", "moderator", "admin"}
        << QStringList{"admin:logs", "*:*"};
    QTest::newRow("admin wildcard")
        << QStringList{"useradmin"} << "admin"
        << "settings" << true << false << QStringList{"useradmin"} << QStringList{"admin:*"};
    QTest::newRow("admin wildcard no tables") << QStringList{"useradmin"} << "posts"
                                              << "read" << false << false << none << none;
    QTest::newRow("duplicate names count once")
        << QStringList{"viewer", "viewer"} << "tags"
        << "list" << true << false << QStringList{"viewer"} << QStringList{"*:list"};
    QTest::newRow("no roles") << QStringList{} << "posts"
                              << "list" << false << false << none << none;
}

void TestPolicy::customRoles()
{
    QFETCH(QStringList, roles);
    QFETCH(QString, resource);
    QFETCH(QString, action);
    QFETCH(bool, allowed);
    QFETCH(bool, ownOnly);
    QFETCH(QStringList, matchedRoles);
    QFETCH(QStringList, matchedPermissions);

    const Decision d = withCustomRoles().decide(roles, resource, action);
    QCOMPARE(d.allowed, allowed);
    QCOMPARE(d.ownOnly, ownOnly);
    QCOMPARE(d.matchedRoles, matchedRoles);
    QCOMPARE(d.matchedPermissions, matchedPermissions);
}

void TestPolicy::reasons_data()
{
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("reason");

    QTest::newRow("one role") << QStringList{"editor"} << "posts"
                              << "update"
                              << "granted by role editor (*:update)";
    QTest::newRow("superuser") << QStringList{"admin"} << "admin"
                               << "roles"
                               << "granted by role admin (*:*)";
    QTest::newRow("two roles") << QStringList{"viewer", "author"} << "posts"
                               << "read"
                               << "granted by roles viewer (*:read), author (*:read)";
    QTest::newRow("own") << QStringList{"author"} << "posts"
                         << "delete"
                         << "granted only on rows the caller owns by role author (posts:*:own)";
    QTest::newRow("denied") << QStringList{"viewer"} << "posts"
                            << "delete"
                            << "no role grants posts:delete; roles: viewer";
    QTest::newRow("denied two") << QStringList{"viewer", "editor"} << "admin"
                                << "users"
                                << "no role grants admin:users; roles: viewer, editor";
    QTest::newRow("denied none") << QStringList{} << "tags"
                                 << "list"
                                 << "no role grants tags:list; roles: none";
    QTest::newRow("anonymous") << QStringList{"anonymous"} << "tags"
                               << "list"
                               << "no role grants tags:list; roles: anonymous";
}

void TestPolicy::reasons()
{
    QFETCH(QStringList, roles);
    QFETCH(QString, resource);
    QFETCH(QString, action);
    QFETCH(QString, reason);
    QCOMPARE(withCustomRoles().decide(roles, resource, action).reason, reason);
}

void TestPolicy::unknownRoles()
{
    const PolicyEvaluator policy = withCustomRoles();

    const Decision denied = policy.decide({"ghost"}, "posts", "read");
    QVERIFY(!denied.allowed);
    QCOMPARE(denied.reason, QStringLiteral("no role grants posts:read; roles: none; unknown "
                                           "roles ignored: ghost"));

    const Decision allowed = policy.decide({"ghost", "viewer", "Admin"}, "posts", "read");
    QVERIFY(allowed.allowed);
    QCOMPARE(allowed.matchedRoles, QStringList{"viewer"});
    QCOMPARE(allowed.reason, QStringLiteral("granted by role viewer (*:read); unknown roles "
                                            "ignored: ghost, Admin"));

    // A role name that differs only in case must not borrow the built-in's power.
    QVERIFY(!policy.decide({"Admin"}, "admin", "users").allowed);
}

void TestPolicy::malformedRequests_data()
{
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("action");
    QTest::addColumn<QString>("reason");

    QTest::newRow("system table") << "_users"
                                  << "read"
                                  << "denied: '_users' is a system table; no role can grant it";
    QTest::newRow("unknown action") << "posts"
                                    << "wrte"
                                    << "denied: 'wrte' is not an action";
    QTest::newRow("wildcard action") << "posts"
                                     << "*"
                                     << "denied: '*' is not an action";
    QTest::newRow("wildcard resource") << "*"
                                       << "read"
                                       << "denied: '*' is not a resource name";
    QTest::newRow("action on admin") << "admin"
                                     << "list"
                                     << "denied: 'list' is not an admin area";
    QTest::newRow("empty") << ""
                           << ""
                           << "denied: '' is not a resource name";
}

void TestPolicy::malformedRequests()
{
    QFETCH(QString, resource);
    QFETCH(QString, action);
    QFETCH(QString, reason);

    // Even the superuser is refused: these are requests no permission can name.
    const Decision d = PolicyEvaluator().decide({"admin"}, resource, action);
    QVERIFY(!d.allowed);
    QVERIFY(d.matchedRoles.isEmpty());
    QCOMPARE(d.reason, reason);
}

void TestPolicy::effectivePermissions_data()
{
    QTest::addColumn<QStringList>("roles");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("admin") << QStringList{"admin"} << QStringList{"*:*"};
    QTest::newRow("admin swallows everything")
        << QStringList{"viewer", "admin", "moderator", "author"} << QStringList{"*:*"};
    QTest::newRow("editor") << QStringList{"editor"}
                            << QStringList{"*:create", "*:list", "*:read", "*:update"};
    QTest::newRow("viewer within editor")
        << QStringList{"viewer", "editor"}
        << QStringList{"*:create", "*:list", "*:read", "*:update"};
    QTest::newRow("own kept beside unrestricted")
        << QStringList{"author"}
        << QStringList{"*:read", "comments:create", "comments:delete:own", "comments:update:own",
                       "posts:*:own"};
    QTest::newRow("table wildcard collapses own")
        << QStringList{"author", "moderator"}
        << QStringList{"*:read", "admin:logs", "comments:*", "posts:*:own"};
    QTest::newRow("admin wildcard collapses areas")
        << QStringList{"auditor", "useradmin"} << QStringList{"admin:*"};
    QTest::newRow("anonymous") << QStringList{"anonymous"} << QStringList{};
    QTest::newRow("unknown") << QStringList{"ghost"} << QStringList{};
}

void TestPolicy::effectivePermissions()
{
    QFETCH(QStringList, roles);
    QFETCH(QStringList, expected);
    QCOMPARE(bb::identity::toStrings(withCustomRoles().effectivePermissions(roles)), expected);
}

void TestPolicy::catalogue()
{
    const QStringList got = bb::identity::toStrings(PolicyEvaluator::catalogue(
        {"tags", "posts", "_users", "posts", "admin", "bad-name", "comments"}));
    QStringList expected;
    for (const char *r : {"comments", "posts", "tags"}) {
        for (const char *a : {"list", "read", "create", "update", "delete"})
            expected.append(QStringLiteral("%1:%2").arg(QLatin1String(r), QLatin1String(a)));
    }
    expected << "admin:users"
             << "admin:roles"
             << "admin:logs"
             << "admin:schema"
             << "admin:settings";
    QCOMPARE(got, expected);
    QCOMPARE(bb::identity::toStrings(PolicyEvaluator::catalogue({})),
             QStringList(
                 {"admin:users", "admin:roles", "admin:logs", "admin:schema", "admin:settings"}));
}

void TestPolicy::roleValidation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("permissions");
    QTest::addColumn<QString>("error");
    QTest::addColumn<int>("position");

    QTest::newRow("valid") << "content-team_2" << QStringList{"posts:*"} << QString() << -1;
    QTest::newRow("empty name") << "" << QStringList{} << "a role needs a name" << 0;
    QTest::newRow("digit first") << "2nd" << QStringList{}
                                 << "role name must start with a letter at 0" << 0;
    QTest::newRow("space") << "a b" << QStringList{} << "invalid character ' ' in role name at 1"
                           << 1;
    QTest::newRow("too long") << QString(65, u'a') << QStringList{}
                              << "role name is longer than 64 characters at 64" << 64;
    QTest::newRow("built-in") << "editor" << QStringList{} << "'editor' is a built-in role" << -1;
    QTest::newRow("bad permission") << "author" << QStringList{"posts:read", "admin:user"}
                                    << "permission 2 ('admin:user'): unknown admin area 'user' "
                                       "at 6"
                                    << 6;
}

void TestPolicy::roleValidation()
{
    QFETCH(QString, name);
    QFETCH(QStringList, permissions);
    QFETCH(QString, error);
    QFETCH(int, position);

    const auto role = Role::create(name, QStringLiteral("d"), permissions);
    if (error.isEmpty()) {
        QVERIFY(role.ok());
        QCOMPARE(role->name, name);
        QCOMPARE(role->description, QStringLiteral("d"));
        QVERIFY(!role->builtIn);
        QVERIFY(role->permissionsEditable());
        QCOMPARE(role->permissionStrings(), permissions);
        return;
    }
    QVERIFY(!role.ok());
    QCOMPARE(role.error().message, error);
    QCOMPARE(role.error().position, position);
}

void TestPolicy::snapshots()
{
    const PolicyEvaluator before;
    const PolicyEvaluator after = before.withRole(custom("deleter", {"posts:delete"}));
    QVERIFY(!before.decide({"deleter"}, "posts", "delete").allowed);
    QVERIFY(after.decide({"deleter"}, "posts", "delete").allowed);
    QVERIFY(!before.role("deleter").has_value());
    QCOMPARE(after.role("deleter")->permissionStrings(), QStringList{"posts:delete"});

    // Editing anonymous replaces it in the new snapshot only.
    Role anonymous = *before.role("anonymous");
    anonymous.permissions = *bb::identity::parsePermissions({"posts:list", "posts:read"});
    const PolicyEvaluator open = before.withRole(anonymous);
    QVERIFY(open.decide({"anonymous"}, "posts", "read").allowed);
    QVERIFY(!before.decide({"anonymous"}, "posts", "read").allowed);

    const PolicyEvaluator fewer = after.withoutRole("deleter");
    QVERIFY(!fewer.decide({"deleter"}, "posts", "delete").allowed);
    QVERIFY(after.decide({"deleter"}, "posts", "delete").allowed);
    QCOMPARE(fewer.roleNames(), QStringList({"admin", "anonymous", "editor", "viewer"}));
    QCOMPARE(before.roles().size(), 4);
}

void TestPolicy::concurrentDecisions()
{
    // Readers decide against whatever snapshot is published while a writer swaps them in.
    std::atomic<std::shared_ptr<const PolicyEvaluator>> current(
        std::make_shared<const PolicyEvaluator>());
    std::atomic<bool> stop(false);
    std::atomic<int> wrong(0);
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&] {
            while (!stop.load()) {
                const auto policy = current.load();
                const Decision viewer = policy->decide({"viewer"}, "posts", "read");
                const Decision editor = policy->decide({"editor"}, "posts", "delete");
                if (!viewer.allowed || editor.allowed || viewer.matchedRoles.size() != 1)
                    wrong.fetch_add(1);
            }
        });
    }
    for (int i = 0; i < 200; ++i) {
        const auto next = current.load()->withRole(
            custom(QStringLiteral("r%1").arg(i), {QStringLiteral("posts:read")}));
        current.store(std::make_shared<const PolicyEvaluator>(next));
    }
    stop.store(true);
    for (std::thread &t : readers)
        t.join();
    QCOMPARE(wrong.load(), 0);
    QCOMPARE(current.load()->roles().size(), 204);
}

QTEST_GUILESS_MAIN(TestPolicy)
#include "tst_policy.moc"
