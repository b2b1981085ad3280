#include "identity/permission.h"

#include <QTest>

using bb::identity::Permission;

class TestPermission : public QObject {
    Q_OBJECT

private slots:
    void parseValid_data();
    void parseValid();
    void parseInvalid_data();
    void parseInvalid();
    void roundTrip_data();
    void roundTrip();
    void coversRequest_data();
    void coversRequest();
    void coversPermission_data();
    void coversPermission();
    void parsePermissionsNamesTheEntry();
    void resourceNames_data();
    void resourceNames();
};

void TestPermission::parseValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("own");
    QTest::addColumn<bool>("admin");

    QTest::newRow("list") << "posts:list"
                          << "posts"
                          << "list" << false << false;
    QTest::newRow("read") << "posts:read"
                          << "posts"
                          << "read" << false << false;
    QTest::newRow("create") << "posts:create"
                            << "posts"
                            << "create" << false << false;
    QTest::newRow("update own") << "posts:update:own"
                                << "posts"
                                << "update" << true << false;
    QTest::newRow("delete own") << "comments:delete:own"
                                << "comments"
                                << "delete" << true << false;
    QTest::newRow("resource wildcard action") << "posts:*"
                                              << "posts"
                                              << "*" << false << false;
    QTest::newRow("wildcard own") << "posts:*:own"
                                  << "posts"
                                  << "*" << true << false;
    QTest::newRow("every resource") << "*:read"
                                    << "*"
                                    << "read" << false << false;
    QTest::newRow("superuser") << "*:*"
                               << "*"
                               << "*" << false << false;
    QTest::newRow("everything own") << "*:*:own"
                                    << "*"
                                    << "*" << true << false;
    QTest::newRow("admin users") << "admin:users"
                                 << "admin"
                                 << "users" << false << true;
    QTest::newRow("admin roles") << "admin:roles"
                                 << "admin"
                                 << "roles" << false << true;
    QTest::newRow("admin logs") << "admin:logs"
                                << "admin"
                                << "logs" << false << true;
    QTest::newRow("admin schema") << "admin:schema"
                                  << "admin"
                                  << "schema" << false << true;
    QTest::newRow("admin settings") << "admin:settings"
                                    << "admin"
                                    << "settings" << false << true;
    QTest::newRow("admin wildcard") << "admin:*"
                                    << "admin"
                                    << "*" << false << true;
    QTest::newRow("underscore and digits") << "post_tags2:delete"
                                           << "post_tags2"
                                           << "delete" << false << false;
    QTest::newRow("upper case table") << "Posts:read"
                                      << "Posts"
                                      << "read" << false << false;
}

void TestPermission::parseValid()
{
    QFETCH(QString, text);
    QFETCH(QString, resource);
    QFETCH(QString, action);
    QFETCH(bool, own);
    QFETCH(bool, admin);

    const auto parsed = Permission::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().message));
    QCOMPARE(parsed->resource(), resource);
    QCOMPARE(parsed->action(), action);
    QCOMPARE(parsed->own(), own);
    QCOMPARE(parsed->isAdmin(), admin);
    QVERIFY(parsed->isValid());
}

void TestPermission::parseInvalid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("position");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << "" << 0 << "empty permission at 0";
    QTest::newRow("no action") << "posts" << 5 << "missing ':action' after 'posts' at 5";
    QTest::newRow("empty action") << "posts:" << 6 << "missing action at 6";
    QTest::newRow("empty resource") << ":read" << 0 << "missing resource at 0";
    QTest::newRow("typo") << "posts:wrte" << 6 << "unknown action 'wrte' at 6";
    QTest::newRow("case matters") << "posts:Read" << 6 << "unknown action 'Read' at 6";
    QTest::newRow("placeholder in input") << "posts:%2" << 6 << "unknown action '%2' at 6";
    QTest::newRow("admin area on resource") << "*:users" << 2 << "unknown action 'users' at 2";
    QTest::newRow("action on admin") << "admin:list" << 6 << "unknown admin area 'list' at 6";
    QTest::newRow("system table") << "_users:read" << 0
                                  << "resource '_users' is a system table and cannot be "
                                     "granted at 0";
    QTest::newRow("dash") << "po-sts:read" << 2 << "invalid character '-' in resource at 2";
    QTest::newRow("leading space")
        << " posts:read" << 0 << "invalid character ' ' in resource at 0";
    QTest::newRow("partial wildcard")
        << "po*:read" << 2 << "invalid character '*' in resource at 2";
    QTest::newRow("non ascii") << QStringLiteral("pöst:read") << 1
                               << QStringLiteral("invalid character 'ö' in resource at 1");
    QTest::newRow("bad qualifier")
        << "posts:read:mine" << 11 << "unknown qualifier 'mine' at 11; only 'own' is allowed";
    QTest::newRow("empty qualifier") << "posts:read:" << 11
                                     << "missing qualifier after ':' at 11; only 'own' is "
                                        "allowed";
    QTest::newRow("own on admin") << "admin:users:own" << 12
                                  << "':own' does not apply to admin areas at 12";
    QTest::newRow("own on admin wildcard")
        << "admin:*:own" << 8 << "':own' does not apply to admin areas at 8";
    QTest::newRow("four parts") << "posts:read:own:x" << 14 << "unexpected ':' at 14";
}

void TestPermission::parseInvalid()
{
    QFETCH(QString, text);
    QFETCH(int, position);
    QFETCH(QString, message);

    const auto parsed = Permission::parse(text);
    QVERIFY2(!parsed.ok(), qPrintable(text));
    QCOMPARE(parsed.error().code, bb::ErrorCode::Invalid);
    QCOMPARE(parsed.error().message, message);
    QCOMPARE(parsed.error().position, position);
}

void TestPermission::roundTrip_data()
{
    QTest::addColumn<QString>("text");
    for (const char *t : {"posts:list", "posts:read:own", "posts:*", "posts:*:own", "*:read", "*:*",
                          "*:*:own", "admin:users", "admin:*", "post_tags:delete"})
        QTest::newRow(t) << QString::fromLatin1(t);
}

void TestPermission::roundTrip()
{
    QFETCH(QString, text);
    const auto first = Permission::parse(text);
    QVERIFY(first.ok());
    QCOMPARE(first->toString(), text);
    const auto second = Permission::parse(first->toString());
    QVERIFY(second.ok());
    QVERIFY(*first == *second);
}

void TestPermission::coversRequest_data()
{
    QTest::addColumn<QString>("permission");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("action");
    QTest::addColumn<bool>("covers");

    QTest::newRow("exact") << "posts:read"
                           << "posts"
                           << "read" << true;
    QTest::newRow("other action") << "posts:read"
                                  << "posts"
                                  << "list" << false;
    QTest::newRow("other resource") << "posts:read"
                                    << "comments"
                                    << "read" << false;
    QTest::newRow("own still matches") << "posts:read:own"
                                       << "posts"
                                       << "read" << true;
    QTest::newRow("resource wildcard") << "posts:*"
                                       << "posts"
                                       << "delete" << true;
    QTest::newRow("resource wildcard other table") << "posts:*"
                                                   << "tags"
                                                   << "delete" << false;
    QTest::newRow("action on every table") << "*:read"
                                           << "comments"
                                           << "read" << true;
    QTest::newRow("action on every table, other action") << "*:read"
                                                         << "comments"
                                                         << "update" << false;
    QTest::newRow("star read is not admin") << "*:read"
                                            << "admin"
                                            << "logs" << false;
    QTest::newRow("star users is not admin") << "*:list"
                                             << "admin"
                                             << "users" << false;
    QTest::newRow("superuser table") << "*:*"
                                     << "tags"
                                     << "delete" << true;
    QTest::newRow("superuser admin") << "*:*"
                                     << "admin"
                                     << "settings" << true;
    QTest::newRow("own superuser not admin") << "*:*:own"
                                             << "admin"
                                             << "users" << false;
    QTest::newRow("own superuser table") << "*:*:own"
                                         << "posts"
                                         << "delete" << true;
    QTest::newRow("admin area exact") << "admin:users"
                                      << "admin"
                                      << "users" << true;
    QTest::newRow("admin area other") << "admin:users"
                                      << "admin"
                                      << "roles" << false;
    QTest::newRow("admin wildcard") << "admin:*"
                                    << "admin"
                                    << "schema" << true;
    QTest::newRow("admin wildcard not tables") << "admin:*"
                                               << "posts"
                                               << "read" << false;
    QTest::newRow("case sensitive resource") << "posts:read"
                                             << "Posts"
                                             << "read" << false;
}

void TestPermission::coversRequest()
{
    QFETCH(QString, permission);
    QFETCH(QString, resource);
    QFETCH(QString, action);
    QFETCH(bool, covers);

    const auto p = Permission::parse(permission);
    QVERIFY(p.ok());
    QCOMPARE(p->covers(resource, action), covers);
}

void TestPermission::coversPermission_data()
{
    QTest::addColumn<QString>("wider");
    QTest::addColumn<QString>("narrower");
    QTest::addColumn<bool>("covers");

    QTest::newRow("self") << "posts:read"
                          << "posts:read" << true;
    QTest::newRow("table wildcard") << "posts:*"
                                    << "posts:delete" << true;
    QTest::newRow("action wildcard") << "*:read"
                                     << "posts:read" << true;
    QTest::newRow("superuser table") << "*:*"
                                     << "tags:create" << true;
    QTest::newRow("superuser star read") << "*:*"
                                         << "*:read" << true;
    QTest::newRow("superuser admin") << "*:*"
                                     << "admin:users" << true;
    QTest::newRow("superuser admin wildcard") << "*:*"
                                              << "admin:*" << true;
    QTest::newRow("unrestricted covers own") << "posts:read"
                                             << "posts:read:own" << true;
    QTest::newRow("own does not cover unrestricted") << "posts:read:own"
                                                     << "posts:read" << false;
    QTest::newRow("own wildcard covers own") << "posts:*:own"
                                             << "posts:read:own" << true;
    QTest::newRow("superuser covers own superuser") << "*:*"
                                                    << "*:*:own" << true;
    QTest::newRow("own superuser not superuser") << "*:*:own"
                                                 << "*:*" << false;
    QTest::newRow("star read not admin") << "*:read"
                                         << "admin:logs" << false;
    QTest::newRow("star star not covered by star read") << "*:read"
                                                        << "*:*" << false;
    QTest::newRow("table wildcard not every table") << "posts:*"
                                                    << "*:read" << false;
    QTest::newRow("table not wildcard") << "posts:read"
                                        << "posts:*" << false;
    QTest::newRow("admin wildcard") << "admin:*"
                                    << "admin:roles" << true;
    QTest::newRow("admin area not wildcard") << "admin:roles"
                                             << "admin:*" << false;
    QTest::newRow("admin wildcard not superuser") << "admin:*"
                                                  << "*:*" << false;
    QTest::newRow("admin wildcard not tables") << "admin:*"
                                               << "posts:read" << false;
    QTest::newRow("star star own not admin") << "*:*:own"
                                             << "admin:users" << false;
}

void TestPermission::coversPermission()
{
    QFETCH(QString, wider);
    QFETCH(QString, narrower);
    QFETCH(bool, covers);

    const auto w = Permission::parse(wider);
    const auto n = Permission::parse(narrower);
    QVERIFY(w.ok());
    QVERIFY(n.ok());
    QCOMPARE(w->covers(*n), covers);
}

void TestPermission::parsePermissionsNamesTheEntry()
{
    const auto ok = bb::identity::parsePermissions({"posts:read", "*:list", "admin:logs"});
    QVERIFY(ok.ok());
    QCOMPARE(bb::identity::toStrings(*ok), QStringList({"posts:read", "*:list", "admin:logs"}));

    const auto bad = bb::identity::parsePermissions({"posts:read", "posts:wrte"});
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().message,
             QStringLiteral("permission 2 ('posts:wrte'): unknown action 'wrte' at 6"));
    QCOMPARE(bad.error().position, 6);
}

void TestPermission::resourceNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("table") << "posts" << true;
    QTest::newRow("underscore inside") << "post_tags" << true;
    QTest::newRow("system table") << "_users" << false;
    QTest::newRow("reserved admin") << "admin" << false;
    QTest::newRow("wildcard") << "*" << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("dot") << "main.posts" << false;
}

void TestPermission::resourceNames()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    QCOMPARE(Permission::isValidResourceName(name), valid);
}

QTEST_GUILESS_MAIN(TestPermission)
#include "tst_permission.moc"
