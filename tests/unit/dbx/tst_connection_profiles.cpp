// Connection profiles: validation, URLs, JSON round trip through the file, and the password
// store's session-only fallback.
#include "dbx/connection.h"
#include "dbx/connection_passwords.h"
#include "dbx/connection_profiles.h"
#include "dbx_test_support.h"
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>
#include <future>
#include <thread>

using namespace bb::dbx;
Q_DECLARE_METATYPE(bb::dbx::ConnectionProfile)

class TstConnectionProfiles : public QObject {
    Q_OBJECT
private slots:
    void validate_data()
    {
        QTest::addColumn<ConnectionProfile>("profile");
        QTest::addColumn<QString>("error");
        ConnectionProfile pg = ConnectionProfile::make(Driver::Postgres, "pg");
        pg.database = "app";
        QTest::newRow("pg ok") << pg << QString();
        ConnectionProfile noDb = pg;
        noDb.database.clear();
        QTest::newRow("pg no database") << noDb << QStringLiteral("database: missing");
        ConnectionProfile badSsl = pg;
        badSsl.sslMode = "sometimes";
        QTest::newRow("pg bad ssl") << badSsl << QStringLiteral("SSL mode: 'sometimes' is not one");
        ConnectionProfile badPort = pg;
        badPort.port = 70000;
        QTest::newRow("bad port") << badPort << QStringLiteral("port: 70000 is not a port");
        ConnectionProfile my = ConnectionProfile::make(Driver::Mysql, "my");
        my.database = "shop";
        my.sslMode = "verify-full";
        QTest::newRow("mysql ssl is on/off") << my << QStringLiteral("SSL mode: 'verify-full'");
        ConnectionProfile file = ConnectionProfile::make(Driver::Sqlite, "f");
        QTest::newRow("sqlite no file") << file << QStringLiteral("file: choose a SQLite file");
        ConnectionProfile unnamed = ConnectionProfile::make(Driver::Sqlite, " ");
        unnamed.path = "/tmp/x.db";
        QTest::newRow("no name") << unnamed << QStringLiteral("name:");
    }
    void validate()
    {
        QFETCH(ConnectionProfile, profile);
        QFETCH(QString, error);
        const auto r = profile.validate();
        if (error.isEmpty())
            BB_VERIFY_OK(r);
        else
            QVERIFY2(!r.ok() && r.error().message.startsWith(error),
                     qPrintable(r.ok() ? QStringLiteral("ok") : r.error().message));
    }

    void urls()
    {
        ConnectionProfile pg = ConnectionProfile::make(Driver::Postgres, "pg");
        pg.host = "db.local";
        pg.user = "ann";
        pg.database = "app";
        pg.sslMode = "require";
        // The store parses URLs with QUrl: what matters is that every part decodes back.
        const QUrl parsed(*pg.url("p@ss&w:rd/%"), QUrl::StrictMode);
        QVERIFY(parsed.isValid());
        QCOMPARE(parsed.password(QUrl::FullyDecoded), QStringLiteral("p@ss&w:rd/%"));
        QCOMPARE(parsed.userName(), QStringLiteral("ann"));
        QCOMPARE(parsed.host(), QStringLiteral("db.local"));
        QCOMPARE(parsed.port(), 5432);
        QCOMPARE(parsed.path(), QStringLiteral("/app"));
        QCOMPARE(parsed.query(), QStringLiteral("sslmode=require&connect_timeout=10"));
        ConnectionProfile my = ConnectionProfile::make(Driver::Mysql, "my");
        my.user = "bob";
        my.database = "shop";
        my.port = 3307;
        QCOMPARE(*my.url(QString()),
                 QStringLiteral("mysql://bob@127.0.0.1:3307/shop?connect_timeout=10"));
        ConnectionProfile engine = ConnectionProfile::engine("/data/bb.db");
        QCOMPARE(*engine.url(QString()), QStringLiteral("sqlite:/data/bb.db"));
        QCOMPARE(engine.id, QStringLiteral("embedded-engine"));
    }

    // MySQL URLs as store::Database::open reads them: bad ones fail before any connect.
    void mysqlUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("error");
        QTest::newRow("no database") << "mysql://u@127.0.0.1:1/"
                                     << "the MySQL URL names no database";
        QTest::newRow("unknown option") << "mysql://u@127.0.0.1:1/db?charset=x"
                                        << "unknown MySQL connection option 'charset'";
        QTest::newRow("bad ssl") << "mariadb://u@127.0.0.1:1/db?ssl=prefer"
                                 << "MySQL ssl must be 'disable' or 'require', not 'prefer'";
        QTest::newRow("no host") << "mysql:///db"
                                 << "not a valid MySQL URL";
    }
    void mysqlUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, error);
        auto db = bb::store::Database::open(url);
        QVERIFY(!db.ok());
        QVERIFY2(db.error().message.startsWith(error), qPrintable(db.error().message));
        QCOMPARE(db.error().code, bb::ErrorCode::Invalid);
    }

    void fileRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("sub/db-connections.json");
        ConnectionProfiles store(path);
        QVERIFY(store.load().ok()); // a missing file is an empty list
        QVERIFY(store.profiles().isEmpty());

        ConnectionProfile pg = ConnectionProfile::make(Driver::Postgres, "Production");
        pg.host = "10.0.0.5";
        pg.port = 6543;
        pg.user = "admin";
        pg.database = "prod";
        pg.sslMode = "verify-full";
        ConnectionProfile my = ConnectionProfile::make(Driver::Mysql, "Shop");
        my.database = "shop";
        my.sslMode = "require";
        my.sslCa = "/etc/ca.pem";
        ConnectionProfile file = ConnectionProfile::make(Driver::Sqlite, "Notes");
        file.path = dir.filePath("notes.db");
        file.createIfMissing = true;
        for (const auto &p : {pg, my, file, ConnectionProfile::engine("/srv/bb.db")})
            QVERIFY(store.upsert(p).ok());
        pg.name = "Production (ro)";
        QVERIFY(store.upsert(pg).ok()); // replaces by id
        QVERIFY(store.save().ok());

        QFile raw(path);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray text = raw.readAll();
        QVERIFY(!text.contains("password"));

        ConnectionProfiles again(path);
        QVERIFY(again.load().ok());
        QCOMPARE(again.profiles().size(), 4);
        QCOMPARE(*again.find(pg.id), pg);
        QCOMPARE(*again.find(my.id), my);
        QCOMPARE(*again.find(file.id), file);
        QVERIFY(again.remove(my.id));
        QVERIFY(!again.remove(my.id));
        QVERIFY(!again.find(my.id));
    }

    void openedFilesBecomeProfiles()
    {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("a") && QDir(dir.path()).mkpath("b"));
        for (const char *name : {"a/chinook.db", "b/chinook.db"}) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
        }
        QVERIFY(QFile::link(dir.filePath("a/chinook.db"), dir.filePath("link.db")));
        ConnectionProfiles store(dir.filePath("profiles.json"));
        const ConnectionProfile first = store.rememberFile(dir.filePath("a/chinook.db"));
        QCOMPARE(first.driver, Driver::Sqlite);
        QCOMPARE(first.name, QStringLiteral("chinook.db"));
        QVERIFY(!first.createIfMissing);
        QVERIFY(first.validate().ok());
        // The same file by another spelling or through a symlink is the same profile.
        QCOMPARE(store.rememberFile(dir.filePath("b/../a/chinook.db")).id, first.id);
        QCOMPARE(store.rememberFile(dir.filePath("link.db")).id, first.id);
        QCOMPARE(store.profiles().size(), 1);
        // Another file of the same name gets its folder in the name.
        const ConnectionProfile second = store.rememberFile(dir.filePath("b/chinook.db"));
        QVERIFY(second.id != first.id);
        QCOMPARE(second.name, QStringLiteral("chinook.db (b)"));
        QCOMPARE(store.profiles().size(), 2);
        QVERIFY(store.findFile(dir.filePath("b/chinook.db")));
        QVERIFY(!store.findFile(dir.filePath("c.db")));

        QVERIFY(!first.fileMissing());
        QVERIFY(QFile::remove(dir.filePath("a/chinook.db")));
        QVERIFY(first.fileMissing());
        ConnectionProfile created = first;
        created.createIfMissing = true;
        QVERIFY(!created.fileMissing()); // opening it creates the file
        QVERIFY(!ConnectionProfile::engine(dir.filePath("gone.db")).fileMissing());
        // A file that disappeared still finds its profile (by its absolute path).
        QCOMPARE(store.findFile(dir.filePath("a/chinook.db"))->id, first.id);
    }

    void malformedFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("db-connections.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"connections\": [ {\"id\": \"x\", \"name\": \"n\", \"driver\": \"oracle\"} ]}");
        f.close();
        ConnectionProfiles store(path);
        const auto r = store.load();
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains("unknown driver 'oracle'"),
                 qPrintable(r.error().message));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"connections\": [");
        f.close();
        const auto broken = store.load();
        QVERIFY(!broken.ok());
        QVERIFY2(broken.error().message.contains("not valid JSON"),
                 qPrintable(broken.error().message));
    }

    void sessionOnlyPasswords()
    {
        ConnectionPasswords passwords(nullptr, QStringLiteral("backbench-db-test"));
        passwords.useSessionOnly(QStringLiteral("tests do not touch the keychain"));
        QVERIFY(!passwords.isPersistent());
        QCOMPARE(passwords.sessionOnlyReason(), QStringLiteral("tests do not touch the keychain"));
        bool wrote = false;
        passwords.write("p1", "secret", [&](bb::Result<void> r) { wrote = r.ok(); });
        QVERIFY(!wrote); // callbacks never run inside the call
        QTRY_VERIFY(wrote);
        QString read;
        passwords.read("p1", [&](bb::Result<QString> r) { read = r ? *r : r.error().message; });
        QTRY_COMPARE(read, QStringLiteral("secret"));
        bool removed = false;
        passwords.remove("p1", [&](bb::Result<void> r) { removed = r.ok(); });
        QTRY_VERIFY(removed);
        bool notFound = false;
        passwords.read("p1", [&](bb::Result<QString> r) {
            notFound = !r.ok() && r.error().code == bb::ErrorCode::NotFound;
        });
        QTRY_VERIFY(notFound);
    }

    void sqliteOpenAndTest()
    {
        QTemporaryDir dir;
        ConnectionProfile p = ConnectionProfile::make(Driver::Sqlite, "new");
        p.path = dir.filePath("nested/new.db");
        // Opening a missing file without createIfMissing is refused, not silently created.
        auto refused = openProfile(p, QString());
        QVERIFY(!refused.ok());
        QVERIFY(!QFile::exists(p.path));
        p.createIfMissing = true;
        auto before = testConnection(p, QString());
        BB_VERIFY_OK(before);
        QVERIFY2(before->serverVersion.endsWith("(the file will be created)"),
                 qPrintable(before->serverVersion));
        QVERIFY(!QFile::exists(p.path)); // testing creates nothing
        auto db = openProfile(p, QString());
        BB_VERIFY_OK(db);
        (*db)->close();
        auto check = testConnection(p, QString());
        BB_VERIFY_OK(check);
        QVERIFY(check->serverVersion.startsWith("SQLite 3."));

        QFile junk(dir.filePath("junk.db"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'x'));
        junk.close();
        ConnectionProfile bad = ConnectionProfile::make(Driver::Sqlite, "junk");
        bad.path = junk.fileName();
        auto failed = testConnection(bad, QString());
        QVERIFY(!failed.ok());
        // SQLite's own words.
        QVERIFY2(failed.error().message.contains("file is not a database"),
                 qPrintable(failed.error().message));
    }

    // The engine's file is read while the engine writes: WAL lets the reader see committed rows
    // during an open write transaction, and opening never changes a file's journal mode.
    void engineFileBesideAWriter()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("engine.db");
        auto engine = bb::store::Database::open(QStringLiteral("sqlite:") + path);
        BB_VERIFY_OK(engine);
        auto &e = **engine;
        QVERIFY(e.write<bool>(
                     [&](QSqlDatabase &c) -> bb::Result<bool> {
                         for (const char *sql :
                              {"CREATE TABLE notes (id INTEGER PRIMARY KEY, t TEXT)",
                               "INSERT INTO notes (t) VALUES ('a'), ('b')"}) {
                             if (auto r = e.exec(c, sql); !r)
                                 return r.error();
                         }
                         return true;
                     },
                     false)
                    .ok());
        // The engine holds a write transaction open while the browser opens and reads the file.
        std::promise<void> opened;
        std::promise<void> release;
        std::thread holder([&] {
            (void)e.write<bool>([&](QSqlDatabase &c) -> bb::Result<bool> {
                (void)e.exec(c, "INSERT INTO notes (t) VALUES ('uncommitted')");
                opened.set_value();
                release.get_future().wait();
                return true;
            });
        });
        opened.get_future().wait();
        auto browser = openProfile(ConnectionProfile::engine(path), QString());
        const bool openedOk = browser.ok();
        QVariant rows;
        QVariant mode;
        if (openedOk) {
            QSqlDatabase conn = (*browser)->reader();
            rows = *(*browser)->scalar(conn, "SELECT count(*) FROM notes");
            mode = *(*browser)->scalar(conn, "PRAGMA journal_mode");
            conn = QSqlDatabase();
            (*browser)->releaseReader();
        }
        release.set_value();
        holder.join();
        BB_VERIFY_OK(browser);
        QCOMPARE(rows.toInt(), 2); // committed rows only, without waiting for the writer
        QCOMPARE(mode.toString(), QStringLiteral("wal"));
        (*browser)->close();
        e.close();

        // A file in rollback-journal mode stays so when the browser opens it.
        const QString plain = dir.filePath("plain.db");
        {
            QSqlDatabase raw = QSqlDatabase::addDatabase("QSQLITE", "plain");
            raw.setDatabaseName(plain);
            QVERIFY(raw.open());
            QSqlQuery q(raw);
            QVERIFY(q.exec("PRAGMA journal_mode = DELETE"));
            QVERIFY(q.exec("CREATE TABLE t (x)"));
            q.finish();
            raw.close();
        }
        QSqlDatabase::removeDatabase("plain");
        ConnectionProfile p = ConnectionProfile::make(Driver::Sqlite, "plain");
        p.path = plain;
        auto db = openProfile(p, QString());
        BB_VERIFY_OK(db);
        QSqlDatabase conn = (*db)->reader();
        const QString plainMode = (*db)->scalar(conn, "PRAGMA journal_mode")->toString();
        conn = QSqlDatabase();
        (*db)->close();
        QCOMPARE(plainMode, QStringLiteral("delete"));
    }

    void testConnectionAsyncDelivers()
    {
        QTemporaryDir dir;
        ConnectionProfile p = ConnectionProfile::make(Driver::Sqlite, "missing");
        p.path = dir.filePath("none.db");
        QObject context;
        QString message;
        testConnectionAsync(&context, p, QString(), [&](bb::Result<ConnectionCheck> r) {
            message = r ? QStringLiteral("ok") : r.error().message;
        });
        QTRY_VERIFY(!message.isEmpty());
        QVERIFY2(message.contains("does not exist"), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TstConnectionProfiles)
#include "tst_connection_profiles.moc"
