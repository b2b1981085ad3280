// Demo data: row counts, referential integrity, determinism and idempotence, on SQLite and,
// when configured, PostgreSQL.
#include "store/demo_data.h"

#include "store/repository.h"
#include "store_test_support.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace bb::store;
using bb::store::test::TestBackend;

class TestDemoData : public QObject {
    Q_OBJECT

private slots:
    void seeds_data();
    void seeds();
    void isDeterministic();
};

void TestDemoData::seeds_data()
{
    bb::store::test::addBackendColumn();
    QTest::newRow("sqlite") << "sqlite";
    QTest::newRow("postgres") << "postgres";
}

void TestDemoData::seeds()
{
    QFETCH(QString, backend);
    TestBackend b;
    BB_OPEN_BACKEND(b, backend);

    QElapsedTimer timer;
    timer.start();
    auto seeded = seedDemoData(b.db());
    const qint64 ms = timer.elapsed();
    QVERIFY2(seeded.ok(), qPrintable(seeded.ok() ? QString() : seeded.error().message));
    QVERIFY(*seeded);
    qInfo("seeded %s in %lld ms", qPrintable(backend), ms);

    const QList<QPair<QString, int>> counts = {
        {"authors", kDemoAuthors}, {"posts", kDemoPosts},        {"comments", kDemoComments},
        {"tags", kDemoTags},       {"post_tags", kDemoPostTags},
    };
    for (const auto &[table, expected] : counts)
        QCOMPARE(b.value(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)).toInt(), expected);
    QCOMPARE(
        b.value(QStringLiteral("SELECT COUNT(*) FROM _users WHERE password_hash = ''")).toInt(), 5);

    // Every reference resolves (PostgreSQL enforces this itself; SQLite is asked to check).
    QCOMPARE(b.value(QStringLiteral("SELECT COUNT(*) FROM posts p LEFT JOIN authors a "
                                    "ON a.id = p.author_id WHERE a.id IS NULL"))
                 .toInt(),
             0);
    QCOMPARE(b.value(QStringLiteral("SELECT COUNT(*) FROM comments c LEFT JOIN _users u "
                                    "ON u.id = c.owner_id WHERE u.id IS NULL"))
                 .toInt(),
             0);
    if (backend == QLatin1String("sqlite")) {
        QVERIFY(b.value(QStringLiteral("PRAGMA foreign_key_check")).isNull());
        QCOMPARE(b.value(QStringLiteral("PRAGMA integrity_check")).toString(),
                 QStringLiteral("ok"));
    }
    QCOMPARE(b.value(QStringLiteral("SELECT COUNT(DISTINCT slug) FROM posts")).toInt(), kDemoPosts);

    auto schema = b.db().schema();
    QStringList resources;
    for (const Table *t : schema->resources())
        resources.append(t->name);
    QCOMPARE(resources, (QStringList{"authors", "comments", "post_tags", "posts", "tags"}));
    const Table *posts = schema->table(u"posts");
    QCOMPARE(posts->primaryKey, QStringLiteral("id"));
    QVERIFY(posts->column(u"id")->generated);
    QCOMPARE(posts->column(u"published")->type, ColumnType::Boolean);
    QCOMPARE(posts->column(u"created_at")->type, ColumnType::DateTime);
    QVERIFY(posts->column(u"slug")->unique);
    QCOMPARE(posts->foreignKeys.size(), 2);
    QVERIFY(posts->rowEstimate > 0); // ANALYZE ran
    const Table *comments = schema->table(u"comments");
    bool cascades = false;
    for (const ForeignKey &fk : comments->foreignKeys)
        cascades = cascades || (fk.refTable == QLatin1String("posts") &&
                                fk.onDelete == QLatin1String("CASCADE"));
    QVERIFY(cascades);
    bool pairUnique = false;
    for (const Index &idx : schema->table(u"post_tags")->indexes)
        pairUnique = pairUnique || (idx.unique && idx.columns == QStringList{"post_id", "tag_id"});
    QVERIFY(pairUnique);

    // The rows work through the repository, and new ids follow the seeded ones.
    Repository repo(b.db());
    ListOptions o;
    o.filter = QStringLiteral("published = true && view_count > 100");
    o.sort = QStringLiteral("-created_at");
    auto listed = repo.list(*posts, o);
    QVERIFY(listed.ok());
    QVERIFY(listed->totalItems > 0 && listed->totalItems < kDemoPosts);
    const QJsonArray items =
        QJsonDocument::fromJson(QByteArray::fromStdString(listed->itemsJson)).array();
    QVERIFY(items.first().toObject().value("published").toBool());
    auto inserted = repo.insert(*schema->table(u"tags"), {{"name", "brand-new"}});
    QVERIFY2(inserted.ok() && inserted->rowJson, "insert after seeding");
    QCOMPARE(inserted->id, QString::number(kDemoTags + 1));
    QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(*inserted->rowJson))
                 .object()
                 .value("id")
                 .toInteger(),
             kDemoTags + 1);

    // Deleting a post cascades to its comments.
    const int postComments =
        b.value(QStringLiteral("SELECT COUNT(*) FROM comments WHERE post_id = 1")).toInt();
    QVERIFY(repo.remove(*posts, QStringLiteral("1")).ok());
    QCOMPARE(b.value(QStringLiteral("SELECT COUNT(*) FROM comments")).toInt(),
             kDemoComments - postComments);

    auto second = seedDemoData(b.db());
    QVERIFY(second.ok());
    QVERIFY(!*second);
    QCOMPARE(b.value(QStringLiteral("SELECT COUNT(*) FROM authors")).toInt(), kDemoAuthors);
    QCOMPARE(b.value(QStringLiteral("SELECT COUNT(*) FROM posts")).toInt(), kDemoPosts - 1);
}

void TestDemoData::isDeterministic()
{
    TestBackend first;
    TestBackend second;
    BB_OPEN_BACKEND(first, QStringLiteral("sqlite"));
    BB_OPEN_BACKEND(second, QStringLiteral("sqlite"));
    QVERIFY(seedDemoData(first.db()).ok());
    QVERIFY(seedDemoData(second.db()).ok());
    const QString digest = QStringLiteral(
        "SELECT group_concat(id || ':' || title || ':' || author_id || ':' || view_count, '|') "
        "FROM (SELECT * FROM posts ORDER BY id)");
    const QString a = first.value(digest).toString();
    QVERIFY(a.size() > 10000);
    QCOMPARE(second.value(digest).toString(), a);
    const QString bodies = QStringLiteral("SELECT group_concat(body, '|') FROM "
                                          "(SELECT body FROM comments ORDER BY id)");
    QCOMPARE(second.value(bodies).toString(), first.value(bodies).toString());
}

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demo_data.moc"
