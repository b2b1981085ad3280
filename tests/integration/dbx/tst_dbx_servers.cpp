// dbx against real servers (and SQLite for comparison): test-connection errors as the server
// words them, the schema tree and DDL per driver, CSV import (and its rollback) and export round
// trips, and on MySQL keyset paging and KILL QUERY cancellation through RowSource.
#include "dbx/connection.h"
#include "dbx/csv_import.h"
#include "dbx/ddl.h"
#include "dbx/export_data.h"
#include "dbx/row_source.h"
#include "dbx/schema_tree.h"
#include "server_backend.h"
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

using namespace bb::dbx;
using bb::dbx::test::ServerBackend;

namespace {

ConnectionProfile profileFromUrl(const QString &url, Driver driver)
{
    const QUrl u(url);
    ConnectionProfile p = ConnectionProfile::make(driver, QStringLiteral("test"));
    p.host = u.host();
    p.port = u.port();
    p.user = u.userName();
    p.database = u.path().mid(1);
    return p;
}

QStringList schemaSql(bb::store::Dialect d)
{
    using bb::store::Dialect;
    if (d == Dialect::Postgres)
        return {
            "CREATE TABLE author (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text "
            "NOT NULL UNIQUE)",
            "CREATE TABLE book (id serial PRIMARY KEY, author_id bigint NOT NULL REFERENCES "
            "author(id) ON DELETE CASCADE, title text DEFAULT 'untitled', year int)",
            "CREATE INDEX book_by_year ON book (year, title)",
            "CREATE VIEW recent AS SELECT title FROM book WHERE year > 2000",
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; "
            "END$$",
            "CREATE TRIGGER book_stamp BEFORE UPDATE ON book FOR EACH ROW EXECUTE FUNCTION "
            "touch()"};
    if (d == Dialect::Mysql)
        return {"CREATE TABLE author (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT "
                "NULL UNIQUE) ENGINE=InnoDB",
                "CREATE TABLE book (id INT AUTO_INCREMENT PRIMARY KEY, author_id BIGINT NOT NULL, "
                "title VARCHAR(200) DEFAULT 'untitled', year INT, CONSTRAINT book_author FOREIGN "
                "KEY (author_id) REFERENCES author(id) ON DELETE CASCADE) ENGINE=InnoDB",
                "CREATE INDEX book_by_year ON book (year, title)",
                "CREATE VIEW recent AS SELECT title FROM book WHERE year > 2000",
                "CREATE TRIGGER book_stamp BEFORE UPDATE ON book FOR EACH ROW SET NEW.title = "
                "NEW.title"};
    return {"CREATE TABLE author (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)",
            "CREATE TABLE book (id INTEGER PRIMARY KEY, author_id INTEGER NOT NULL REFERENCES "
            "author(id) ON DELETE CASCADE, title TEXT DEFAULT 'untitled', year INT)",
            "CREATE INDEX book_by_year ON book (year, title)",
            "CREATE VIEW recent AS SELECT title FROM book WHERE year > 2000",
            "CREATE TRIGGER book_stamp BEFORE UPDATE ON book BEGIN SELECT 1; END"};
}

} // namespace

class TstDbxServers : public QObject {
    Q_OBJECT

    // Opens `backend` with the small library schema; QSKIPs (via the caller) when unavailable.
    bool setUp(ServerBackend &b, const QString &backend)
    {
        if (!b.open(backend))
            return false;
        for (const QString &sql : schemaSql(b.db().dialect())) {
            if (!b.run(sql))
                return false;
        }
        return b.run("INSERT INTO author (name) VALUES ('Le Guin'), ('Lem'), ('Tolkien')") &&
               b.run("INSERT INTO book (author_id, title, year) VALUES (1, 'Earthsea', 1968), "
                     "(2, 'Solaris', 1961), (3, 'Silmarillion', 1977), (1, 'Tehanu', 2001)") &&
               b.db().reloadSchema().ok();
    }

#define SET_UP(b, backend)                                                                         \
    if (!setUp(b, backend)) {                                                                      \
        if (!b.skipReason().isEmpty())                                                             \
            QSKIP(qPrintable(b.skipReason()));                                                     \
        QFAIL(qPrintable(b.error()));                                                              \
    }

private slots:
    void postgresErrorsVerbatim()
    {
        const QString url = qEnvironmentVariable("BB_TEST_PG_URL");
        if (url.isEmpty())
            QSKIP("BB_TEST_PG_URL is not set");
        ConnectionProfile p = profileFromUrl(url, Driver::Postgres);
        auto ok = testConnection(p, QString());
        BB_VERIFY_OK(ok);
        QVERIFY2(ok->serverVersion.startsWith("PostgreSQL"), qPrintable(ok->serverVersion));

        p.database = "nope_db";
        auto noDb = testConnection(p, QString());
        QVERIFY(!noDb.ok());
        QVERIFY2(noDb.error().message.contains("database \"nope_db\" does not exist"),
                 qPrintable(noDb.error().message));

        p.database = "backbench_test";
        p.port = 1; // nothing listens there
        auto refused = testConnection(p, QString());
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains("Connection refused"),
                 qPrintable(refused.error().message));
    }

    void mysqlErrorsVerbatim()
    {
        const QString url = qEnvironmentVariable("BB_TEST_MYSQL_URL");
        if (url.isEmpty())
            QSKIP(qPrintable(QStringLiteral("BB_TEST_MYSQL_URL is not set (%1)")
                                 .arg(qEnvironmentVariable("BB_TEST_MYSQL_SKIP"))));
        ConnectionProfile p = profileFromUrl(url, Driver::Mysql);
        const QString password = QUrl(url).password();
        auto ok = testConnection(p, password);
        BB_VERIFY_OK(ok);
        QVERIFY2(ok->serverVersion.contains("MariaDB") || ok->serverVersion.startsWith("MySQL"),
                 qPrintable(ok->serverVersion));

        auto denied = testConnection(p, "wrong-password");
        QVERIFY(!denied.ok());
        QVERIFY2(denied.error().message.contains("Access denied for user 'backbench'"),
                 qPrintable(denied.error().message));

        p.port = 1;
        auto refused = testConnection(p, password);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains("Can't connect"),
                 qPrintable(refused.error().message));

        // Opening the profile gives the Database a RowSource takes.
        p.port = QUrl(url).port();
        auto db = openProfile(p, password);
        BB_VERIFY_OK(db);
        QCOMPARE((*db)->dialect(), bb::store::Dialect::Mysql);
        (*db)->close();
    }

    void schemaTree_data()
    {
        test::addBackendRows();
    }
    void schemaTree()
    {
        QFETCH(QString, backend);
        ServerBackend b;
        SET_UP(b, backend);
        std::optional<bb::Result<SchemaTree>> got;
        QObject context;
        loadSchemaTree(&context, b.shared(), [&](bb::Result<SchemaTree> r) { got.emplace(r); });
        QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 20000);
        BB_VERIFY_OK(*got);
        const SchemaTree &t = **got;
        const SchemaTable *book = t.find({}, "book");
        QVERIFY(book);
        QCOMPARE(book->primaryKey(), QStringList{"id"});
        QCOMPARE(book->columns.size(), 4);
        QVERIFY(!book->column(u"author_id")->nullable);
        QVERIFY(book->column(u"title")->hasDefault);
        QVERIFY2(book->column(u"title")->defaultSql.contains("untitled"),
                 qPrintable(book->column(u"title")->defaultSql));
        // serial and AUTO_INCREMENT count as defaults; SQLite's rowid alias has none.
        QCOMPARE(book->column(u"id")->hasDefault, backend != "sqlite");
        QCOMPARE(book->foreignKeys.size(), 1);
        QCOMPARE(book->foreignKeys[0].refTable, QStringLiteral("author"));
        QCOMPARE(book->foreignKeys[0].columns, QStringList{"author_id"});
        QCOMPARE(book->foreignKeys[0].refColumns, QStringList{"id"});
        QCOMPARE(book->foreignKeys[0].onDelete, QStringLiteral("CASCADE"));
        QVERIFY(std::any_of(book->indexes.begin(), book->indexes.end(), [](const SchemaIndex &i) {
            return i.name == "book_by_year" && i.columns == QStringList{"year", "title"} &&
                   !i.unique;
        }));
        QCOMPARE(book->triggers.size(), 1);
        QCOMPARE(book->triggers[0].name, QStringLiteral("book_stamp"));
        QCOMPARE(book->triggers[0].event, QStringLiteral("UPDATE"));
        const SchemaTable *author = t.find({}, "author");
        QVERIFY(
            std::any_of(author->indexes.begin(), author->indexes.end(), [](const SchemaIndex &i) {
                return i.unique && i.columns == QStringList{"name"};
            }));
        QVERIFY(t.find({}, "recent") && t.find({}, "recent")->isView);
        QVERIFY(!author->rowEstimateSource.isEmpty());
    }

    void ddl_data()
    {
        test::addBackendRows();
    }
    void ddl()
    {
        QFETCH(QString, backend);
        ServerBackend b;
        SET_UP(b, backend);
        QSqlDatabase conn = b.db().reader();
        auto table = objectDdl(b.db(), conn, {ObjectKind::Table, {}, "book"});
        BB_VERIFY_OK(table);
        QVERIFY2(table->contains("CREATE TABLE"), qPrintable(*table));
        QVERIFY2(table->contains("author_id"), qPrintable(*table));
        QVERIFY2(table->contains("REFERENCES"), qPrintable(*table));
        QVERIFY2(table->contains("book_by_year"), qPrintable(*table));
        QVERIFY2(table->contains("book_stamp"), qPrintable(*table));
        auto view = objectDdl(b.db(), conn, {ObjectKind::View, {}, "recent"});
        BB_VERIFY_OK(view);
        QVERIFY2(view->contains("2000"), qPrintable(*view));
        auto index = objectDdl(b.db(), conn, {ObjectKind::Index, {}, "book_by_year"});
        BB_VERIFY_OK(index);
        QVERIFY2(index->contains("INDEX") && index->contains("year"), qPrintable(*index));
        auto trigger = objectDdl(b.db(), conn, {ObjectKind::Trigger, {}, "book_stamp"});
        BB_VERIFY_OK(trigger);
        QVERIFY2(trigger->contains("TRIGGER") && trigger->contains("book_stamp"),
                 qPrintable(*trigger));
        auto missing = objectDdl(b.db(), conn, {ObjectKind::Table, {}, "nope"});
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, bb::ErrorCode::NotFound);
        conn = QSqlDatabase();
        b.db().releaseReader();

        // The generated PostgreSQL DDL recreates the table (in a fresh schema).
        if (backend == "postgres") {
            const QString copy = b.name() + QStringLiteral("_copy");
            QVERIFY(b.run(QStringLiteral("CREATE SCHEMA \"%1\"").arg(copy)));
            QString sql = table->section(";\n", 0, 0);
            sql.replace(QStringLiteral("\"%1\".\"book\"").arg(b.name()),
                        QStringLiteral("\"%1\".book").arg(copy));
            const bool created = b.run(sql);
            QVERIFY(b.run(QStringLiteral("DROP SCHEMA \"%1\" CASCADE").arg(copy)));
            QVERIFY2(created, qPrintable(sql));
        }
    }

    void csvImport_data()
    {
        test::addBackendRows();
    }
    void csvImport()
    {
        QFETCH(QString, backend);
        ServerBackend b;
        SET_UP(b, backend);
        const QString path = b.tempPath("in.csv");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("sku;price;qty;note\r\nA-1;2.50;3;\"semi;colon\"\r\nB-2;10;;\r\nC-3;0.5;7;x\r\n");
        f.close();
        auto preview = previewCsv(path);
        BB_VERIFY_OK(preview);
        QCOMPARE(preview->types,
                 (QList<CsvType>{CsvType::Text, CsvType::Real, CsvType::Integer, CsvType::Text}));
        CsvImportOptions o;
        o.path = path;
        o.separator = preview->separator;
        o.table = "stock";
        o.columns = preview->columns;
        o.types = preview->types;
        TransferControl control;
        auto r = importCsv(b.db(), o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(r->rows, 3);
        QCOMPARE(b.value("SELECT sum(qty) FROM stock").toInt(), 10);
        QCOMPARE(b.value("SELECT note FROM stock WHERE sku = 'A-1'").toString(),
                 QStringLiteral("semi;colon"));
        QVERIFY(b.value("SELECT qty FROM stock WHERE sku = 'B-2'").isNull());

        // A row the server rejects (NOT NULL) rolls back the rows before it.
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("author_id,title,year\n1,One,2000\n2,Two,2001\n,Three,2002\n");
        f.close();
        const int before = b.value("SELECT count(*) FROM book").toInt();
        CsvImportOptions into;
        into.path = path;
        into.table = "book";
        into.createTable = false;
        into.columns = {"author_id", "title", "year"};
        auto failed = importCsv(b.db(), into, control);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().message.startsWith("line 4:"), qPrintable(failed.error().message));
        QCOMPARE(b.value("SELECT count(*) FROM book").toInt(), before);

        // A failed import into a new table leaves no table (MySQL drops the one it made).
        into.createTable = true;
        into.table = "fresh";
        into.types = {CsvType::Integer, CsvType::Text, CsvType::Integer};
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("a,b,c\n1,x,2\n2,y\n");
        f.close();
        auto ragged = importCsv(b.db(), into, control);
        QVERIFY(!ragged.ok());
        QVERIFY(b.db().reloadSchema().ok());
        QVERIFY(!b.db().schema()->table(u"fresh"));
    }

    void exportRoundTrip_data()
    {
        test::addBackendRows();
    }
    void exportRoundTrip()
    {
        QFETCH(QString, backend);
        ServerBackend b;
        SET_UP(b, backend);
        ExportOptions o;
        o.format = ExportFormat::SqlInsert;
        o.path = b.tempPath("book.sql");
        o.table = "book";
        o.insertTable = "book_copy";
        o.pageRows = 3;
        TransferControl control;
        auto r = exportData(b.db(), o, control);
        BB_VERIFY_OK(r);
        QCOMPARE(r->rows, 4);
        QFile f(o.path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QString script = QString::fromUtf8(f.readAll());
        QVERIFY(b.run(backend == "mysql"
                          ? "CREATE TABLE book_copy LIKE book"
                          : "CREATE TABLE book_copy AS SELECT * FROM book WHERE 1 = 0"));
        // The file is meant for the database's own client: MySQL's uses backticks.
        for (const QString &stmt : script.split(";\n", Qt::SkipEmptyParts)) {
            QString sql = stmt;
            if (backend == "mysql")
                sql.replace(QLatin1Char('`'), QLatin1Char('"'));
            QVERIFY2(b.run(sql), qPrintable(sql));
        }
        const QString digest = "SELECT count(*), sum(year), max(title) FROM %1";
        QCOMPARE(b.value(digest.arg("book_copy")), b.value(digest.arg("book")));
        QCOMPARE(b.value("SELECT count(*) FROM book_copy c JOIN book o ON o.id = c.id AND "
                         "o.title = c.title AND o.year = c.year")
                     .toInt(),
                 4);

        o.format = ExportFormat::Json;
        o.path = b.tempPath("q.json");
        o.query = "SELECT b.title, a.name FROM book b JOIN author a ON a.id = b.author_id "
                  "ORDER BY b.year";
        auto q = exportData(b.db(), o, control);
        BB_VERIFY_OK(q);
        QFile j(o.path);
        QVERIFY(j.open(QIODevice::ReadOnly));
        const QJsonArray a = QJsonDocument::fromJson(j.readAll()).array();
        QCOMPARE(a.size(), 4);
        QCOMPARE(a[0].toObject()["title"].toString(), QStringLiteral("Solaris"));
        QCOMPARE(a[0].toObject()["name"].toString(), QStringLiteral("Lem"));
    }

    // MySQL: RowSource pages by primary key and cancels with KILL QUERY from a second connection.
    void mysqlPagingAndCancel()
    {
        ServerBackend b;
        if (!b.open("mysql")) {
            if (!b.skipReason().isEmpty())
                QSKIP(qPrintable(b.skipReason()));
            QFAIL(qPrintable(b.error()));
        }
        QVERIFY(b.run("CREATE TABLE digits (d INT PRIMARY KEY)"));
        QVERIFY(b.run("INSERT INTO digits VALUES (0),(1),(2),(3),(4),(5),(6),(7),(8),(9)"));
        QVERIFY(b.run("CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(20), n INT)"));
        QVERIFY(b.run("INSERT INTO big SELECT a.d + 10 * b.d + 100 * c.d + 1000 * e.d + 10000 * "
                      "f.d + 1, CONCAT('v', (a.d * 7 + b.d * 3 + c.d) % 97), (a.d + c.d) % 5 "
                      "FROM digits a, digits b, digits c, digits e, digits f"));
        QVERIFY(b.run("CREATE VIEW slow_v AS SELECT x.id AS a, y.id AS b FROM big x CROSS JOIN "
                      "big y"));
        QVERIFY(b.db().reloadSchema().ok());

        SourceOptions options;
        options.blockRows = 100;
        options.maxBlocks = 8;
        auto src = RowSource::open(b.shared(), "big", options);
        BB_VERIFY_OK(src);
        RowSource &s = **src;
        QCOMPARE(s.paging(), Paging::PrimaryKey);
        QSignalSpy counted(&s, &RowSource::countReady);
        s.requestExactCount();
        QVERIFY(counted.wait(20000) || counted.size() == 1);
        QCOMPARE(s.rowCount(), 100000);
        const auto fetch = [&](qint64 first, qint64 last) {
            s.requestRows(first, last);
            QElapsedTimer t;
            t.start();
            while (t.elapsed() < 20000) {
                if (s.row(first) && s.row(last))
                    return true;
                QTest::qWait(5);
            }
            return false;
        };
        QVERIFY(fetch(0, 99));
        QCOMPARE(s.row(0)->values[0].toInt(), 1);
        QVERIFY(fetch(99900, 99999));
        QCOMPARE(s.row(99999)->values[0].toInt(), 100000);
        QVERIFY(fetch(99800, 99899)); // the block before, anchored on its neighbour
        QCOMPARE(s.row(99800)->values[0].toInt(), 99801);
        QVERIFY(s.stats().keysetPages >= 2);

        // Sorted descending by text with a filter: the walk must match a direct query.
        BB_VERIFY_OK(s.setQuery("v", false, {{"n", "=3"}}));
        QSignalSpy recount(&s, &RowSource::countReady);
        QVERIFY(recount.wait(20000) || recount.size() == 1);
        const qint64 n = s.rowCount();
        QCOMPARE(n, b.value("SELECT count(*) FROM big WHERE n = 3").toLongLong());
        QVERIFY(fetch(0, 99));
        QVERIFY(fetch(100, 199));
        QCOMPARE(s.row(150)->values[0].toInt(),
                 b.value("SELECT id FROM big WHERE n = 3 ORDER BY v DESC, id DESC LIMIT 1 "
                         "OFFSET 150")
                     .toInt());

        // A plain-text filter is a case-insensitive "contains" on MySQL too.
        BB_VERIFY_OK(s.setQuery({}, true, {{"v", "V12"}}));
        QSignalSpy likeCount(&s, &RowSource::countReady);
        QVERIFY(likeCount.wait(20000) || likeCount.size() == 1);
        QCOMPARE(s.rowCount(),
                 b.value("SELECT count(*) FROM big WHERE v LIKE '%v12%'").toLongLong());
        QVERIFY(s.rowCount() > 0);

        // A 10^10-row COUNT(*) is stopped by KILL QUERY within a bound.
        auto slow = RowSource::open(b.shared(), "slow_v");
        BB_VERIFY_OK(slow);
        QSignalSpy cancelled(slow->get(), &RowSource::countCancelled);
        QVERIFY((*slow)->countRunning());
        QTRY_VERIFY_WITH_TIMEOUT(
            b.value("SELECT count(*) FROM information_schema.PROCESSLIST "
                    "WHERE DB = DATABASE() AND INFO LIKE 'SELECT count(*) FROM \"slow_v\"%'")
                    .toInt() == 1,
            10000);
        QElapsedTimer t;
        t.start();
        (*slow)->cancelCount();
        QVERIFY(cancelled.wait(10000) || cancelled.size() == 1);
        qInfo("MySQL count cancelled in %lld ms", t.elapsed());
        QVERIFY(t.elapsed() < 5000);
        // The server really stopped it (not just the client stopped waiting).
        QTRY_VERIFY_WITH_TIMEOUT(
            b.value("SELECT count(*) FROM information_schema.PROCESSLIST "
                    "WHERE DB = DATABASE() AND INFO LIKE 'SELECT count(*) FROM \"slow_v\"%'")
                    .toInt() == 0,
            5000);
        QVERIFY((*slow)->stats().interrupted >= 1);
    }
};

QTEST_GUILESS_MAIN(TstDbxServers)
#include "tst_dbx_servers.moc"
