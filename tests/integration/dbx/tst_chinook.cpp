// The Chinook script from the shared fixtures, loaded into a fresh SQLite file (and into
// PostgreSQL and MySQL after the translation in chinook_script.h): the schema tree must show its
// 11 tables and 11 foreign keys, and the row counts must match the fixtures README.
#include "chinook_script.h"
#include "dbx/ddl.h"
#include "dbx/row_source.h"
#include "dbx/schema_tree.h"
#include "server_backend.h"
#include <QFile>
#include <QSignalSpy>
#include <QtTest>

using namespace bb::dbx;
using bb::dbx::test::ServerBackend;

class TstChinook : public QObject {
    Q_OBJECT
private slots:
    void initTestCase()
    {
        if (!QFile::exists(test::chinookPath()))
            QSKIP("the shared fixtures are not here");
    }

    void load_data() { test::addBackendRows(); }
    void load()
    {
        QFETCH(QString, backend);
        ServerBackend b;
        if (!b.open(backend)) {
            if (!b.skipReason().isEmpty())
                QSKIP(qPrintable(b.skipReason()));
            QFAIL(qPrintable(b.error()));
        }
        const QStringList statements = test::chinookStatements(b.db().dialect());
        QVERIFY(statements.size() > 40);
        QElapsedTimer timer;
        timer.start();
        auto loaded = b.db().write<bool>([&](QSqlDatabase &conn) -> bb::Result<bool> {
            for (const QString &sql : statements) {
                if (auto r = b.db().exec(conn, sql); !r)
                    return bb::Error::internal(sql.left(80) + QStringLiteral(": ") +
                                               r.error().message);
            }
            return true;
        });
        BB_VERIFY_OK(loaded);
        qInfo("%s: %lld statements in %lld ms", qPrintable(backend), qint64(statements.size()),
              timer.elapsed());

        QSqlDatabase conn = b.db().reader();
        auto tree = readSchemaTree(b.db(), conn);
        BB_VERIFY_OK(tree);
        const SchemaNamespace *ns = nullptr;
        for (const SchemaNamespace &n : tree->schemas) {
            if (n.name == tree->defaultSchema)
                ns = &n;
        }
        QVERIFY(ns);
        QCOMPARE(ns->tables.size(), 11);

        const QMap<QString, QStringList> parents = {
            {"Album", {"Artist"}},
            {"Artist", {}},
            {"Customer", {"Employee"}},
            {"Employee", {"Employee"}},
            {"Genre", {}},
            {"Invoice", {"Customer"}},
            {"InvoiceLine", {"Invoice", "Track"}},
            {"MediaType", {}},
            {"Playlist", {}},
            {"PlaylistTrack", {"Playlist", "Track"}},
            {"Track", {"Album", "Genre", "MediaType"}},
        };
        const QMap<QString, qint64> counts = test::chinookExpectedCounts();
        QCOMPARE(counts.size(), 11);
        int fkTotal = 0;
        for (const SchemaTable &t : ns->tables) {
            QVERIFY2(parents.contains(t.name), qPrintable(t.name));
            QStringList refs;
            for (const SchemaForeignKey &fk : t.foreignKeys) {
                refs << fk.refTable;
                QCOMPARE(fk.columns.size(), 1);
                QCOMPARE(fk.refColumns.size(), 1);
            }
            refs.sort();
            QCOMPARE(refs, parents.value(t.name));
            fkTotal += int(refs.size());
            const QVariant rows =
                *b.db().scalar(conn, QStringLiteral("SELECT count(*) FROM \"%1\"").arg(t.name));
            QCOMPARE(rows.toLongLong(), counts.value(t.name));
            QVERIFY(!t.primaryKey().isEmpty());
        }
        QCOMPARE(fkTotal, 11);
        QCOMPARE(tree->find({}, "PlaylistTrack")->primaryKey(),
                 (QStringList{"PlaylistId", "TrackId"}));
        const SchemaTable *track = tree->find({}, "Track");
        QCOMPARE(track->column(u"Name")->nullable, false);
        QVERIFY(std::any_of(track->indexes.begin(), track->indexes.end(), [](const SchemaIndex &i) {
            return i.columns == QStringList{"GenreId"} && !i.unique;
        }));

        auto ddl = objectDdl(b.db(), conn, {ObjectKind::Table, {}, "Album"});
        BB_VERIFY_OK(ddl);
        QVERIFY2(ddl->contains("CREATE TABLE"), qPrintable(*ddl));
        QVERIFY2(ddl->contains("Artist"), qPrintable(*ddl));
        conn = QSqlDatabase();
        b.db().releaseReader();

        // The lazy grid reads Chinook by key: the last track is one keyset read away.
        QVERIFY(b.db().reloadSchema().ok());
        auto source = RowSource::open(b.shared(), "Track");
        BB_VERIFY_OK(source);
        QSignalSpy counted(source->get(), &RowSource::countReady);
        (*source)->requestExactCount();
        QVERIFY(counted.wait(10000) || counted.size() == 1);
        QCOMPARE((*source)->rowCount(), counts.value("Track"));
        QSignalSpy arrived(source->get(), &RowSource::rowsArrived);
        (*source)->requestRows((*source)->rowCount() - 1, (*source)->rowCount() - 1);
        QTRY_VERIFY_WITH_TIMEOUT((*source)->row((*source)->rowCount() - 1), 10000);
        QCOMPARE((*source)->row((*source)->rowCount() - 1)->values.first().toLongLong(), 3503);
    }
};

QTEST_GUILESS_MAIN(TstChinook)
#include "tst_chinook.moc"
