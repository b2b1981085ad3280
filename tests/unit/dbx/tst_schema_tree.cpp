// The schema tree and DDL on SQLite: columns, keys, indexes, foreign keys, triggers, views, the
// row estimate's source, and loading off the calling thread.
#include "dbx/ddl.h"
#include "dbx/schema_tree.h"
#include "dbx_test_support.h"
#include <QTemporaryDir>
#include <QtTest>

using namespace bb::dbx;

class TstSchemaTree : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::shared_ptr<bb::store::Database> m_db;

    bool run(const QString &sql)
    {
        auto r = m_db->write<bool>(
            [&](QSqlDatabase &c) -> bb::Result<bool> {
                auto q = m_db->exec(c, sql);
                if (!q)
                    return q.error();
                q->finish();
                return true;
            },
            false);
        if (!r)
            qWarning("%s: %s", qPrintable(sql), qPrintable(r.error().message));
        return r.ok();
    }
    SchemaTree tree()
    {
        QSqlDatabase conn = m_db->reader();
        auto t = readSchemaTree(*m_db, conn);
        if (!t)
            qFatal("schema: %s", qPrintable(t.error().message));
        return *t;
    }

private slots:
    void initTestCase()
    {
        auto db = bb::store::Database::open(QStringLiteral("sqlite:") + m_dir.filePath("s.db"));
        BB_VERIFY_OK(db);
        m_db = *db;
        QVERIFY(run("CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"));
        QVERIFY(run("CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL "
                    "REFERENCES author(id) ON DELETE CASCADE, title TEXT DEFAULT 'untitled', "
                    "year INT)"));
        QVERIFY(run("CREATE INDEX book_by_year ON book (year, title)"));
        QVERIFY(run("CREATE TABLE tag (book_id INTEGER, label TEXT, PRIMARY KEY (label, "
                    "book_id), FOREIGN KEY (book_id) REFERENCES book) WITHOUT ROWID"));
        QVERIFY(run("CREATE VIEW recent AS SELECT title FROM book WHERE year > 2000"));
        QVERIFY(run("CREATE TRIGGER book_stamp AFTER UPDATE OF title ON book BEGIN SELECT 1; END"));
        QVERIFY(run("INSERT INTO author (name) VALUES ('a'), ('b'), ('c')"));
    }
    void cleanupTestCase() { m_db->close(); }

    void shape()
    {
        const SchemaTree t = tree();
        QCOMPARE(t.dialect, bb::store::Dialect::Sqlite);
        QCOMPARE(t.schemas.size(), 1);
        QCOMPARE(t.defaultSchema, QStringLiteral("main"));
        QCOMPARE(t.tableCount(), 3);
        QCOMPARE(t.viewCount(), 1);

        const SchemaTable *book = t.find({}, "book");
        QVERIFY(book);
        QCOMPARE(book->columns.size(), 4);
        QCOMPARE(book->primaryKey(), QStringList{"id"});
        const SchemaColumn *title = book->column(u"title");
        QVERIFY(title && title->nullable && title->hasDefault);
        QCOMPARE(title->defaultSql, QStringLiteral("'untitled'"));
        QVERIFY(!book->column(u"author_id")->nullable);
        QCOMPARE(book->foreignKeys.size(), 1);
        QCOMPARE(book->foreignKeys[0].refTable, QStringLiteral("author"));
        QCOMPARE(book->foreignKeys[0].columns, QStringList{"author_id"});
        QCOMPARE(book->foreignKeys[0].refColumns, QStringList{"id"});
        QCOMPARE(book->foreignKeys[0].onDelete, QStringLiteral("CASCADE"));
        QCOMPARE(book->indexes.size(), 1);
        QCOMPARE(book->indexes[0].columns, (QStringList{"year", "title"}));
        QVERIFY(!book->indexes[0].unique);
        QCOMPARE(book->triggers.size(), 1);
        QCOMPARE(book->triggers[0].timing, QStringLiteral("AFTER"));
        QCOMPARE(book->triggers[0].event, QStringLiteral("UPDATE"));

        const SchemaTable *tag = t.find("main", "tag");
        QVERIFY(tag);
        QCOMPARE(tag->primaryKey(),
                 (QStringList{"label", "book_id"}));       // key order, not column order
        QVERIFY(tag->foreignKeys[0].refColumns.isEmpty()); // the parent's implicit key
        QCOMPARE(tag->rowEstimate, -1);                    // WITHOUT ROWID, no stats

        const SchemaTable *author = t.find({}, "author");
        QCOMPARE(author->rowEstimate, 3);
        QVERIFY(author->rowEstimateSource.startsWith("max(rowid)"));
        QVERIFY(
            std::any_of(author->indexes.begin(), author->indexes.end(), [](const SchemaIndex &i) {
                return i.unique && i.columns == QStringList{"name"};
            }));

        QVERIFY(t.find({}, "recent")->isView);
        QCOMPARE(t.find({}, "recent")->columns.size(), 1);
        QVERIFY(!t.find({}, "nope"));
    }

    void statsWin()
    {
        QVERIFY(run("ANALYZE"));
        const SchemaTable *author = tree().find({}, "author");
        QCOMPARE(author->rowEstimate, 3);
        QCOMPARE(author->rowEstimateSource, QStringLiteral("sqlite_stat1"));
    }

    void ddl()
    {
        QSqlDatabase conn = m_db->reader();
        auto table = objectDdl(*m_db, conn, {ObjectKind::Table, {}, "book"});
        BB_VERIFY_OK(table);
        QVERIFY(table->startsWith("CREATE TABLE book (id INTEGER PRIMARY KEY"));
        QVERIFY(table->contains("CREATE INDEX book_by_year ON book (year, title);"));
        QVERIFY(table->contains("CREATE TRIGGER book_stamp AFTER UPDATE OF title ON book"));
        auto view = objectDdl(*m_db, conn, {ObjectKind::View, {}, "recent"});
        QCOMPARE(*view,
                 QStringLiteral("CREATE VIEW recent AS SELECT title FROM book WHERE year > 2000;"));
        auto index = objectDdl(*m_db, conn, {ObjectKind::Index, {}, "book_by_year"});
        QCOMPARE(*index, QStringLiteral("CREATE INDEX book_by_year ON book (year, title);"));
        auto missing = objectDdl(*m_db, conn, {ObjectKind::Trigger, {}, "nope"});
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().message, QStringLiteral("no trigger named nope"));
    }

    void loadsInTheBackground()
    {
        QObject context;
        std::optional<bb::Result<SchemaTree>> got;
        loadSchemaTree(&context, m_db,
                       [&](bb::Result<SchemaTree> r) { got.emplace(std::move(r)); });
        QVERIFY(!got); // never inside the call
        QTRY_VERIFY(got.has_value());
        QVERIFY(got->ok());
        QCOMPARE((*got)->tableCount(), 3);

        std::optional<bb::Result<QString>> ddl;
        loadObjectDdl(&context, m_db, {ObjectKind::View, {}, "recent"},
                      [&](bb::Result<QString> r) { ddl.emplace(std::move(r)); });
        QTRY_VERIFY(ddl.has_value());
        QVERIFY(ddl->ok());
    }

    void contextGoneDropsTheCallback()
    {
        bool called = false;
        {
            QObject context;
            loadSchemaTree(&context, m_db, [&](bb::Result<SchemaTree>) { called = true; });
        }
        QThreadPool::globalInstance()->waitForDone(10000);
        QCoreApplication::processEvents();
        QVERIFY(!called);
    }
};

QTEST_GUILESS_MAIN(TstSchemaTree)
#include "tst_schema_tree.moc"
