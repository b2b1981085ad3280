// The Access panel's models without a server: paging math, the bounded block cache, stale
// answers, the permission matrix (wildcards, :own, the PUT body, dirty cells), the audit log.
#include "admin_client.h"
#include "audit_log_model.h"
#include "permission_matrix_model.h"
#include "problem.h"
#include "records.h"
#include "tst_access_fake_api.h"
#include "user_list_model.h"

#include <QSignalSpy>
#include <QTest>

using namespace bb::plugins::access;
using bbtest::FakeAdminApi;
using bbtest::userPage;

namespace {
const QString kUsers = QStringLiteral("/api/admin/users");

void settle()
{
    // The model queues its fetches on the event loop (never inside data()).
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
}

/// Answers every pending users request with the rows of its page out of `total`.
int answerAll(FakeAdminApi &api, qint64 total, const QString &prefix = QStringLiteral("user"))
{
    int answered = 0;
    while (!api.pending.isEmpty()) {
        const auto &p = api.pending.first();
        const int page = p.param("page").toInt();
        const int perPage = p.param("perPage").toInt();
        const int first = (page - 1) * perPage;
        const int count = int(qBound<qint64>(0, total - first, qint64(perPage)));
        api.answer(0, userPage(first, count, total, perPage, prefix));
        ++answered;
        settle();
    }
    return answered;
}

PermissionCatalogue catalogue()
{
    PermissionCatalogue c;
    c.resources = {"authors", "comments", "posts"};
    c.actions = {"list", "read", "create", "update", "delete"};
    c.adminAreas = {"users", "roles", "logs"};
    return c;
}

RoleRecord role(const QStringList &permissions, bool editable = true)
{
    RoleRecord r;
    r.id = 7;
    r.name = editable ? "auditors" : "editor";
    r.builtIn = !editable;
    r.editable = editable;
    r.permissions = permissions;
    return r;
}
} // namespace

class TestAccessModels : public QObject {
    Q_OBJECT
private slots:
    void problemsReadLikeSentences_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("detail and fields")
            << 409
            << QByteArray(R"({"title":"Conflict","status":409,"detail":"The record conflicts.",)"
                          R"("errors":{"name":["must be unique"],"email":["taken","odd"]}})")
            << "The record conflicts. (email: taken, odd; name: must be unique)";
        QTest::newRow("title only")
            << 403 << QByteArray(R"({"title":"Forbidden","status":403})") << "Forbidden";
        QTest::newRow("no body") << 404 << QByteArray() << "HTTP 404 Not Found";
        QTest::newRow("html") << 502 << QByteArray("<html>bad gateway</html>")
                              << "HTTP 502 Bad Gateway";
        QTest::newRow("short text") << 500 << QByteArray("boom") << "boom";
    }
    void problemsReadLikeSentences()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        QHash<QString, QStringList> fields;
        QCOMPARE(describeProblem(status, body, &fields), expected);
        if (expected.contains("email"))
            QCOMPARE(fields.value("email"), QStringList({"taken", "odd"}));
    }

    void queryValuesArePercentEncoded()
    {
        ApiRequest r;
        r.path = kUsers;
        r.query.addQueryItem("q", "a+b@x.org & co");
        r.query.addQueryItem("page", "2");
        const QUrl url = AdminClient::urlFor(QUrl("http://h:1/prefix/"), r);
        QCOMPARE(url.toString(QUrl::FullyEncoded),
                 QString("http://h:1/prefix/api/admin/users?q=a%2Bb%40x.org%20%26%20co&page=2"));
    }

    void pagingAsksForTheBlockOfARow()
    {
        FakeAdminApi api;
        UserListModel model(&api);
        model.reload();
        settle();
        QCOMPARE(api.pending.size(), 1);
        QCOMPARE(api.pending[0].request.path, kUsers);
        QCOMPARE(api.pending[0].param("page"), QString("1"));
        QCOMPARE(api.pending[0].param("perPage"), QString::number(model.blockSize()));
        QVERIFY(!api.pending[0].request.query.hasQueryItem("q"));
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        api.answer(0, userPage(0, 200, 1234, 200));
        // rowCount is the server's count, not what is loaded.
        QCOMPARE(model.rowCount(), 1234);
        QCOMPARE(model.totalItems(), qint64(1234));
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(model.cachedRowCount(), 200);
        QVERIFY(model.isRowLoaded(199));
        QVERIFY(!model.isRowLoaded(200));
        QCOMPARE(model.index(5, UserListModel::EmailColumn).data().toString(),
                 QString("user000005@example.com"));
        QCOMPARE(model.userAt(5)->id, qint64(6));

        // Row 1,100 is in block 5 (rows 1,000–1,199): page 6.
        QCOMPARE(model.index(1100, UserListModel::EmailColumn).data().toString(),
                 QString("loading…"));
        QCOMPARE(model.index(1100, 0).data(UserListModel::LoadedRole).toBool(), false);
        settle();
        QCOMPARE(api.pending.size(), 1);
        QCOMPARE(api.pending[0].param("page"), QString("6"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        api.answer(0, userPage(1000, 200, 1234, 200));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].value<QModelIndex>().row(), 1000);
        QCOMPARE(changed[0][1].value<QModelIndex>().row(), 1199);
        QCOMPARE(model.index(1100, 0).data().toString(), QString("user001100@example.com"));

        // The last, short block: rows 1,200–1,233.
        model.ensureRowsLoaded(1230, 1233);
        settle();
        QCOMPARE(api.pending.size(), 1);
        QCOMPARE(api.pending[0].param("page"), QString("7"));
        api.answer(0, userPage(1200, 34, 1234, 200));
        QVERIFY(model.isRowLoaded(1233));
        QCOMPARE(model.cachedRowCount(), 434);
    }

    void aViewportAcrossTwoBlocksAsksNearestFirstAndAtMostTwoAtOnce()
    {
        FakeAdminApi api;
        UserListModel model(&api);
        model.setBlockSize(50);
        model.reload();
        settle();
        api.answer(0, userPage(0, 50, 10'000, 50));
        model.ensureRowsLoaded(5020, 5130); // blocks 100, 101, 102
        settle();
        QCOMPARE(api.pending.size(), UserListModel::kMaxInFlight);
        QCOMPARE(api.pending[0].param("page"), QString("101"));
        QCOMPARE(api.pending[1].param("page"), QString("102"));
        api.answer(0, userPage(5000, 50, 10'000, 50));
        settle();
        QCOMPARE(api.pending.size(), 2);
        QCOMPARE(api.pending[1].param("page"), QString("103"));
    }

    void theCacheStaysBoundedWhileScrollingThrough100kUsers()
    {
        FakeAdminApi api;
        UserListModel model(&api);
        QCOMPARE(model.maxCachedRows(), 4000);
        model.reload();
        settle();
        answerAll(api, 100'000);
        QCOMPARE(model.rowCount(), 100'000);
        int peak = 0;
        // Scroll the whole list a screen (40 rows) at a time, as a view would.
        for (int top = 0; top < 100'000; top += 997) {
            model.ensureRowsLoaded(top, top + 40);
            settle();
            answerAll(api, 100'000);
            peak = qMax(peak, model.cachedRowCount());
            QVERIFY2(model.isRowLoaded(top) && model.isRowLoaded(qMin(top + 40, 99'999)),
                     qPrintable(QString("rows at %1 not loaded").arg(top)));
        }
        QVERIFY2(peak <= model.maxCachedRows(), qPrintable(QString::number(peak)));
        QVERIFY(model.cachedBlockCount() <= model.maxBlocks());
        // Far-away blocks went first: the top of the list is gone, the bottom is there.
        QVERIFY(!model.isRowLoaded(0));
        QVERIFY(model.isRowLoaded(99'700));
        // Jumping to the last row loads it.
        model.ensureRowsLoaded(99'999, 99'999);
        settle();
        answerAll(api, 100'000);
        QCOMPARE(model.index(99'999, 0).data().toString(), QString("user099999@example.com"));
    }

    void answersToAnOlderSearchAreDropped()
    {
        FakeAdminApi api;
        UserListModel model(&api);
        model.reload();
        settle();
        answerAll(api, 500);
        QCOMPARE(model.rowCount(), 500);

        model.setSearch("ali");
        model.applySearch();
        settle();
        QCOMPARE(model.rowCount(), 0); // a new question: nothing known yet
        model.setSearch("alice");
        model.applySearch();
        settle();
        QCOMPARE(api.pending.size(), 2);
        QCOMPARE(api.pending[0].param("q"), QString("ali"));
        QCOMPARE(api.pending[1].param("q"), QString("alice"));
        // The newer answer arrives first, then the older one: the older one must not win.
        api.answer(1, userPage(0, 3, 3, 200, "alice"));
        QCOMPARE(model.rowCount(), 3);
        api.answer(0, userPage(0, 200, 40, 200, "ali"));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.staleRepliesDropped(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), QString("alice000000@example.com"));
    }

    void searchIsDebounced()
    {
        FakeAdminApi api;
        UserListModel model(&api);
        model.reload();
        settle();
        answerAll(api, 10);
        model.setSearch("a");
        model.setSearch("al");
        model.setSearch("ali ");
        settle();
        QCOMPARE(api.pending.size(), 0);
        QTRY_COMPARE(api.pending.size(), 1);
        QCOMPARE(api.pending[0].param("q"), QString("ali"));
        QCOMPARE(model.search(), QString("ali"));
    }

    void aFailedBlockIsReportedOnceAndRetriedByReload()
    {
        FakeAdminApi api;
        UserListModel model(&api);
        QSignalSpy failed(&model, &UserListModel::failed);
        model.reload();
        settle();
        api.answer(0, userPage(0, 200, 1000, 200));
        model.ensureRowsLoaded(400, 410);
        settle();
        api.fail(0, "Forbidden", 403);
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed[0][0].toString(), QString("Forbidden"));
        // Painting the row again does not ask again (no request loop on a persistent error).
        QVERIFY(model.index(405, 0).data().toString().contains("could not load"));
        settle();
        QCOMPARE(api.pending.size(), 0);
        // A reload keeps the count, forgets the rows, and asks again.
        model.reload();
        settle();
        QCOMPARE(model.rowCount(), 1000);
        QCOMPARE(model.cachedRowCount(), 0);
        QCOMPARE(api.pending.size(), 1);
        model.ensureRowsLoaded(400, 410);
        settle();
        QCOMPARE(api.pending.size(), 2);
    }

    void aChangedCountResizesTheTable()
    {
        FakeAdminApi api;
        UserListModel model(&api);
        model.reload();
        settle();
        api.answer(0, userPage(0, 200, 450, 200));
        model.ensureRowsLoaded(420, 449);
        settle();
        api.answer(0, userPage(400, 50, 450, 200));
        QCOMPARE(model.cachedRowCount(), 250);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.reload();
        settle();
        api.answer(0, userPage(0, 200, 390, 200)); // 60 users were deleted meanwhile
        QCOMPARE(removed.size(), 1);
        QCOMPARE(model.rowCount(), 390);
    }

    void userStatusReadsForPeople()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        UserRecord u;
        QCOMPARE(u.statusText(now), QString("active"));
        u.lockedUntil = now.addSecs(600);
        QVERIFY(u.statusText(now).startsWith("locked until "));
        u.lockedUntil = now.addSecs(-600);
        QCOMPARE(u.statusText(now), QString("active"));
        u.disabled = true;
        QCOMPARE(u.statusText(now), QString("disabled"));
    }

    void matrixReadsExplicitOwnAndWildcardGrants()
    {
        PermissionMatrixModel m;
        m.setCatalogue(catalogue());
        m.setRole(role({"posts:read", "posts:update:own", "comments:*", "*:list", "admin:logs",
                        "*:delete:own", "gone_table:read"}));
        QCOMPARE(m.rowCount(), 6);
        QCOMPARE(m.columnCount(), 5);
        const int posts = m.rowOfResource("posts");
        const int comments = m.rowOfResource("comments");
        const int authors = m.rowOfResource("authors");
        const int logs = m.rowOfAdminArea("logs");
        const int users = m.rowOfAdminArea("users");
        const int read = m.columnOfAction("read");
        const int update = m.columnOfAction("update");
        const int list = m.columnOfAction("list");
        const int del = m.columnOfAction("delete");

        QCOMPARE(m.grant(posts, read), Grant::All);
        QCOMPARE(m.index(posts, read).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QCOMPARE(m.grant(posts, update), Grant::Own);
        QCOMPARE(m.index(posts, update).data(Qt::CheckStateRole).toInt(),
                 int(Qt::PartiallyChecked));
        QCOMPARE(m.index(posts, update).data().toString(), QString("own"));
        QCOMPARE(m.grant(authors, read), Grant::None);
        // Wildcards: shown as implied, greyed (not enabled), with the granting text.
        QCOMPARE(m.grant(comments, del), Grant::All);
        QCOMPARE(m.explicitGrant(comments, del), Grant::None);
        QCOMPARE(m.index(comments, del).data(PermissionMatrixModel::ImpliedByRole).toString(),
                 QString("comments:*"));
        QVERIFY(!(m.flags(m.index(comments, del)) & Qt::ItemIsEnabled));
        QVERIFY(
            m.index(authors, list).data(Qt::ToolTipRole).toString().contains("granted by *:list"));
        // *:delete:own implies own rows, which can still be raised to every row.
        QCOMPARE(m.grant(authors, del), Grant::Own);
        QVERIFY(m.flags(m.index(authors, del)) & Qt::ItemIsUserCheckable);
        // Admin areas: one cell, never reached by *:list; only named or *:*.
        QCOMPARE(m.grant(logs, 0), Grant::All);
        QCOMPARE(m.grant(users, 0), Grant::None);
        QCOMPARE(m.index(logs, 0).data().toString(), QString("access"));
        QVERIFY(!m.index(logs, 1).data(Qt::CheckStateRole).isValid());
        QCOMPARE(m.flags(m.index(logs, 1)), Qt::NoItemFlags);
        QVERIFY(!(m.flags(m.index(logs, 0)) & Qt::ItemIsUserTristate));
        QCOMPARE(m.headerData(logs, Qt::Vertical).toString(), QString("admin:logs"));
        QVERIFY(!m.isDirty());
        // Unchanged, the role goes back exactly as it came (modulo order: kept entries first).
        QCOMPARE(m.permissionsForApply(),
                 QStringList({"comments:*", "*:list", "*:delete:own", "gone_table:read",
                              "posts:read", "posts:update:own", "admin:logs"}));
    }

    void superuserReachesAdminAreasButOwnWildcardsDoNot()
    {
        PermissionMatrixModel m;
        m.setCatalogue(catalogue());
        m.setRole(role({"*:*:own"}));
        QCOMPARE(m.grant(m.rowOfResource("posts"), 2), Grant::Own);
        QCOMPARE(m.grant(m.rowOfAdminArea("users"), 0), Grant::None);
        m.setRole(role({"*:*"}, false));
        for (int r = 0; r < m.rowCount(); ++r)
            QCOMPARE(m.grant(r, 0), Grant::All);
        m.setRole(role({"admin:*"}));
        QCOMPARE(m.grant(m.rowOfAdminArea("roles"), 0), Grant::All);
        QCOMPARE(m.grant(m.rowOfResource("posts"), 0), Grant::None);
    }

    void editsAreLocalUntilAppliedAsOneFullList()
    {
        FakeAdminApi api;
        PermissionMatrixModel m(&api);
        m.setCatalogue(catalogue());
        m.setRole(role({"*:list", "posts:read", "admin:logs"}));
        QSignalSpy dirty(&m, &PermissionMatrixModel::dirtyChanged);
        const int posts = m.rowOfResource("posts");
        const int authors = m.rowOfResource("authors");
        // Through the view's path: CheckStateRole.
        QVERIFY(
            m.setData(m.index(posts, m.columnOfAction("read")), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(m.setData(m.index(authors, m.columnOfAction("update")), Qt::PartiallyChecked,
                          Qt::CheckStateRole));
        QVERIFY(m.setData(m.index(m.rowOfAdminArea("users"), 0), Qt::Checked, Qt::CheckStateRole));
        // *:list already grants every row: the cell cannot change.
        QVERIFY(!m.setGrant(authors, m.columnOfAction("list"), Grant::None));
        // Admin rows have no own form.
        QVERIFY(!m.setGrant(m.rowOfAdminArea("roles"), 0, Grant::Own));
        QCOMPARE(m.dirtyCount(), 3);
        QCOMPARE(dirty.last()[0].toInt(), 3);
        QVERIFY(m.index(posts, 1).data(PermissionMatrixModel::DirtyRole).toBool());
        QVERIFY(m.index(posts, 1).data(Qt::BackgroundRole).isValid());
        QVERIFY(!m.index(posts, 2).data(Qt::BackgroundRole).isValid());
        // Undoing one edit by hand makes that cell clean again.
        QVERIFY(m.setGrant(authors, m.columnOfAction("update"), Grant::None));
        QCOMPARE(m.dirtyCount(), 2);
        QVERIFY(m.setGrant(authors, m.columnOfAction("update"), Grant::Own));

        QVERIFY(m.apply());
        QCOMPARE(api.pending.size(), 1);
        const auto &put = api.pending[0].request;
        QCOMPARE(put.method, QByteArray("PUT"));
        QCOMPARE(put.path, QString("/api/admin/roles/7/permissions"));
        QCOMPARE(put.body.toObject().value("permissions").toArray(),
                 QJsonArray({"*:list", "authors:update:own", "admin:users", "admin:logs"}));
        QVERIFY(!m.apply()); // one request at a time
        QSignalSpy applied(&m, &PermissionMatrixModel::applied);
        api.answer(0, QJsonObject{{"id", 7},
                                  {"name", "auditors"},
                                  {"builtIn", false},
                                  {"editable", true},
                                  {"permissions", put.body.toObject().value("permissions")}});
        QCOMPARE(applied.size(), 1);
        QCOMPARE(m.dirtyCount(), 0);
        QCOMPARE(m.grant(authors, m.columnOfAction("update")), Grant::Own);
        QCOMPARE(m.grant(posts, m.columnOfAction("read")), Grant::None);
    }

    void revertDropsEditsAndFailuresKeepThem()
    {
        FakeAdminApi api;
        PermissionMatrixModel m(&api);
        m.setCatalogue(catalogue());
        m.setRole(role({"posts:read"}));
        const int posts = m.rowOfResource("posts");
        QVERIFY(m.setGrant(posts, 0, Grant::All));
        QVERIFY(m.setGrant(posts, 1, Grant::None));
        QCOMPARE(m.dirtyCount(), 2);
        QVERIFY(m.apply());
        QSignalSpy failed(&m, &PermissionMatrixModel::failed);
        api.fail(0, "permission 1 ('posts:list'): nope", 400);
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed[0][0].toString().contains("nope"));
        QCOMPARE(m.dirtyCount(), 2); // nothing lost on a refusal
        m.revert();
        QCOMPARE(m.dirtyCount(), 0);
        QCOMPARE(m.permissionsForApply(), QStringList({"posts:read"}));
    }

    void builtInRolesAndOwnerlessTablesRefuseEdits()
    {
        PermissionMatrixModel m;
        m.setCatalogue(catalogue());
        m.setRole(role({"*:list", "*:read"}, false));
        QVERIFY(!m.isEditable());
        QVERIFY(!m.setGrant(m.rowOfResource("posts"), 2, Grant::All));
        QVERIFY(!(m.flags(m.index(0, 2)) & Qt::ItemIsUserCheckable));
        QVERIFY(m.index(0, 2).data(Qt::ToolTipRole).toString().contains("built-in role editor"));

        m.setRole(role({}));
        m.setOwnerTables({"posts", "comments"});
        const int authors = m.rowOfResource("authors");
        QVERIFY(!m.setGrant(authors, 1, Grant::Own));
        QVERIFY(m.setGrant(authors, 1, Grant::All));
        QVERIFY(!(m.flags(m.index(authors, 1)) & Qt::ItemIsUserTristate));
        QVERIFY(m.flags(m.index(m.rowOfResource("posts"), 1)) & Qt::ItemIsUserTristate);
        QVERIFY(m.setGrant(m.rowOfResource("posts"), 1, Grant::Own));
    }

    void aCatalogueReloadKeepsUnsavedEdits()
    {
        PermissionMatrixModel m;
        m.setCatalogue(catalogue());
        m.setRole(role({"posts:read"}));
        QVERIFY(m.setGrant(m.rowOfResource("authors"), 1, Grant::All));
        QVERIFY(m.setGrant(m.rowOfResource("comments"), 4, Grant::All));
        // F5: the same catalogue again changes nothing.
        m.setCatalogue(catalogue());
        QCOMPARE(m.dirtyCount(), 2);
        // The schema changed: a new table, comments dropped. Edits follow their text.
        PermissionCatalogue next = catalogue();
        next.resources = {"authors", "notes", "posts"};
        QSignalSpy dirty(&m, &PermissionMatrixModel::dirtyChanged);
        m.setCatalogue(next);
        QCOMPARE(m.rowOfResource("authors"), 0);
        QCOMPARE(m.grant(m.rowOfResource("authors"), 1), Grant::All);
        QCOMPARE(m.grant(m.rowOfResource("posts"), 1), Grant::All);
        QCOMPARE(m.dirtyCount(), 1);
        QCOMPARE(dirty.last()[0].toInt(), 1);
        QCOMPARE(m.permissionsForApply(), QStringList({"authors:read", "posts:read"}));
    }

    void catalogueAcceptsPrefixedAdminAreas()
    {
        const PermissionCatalogue c = PermissionCatalogue::fromJson(
            QJsonObject{{"resources", QJsonArray{"posts"}},
                        {"actions", QJsonArray{"list", "read"}},
                        {"adminAreas", QJsonArray{"admin:users", "roles"}}});
        QCOMPARE(c.adminAreas, QStringList({"users", "roles"}));
        QCOMPARE(c.actions, QStringList({"list", "read"}));
    }

    void auditLiveInsertsAtTheTopAndStaysBounded()
    {
        FakeAdminApi api;
        AuditLogModel m(&api);
        m.setMaxRows(50);
        m.setFilter({"admin@localhost", "user.update", {}, {}});
        QCOMPARE(api.pending.size(), 1);
        QCOMPARE(api.pending[0].param("actor"), QString("admin@localhost"));
        QCOMPARE(api.pending[0].param("action"), QString("user.update"));
        QJsonArray items;
        for (int id = 30; id >= 1; --id)
            items.append(QJsonObject{{"id", id},
                                     {"ts", "2024-06-01T10:00:00Z"},
                                     {"action", "user.update"},
                                     {"target", "user 1"}});
        api.answer(0, QJsonObject{{"page", 1},
                                  {"perPage", 100},
                                  {"totalItems", 30},
                                  {"totalPages", 1},
                                  {"items", items}});
        QCOMPARE(m.rowCount(), 30);
        QCOMPARE(m.newestId(), qint64(30));

        m.poll();
        QCOMPARE(api.pending.size(), 1);
        QCOMPARE(api.pending[0].param("after"), QString("30"));
        QCOMPARE(api.pending[0].param("actor"), QString("admin@localhost"));
        QJsonArray fresh;
        for (int id = 60; id > 30; --id)
            fresh.append(QJsonObject{{"id", id},
                                     {"action", "user.update"},
                                     {"before", QJsonObject{{"displayName", "A"}}},
                                     {"after", QJsonObject{{"displayName", "B"}}}});
        QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
        api.answer(0, QJsonObject{{"page", 1},
                                  {"perPage", 500},
                                  {"totalItems", 30},
                                  {"totalPages", 1},
                                  {"items", fresh}});
        QCOMPARE(inserted.size(), 1); // one batch
        QCOMPARE(inserted[0][1].toInt(), 0);
        QCOMPARE(m.rowCount(), 50); // bounded: the oldest went
        QCOMPARE(m.at(0).id, qint64(60));
        QCOMPARE(m.at(49).id, qint64(11));
        QCOMPARE(m.index(0, AuditLogModel::ChangeColumn).data().toString(),
                 QString("displayName: \"A\" → \"B\""));
        // Entries already shown are never inserted twice.
        m.prepend({AuditEntry::fromJson(QJsonObject{{"id", 55}})});
        QCOMPARE(m.rowCount(), 50);
        QCOMPARE(m.at(0).id, qint64(60));
    }

    void auditLoadsOlderPagesWithoutDuplicates()
    {
        FakeAdminApi api;
        AuditLogModel m(&api);
        m.reload();
        const auto page = [](int newest, int count, int pageNo, int totalPages) {
            QJsonArray items;
            for (int id = newest; id > newest - count; --id)
                items.append(QJsonObject{{"id", id}, {"action", "user.update"}});
            return QJsonObject{{"page", pageNo},
                               {"perPage", AuditLogModel::kPageSize},
                               {"totalItems", 250},
                               {"totalPages", totalPages},
                               {"items", items}};
        };
        api.answer(0, page(250, 100, 1, 3));
        QVERIFY(m.canLoadMore());
        QVERIFY(m.loadMore());
        QVERIFY(!m.loadMore()); // one page at a time
        QCOMPARE(api.pending[0].param("page"), QString("2"));
        // Two entries arrived live meanwhile, so page 2 starts with two already shown.
        api.answer(0, page(152, 100, 2, 3));
        QCOMPARE(m.rowCount(), 198);
        QCOMPARE(m.at(100).id, qint64(150));
        QCOMPARE(m.at(197).id, qint64(53));
        QVERIFY(m.loadMore());
        api.answer(0, page(52, 52, 3, 3));
        QCOMPARE(m.rowCount(), 250);
        QVERIFY(!m.canLoadMore());
        QVERIFY(!m.loadMore());
    }

    void auditLiveOnlyWhileAsked()
    {
        FakeAdminApi api;
        AuditLogModel m(&api);
        QVERIFY(!m.isLive());
        m.setLive(true);
        QVERIFY(m.isLive());
        m.setLive(false);
        QVERIFY(!m.isLive());
        // No first page yet: polling has nothing to ask after.
        m.poll();
        QCOMPARE(api.pending.size(), 0);
    }
};

QTEST_MAIN(TestAccessModels)
#include "tst_accessmodels.moc"
