// The SQL history file: entries survive a reopen, the file stays bounded, a torn last line is
// skipped and the next entry still lands on a line of its own.
#include "dbx/sql_history.h"
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace bb::dbx;

namespace {

SqlHistoryEntry entry(const QString &sql,
                      SqlHistoryEntry::Status status = SqlHistoryEntry::Status::Ok)
{
    SqlHistoryEntry e;
    e.time = QDateTime::fromMSecsSinceEpoch(1700000000123, Qt::UTC);
    e.durationMs = 1.5;
    e.connection = QStringLiteral("sqlite:/tmp/app.db");
    e.status = status;
    e.sql = sql;
    e.rows = 3;
    if (status == SqlHistoryEntry::Status::Error)
        e.error = QStringLiteral("near \"SELEC\": syntax error");
    return e;
}

} // namespace

class TestSqlHistory : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void persists()
    {
        const QString path = m_dir.filePath(QStringLiteral("sub/history.jsonl"));
        {
            SqlHistory h(path);
            QVERIFY(h.append(entry(QStringLiteral("SELECT 1"))).ok());
            QVERIFY(
                h.append(entry(QStringLiteral("SELEC 2"), SqlHistoryEntry::Status::Error)).ok());
        }
        SqlHistory reopened(path);
        auto all = reopened.load();
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).sql, QStringLiteral("SELECT 1"));
        QCOMPARE(all->at(0).time.toMSecsSinceEpoch(), qint64(1700000000123));
        QCOMPARE(all->at(0).durationMs, 1.5);
        QCOMPARE(all->at(0).rows, qint64(3));
        QCOMPARE(all->at(0).connection, QStringLiteral("sqlite:/tmp/app.db"));
        QCOMPARE(all->at(1).status, SqlHistoryEntry::Status::Error);
        QVERIFY(all->at(1).error.contains(QLatin1String("syntax error")));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll().count('\n'), 2);
    }

    void bounded()
    {
        const QString path = m_dir.filePath(QStringLiteral("bounded.jsonl"));
        SqlHistory h(path, 10);
        for (int i = 0; i < 35; ++i)
            QVERIFY(h.append(entry(QStringLiteral("SELECT %1").arg(i))).ok());
        auto all = h.load();
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 10);
        QCOMPARE(all->last().sql, QStringLiteral("SELECT 34"));
        QCOMPARE(all->first().sql, QStringLiteral("SELECT 25"));
        // The file itself never holds more than twice the bound.
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().count('\n') <= 20);
    }

    void tornLineSkipped()
    {
        const QString path = m_dir.filePath(QStringLiteral("torn.jsonl"));
        SqlHistory h(path);
        QVERIFY(h.append(entry(QStringLiteral("SELECT 1"))).ok());
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::Append));
            f.write("{\"time\":\"2024-01-01T00:00:00Z\",\"sql\":\"SELE"); // a crash mid-line
        }
        SqlHistory again(path);
        QVERIFY(again.append(entry(QStringLiteral("SELECT 2"))).ok());
        auto all = again.load();
        QVERIFY(all.ok());
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(1).sql, QStringLiteral("SELECT 2"));
    }

    void clear()
    {
        const QString path = m_dir.filePath(QStringLiteral("clear.jsonl"));
        SqlHistory h(path);
        QVERIFY(h.append(entry(QStringLiteral("SELECT 1"))).ok());
        QVERIFY(h.clear().ok());
        QCOMPARE(h.load()->size(), 0);
        QVERIFY(h.append(entry(QStringLiteral("SELECT 2"))).ok());
        QCOMPARE(h.load()->size(), 1);
    }

    void missingFileIsEmpty()
    {
        SqlHistory h(m_dir.filePath(QStringLiteral("none.jsonl")));
        auto all = h.load();
        QVERIFY(all.ok());
        QVERIFY(all->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSqlHistory)
#include "tst_sql_history.moc"
