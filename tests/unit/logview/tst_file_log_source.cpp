// A JSON-lines file tailed as it grows: partial last lines, truncation and rotation.
#include "logview/file_log_source.h"
#include "logview/log_table_model.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::logview;

class TstFileLogSource : public QObject {
    Q_OBJECT
private slots:
    void readsThenTails();
    void holdsPartialLine();
    void truncationRestarts();
    void rotationRestarts();
    void missingFileWaits();
    void bigFileInSlices();

private:
    static void append(const QString &path, const QByteArray &data)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::Append));
        f.write(data);
    }
    static QString msgAt(LogTableModel &m, int row)
    {
        return m.data(m.index(row, LogTableModel::MessageColumn)).toString();
    }

    // A file `name` in a temporary folder, tailed into `model` with a 50 ms poll.
    struct Tail {
        explicit Tail(const QString &name)
            : path(dir.filePath(name))
        {}
        // Appends `initial` when there is any, then starts the source.
        void start(const QByteArray &initial)
        {
            if (!initial.isEmpty())
                append(path, initial);
            source.setPollInterval(50);
            source.start();
        }

        QTemporaryDir dir;
        const QString path;
        LogTableModel model;
        FileLogSource source{&model.ingest(), path};
    };
};

void TstFileLogSource::readsThenTails()
{
    Tail t(QStringLiteral("app.log"));
    t.start("{\"msg\":\"one\",\"level\":\"info\"}\n{\"msg\":\"two\",\"level\":\"error\"}\n");
    QTRY_COMPARE(t.model.rowCount(), 2);
    QCOMPARE(t.source.state(), LogSource::State::Live);
    append(t.path, "{\"msg\":\"three\"}\n");
    QTRY_COMPARE(t.model.rowCount(), 3);
    QCOMPARE(msgAt(t.model, 2), QStringLiteral("three"));
}

void TstFileLogSource::holdsPartialLine()
{
    Tail t(QStringLiteral("app.log"));
    t.start("{\"msg\":\"one\"}\n{\"msg\":\"tw");
    QTRY_COMPARE(t.model.rowCount(), 1);
    QTest::qWait(200);
    QCOMPARE(t.model.rowCount(), 1); // the half line waits for its newline
    append(t.path, "o\"}\r\n");
    QTRY_COMPARE(t.model.rowCount(), 2);
    QCOMPARE(msgAt(t.model, 1), QStringLiteral("two"));
}

void TstFileLogSource::truncationRestarts()
{
    Tail t(QStringLiteral("app.log"));
    t.start("{\"msg\":\"old 1 with a long text\"}\n{\"msg\":\"old 2 with a long text\"}\n");
    QTRY_COMPARE(t.model.rowCount(), 2);
    {
        QFile f(t.path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"msg\":\"new\"}\n");
    }
    QTRY_COMPARE(t.model.rowCount(), 3);
    QCOMPARE(msgAt(t.model, 2), QStringLiteral("new"));
    QCOMPARE(t.source.restarts(), 1);
}

void TstFileLogSource::rotationRestarts()
{
    Tail t(QStringLiteral("app.log"));
    t.start("{\"msg\":\"before\"}\n");
    QTRY_COMPARE(t.model.rowCount(), 1);
    QVERIFY(QFile::rename(t.path, t.path + QStringLiteral(".1")));
    append(t.path, "{\"msg\":\"after rotation\"}\n");
    QTRY_COMPARE(t.model.rowCount(), 2);
    QCOMPARE(msgAt(t.model, 1), QStringLiteral("after rotation"));
    QCOMPARE(t.source.restarts(), 1);
}

void TstFileLogSource::missingFileWaits()
{
    Tail t(QStringLiteral("later.log"));
    t.start({});
    QCOMPARE(t.source.state(), LogSource::State::Connecting);
    QVERIFY(t.source.statusText().contains(QLatin1String("later.log")));
    append(t.path, "{\"msg\":\"hello\"}\n");
    QTRY_COMPARE(t.model.rowCount(), 1);
}

void TstFileLogSource::bigFileInSlices()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.log"));
    QByteArray data;
    for (int i = 0; i < 50'000; ++i)
        data += QStringLiteral("{\"msg\":\"line %1\",\"level\":\"info\"}\n").arg(i).toUtf8();
    append(path, data);
    LogTableModel model;
    FileLogSource source(&model.ingest(), path);
    source.setReadChunk(64 * 1024); // many slices
    source.start();
    QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 50'000, 20000);
    QCOMPARE(msgAt(model, 49'999), QStringLiteral("line 49999"));
    QCOMPARE(source.offset(), qint64(data.size()));
}

QTEST_GUILESS_MAIN(TstFileLogSource)
#include "tst_file_log_source.moc"
