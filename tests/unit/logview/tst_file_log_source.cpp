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
};

void TstFileLogSource::readsThenTails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("app.log"));
    append(path, "{\"msg\":\"one\",\"level\":\"info\"}\n{\"msg\":\"two\",\"level\":\"error\"}\n");
    LogTableModel model;
    FileLogSource source(&model.ingest(), path);
    source.setPollInterval(50);
    source.start();
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(source.state(), LogSource::State::Live);
    append(path, "{\"msg\":\"three\"}\n");
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(msgAt(model, 2), QStringLiteral("three"));
}

void TstFileLogSource::holdsPartialLine()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("app.log"));
    append(path, "{\"msg\":\"one\"}\n{\"msg\":\"tw");
    LogTableModel model;
    FileLogSource source(&model.ingest(), path);
    source.setPollInterval(50);
    source.start();
    QTRY_COMPARE(model.rowCount(), 1);
    QTest::qWait(200);
    QCOMPARE(model.rowCount(), 1); // the half line waits for its newline
    append(path, "o\"}\r\n");
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(msgAt(model, 1), QStringLiteral("two"));
}

void TstFileLogSource::truncationRestarts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("app.log"));
    append(path, "{\"msg\":\"old 1 with a long text\"}\n{\"msg\":\"old 2 with a long text\"}\n");
    LogTableModel model;
    FileLogSource source(&model.ingest(), path);
    source.setPollInterval(50);
    source.start();
    QTRY_COMPARE(model.rowCount(), 2);
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("{\"msg\":\"new\"}\n");
    }
    QTRY_COMPARE(model.rowCount(), 3);
    QCOMPARE(msgAt(model, 2), QStringLiteral("new"));
    QCOMPARE(source.restarts(), 1);
}

void TstFileLogSource::rotationRestarts()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("app.log"));
    append(path, "{\"msg\":\"before\"}\n");
    LogTableModel model;
    FileLogSource source(&model.ingest(), path);
    source.setPollInterval(50);
    source.start();
    QTRY_COMPARE(model.rowCount(), 1);
    QVERIFY(QFile::rename(path, path + QStringLiteral(".1")));
    append(path, "{\"msg\":\"after rotation\"}\n");
    QTRY_COMPARE(model.rowCount(), 2);
    QCOMPARE(msgAt(model, 1), QStringLiteral("after rotation"));
    QCOMPARE(source.restarts(), 1);
}

void TstFileLogSource::missingFileWaits()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("later.log"));
    LogTableModel model;
    FileLogSource source(&model.ingest(), path);
    source.setPollInterval(50);
    source.start();
    QCOMPARE(source.state(), LogSource::State::Connecting);
    QVERIFY(source.statusText().contains(QLatin1String("later.log")));
    append(path, "{\"msg\":\"hello\"}\n");
    QTRY_COMPARE(model.rowCount(), 1);
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
