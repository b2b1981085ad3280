// Exporting the current view: JSON lines and CSV, their exact content, and errors.
#include "logview/log_export.h"
#include "logview/log_line_parser.h"
#include "logview/log_table_model.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::logview;

class TstLogExport : public QObject {
    Q_OBJECT
private slots:
    void jsonLinesOfTheView();
    void csvQuotes();
    void holdsLiveLines();
    void unwritablePath();
};

// After the class: moc does not follow raw string literals.
static void feed(LogTableModel &model)
{
    std::vector<LogLine> lines;
    lines.push_back(parseLogLine(
        R"({"ts":"2026-01-02T03:04:05.006Z","level":"info","msg":"plain","status":200})",
        model.fields(), 0));
    lines.push_back(parseLogLine(
        R"({"ts":"2026-01-02T03:04:06Z","level":"error","msg":"say \"hi\", then\nbye","status":500,"traceId":"t9"})",
        model.fields(), 0));
    model.enqueue(std::move(lines));
    model.flush();
}
static QByteArray run(LogTableModel &model, ExportFormat format, const QString &path)
{
    LogExporter exporter(&model);
    QSignalSpy done(&exporter, &LogExporter::finished);
    QString error;
    if (!exporter.start(path, format, &error))
        return "start failed: " + error.toUtf8();
    if (!done.wait(5000))
        return "timeout";
    if (!done.first().at(0).toString().isEmpty())
        return done.first().at(0).toString().toUtf8();
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

void TstLogExport::jsonLinesOfTheView()
{
    QTemporaryDir dir;
    LogTableModel model;
    feed(model);
    QVERIFY(!model.setQueryText(QStringLiteral("status>=500")));
    QTRY_VERIFY(!model.isRefiltering());
    const QByteArray out =
        run(model, ExportFormat::JsonLines, dir.filePath(QStringLiteral("a.jsonl")));
    QCOMPARE(
        out,
        QByteArray(
            R"({"ts":"2026-01-02T03:04:06.000Z","level":"error","msg":"say \"hi\", then\nbye","traceId":"t9","status":500})"
            "\n"));
}

void TstLogExport::csvQuotes()
{
    QTemporaryDir dir;
    LogTableModel model;
    feed(model);
    const QByteArray out = run(model, ExportFormat::Csv, dir.filePath(QStringLiteral("a.csv")));
    QCOMPARE(out,
             QByteArray("ts,level,msg,traceId,status\r\n"
                        "2026-01-02T03:04:05.006Z,info,plain,,200\r\n"
                        "2026-01-02T03:04:06.000Z,error,\"say \"\"hi\"\", then\nbye\",t9,500\r\n"));
}

void TstLogExport::holdsLiveLines()
{
    QTemporaryDir dir;
    LogTableModel model;
    std::vector<LogLine> many;
    for (int i = 0; i < 30'000; ++i)
        many.push_back(
            parseLogLine(QStringLiteral("{\"msg\":\"m%1\"}").arg(i).toUtf8(), model.fields(), 0));
    model.enqueue(std::move(many));
    while (model.pendingCount() > 0)
        model.flush();
    LogExporter exporter(&model);
    QSignalSpy progress(&exporter, &LogExporter::progress);
    QSignalSpy done(&exporter, &LogExporter::finished);
    QString error;
    QVERIFY(
        exporter.start(dir.filePath(QStringLiteral("b.jsonl")), ExportFormat::JsonLines, &error));
    std::vector<LogLine> late;
    late.push_back(parseLogLine(R"({"msg":"late"})", model.fields(), 0));
    model.enqueue(std::move(late));
    model.flush();
    QCOMPARE(model.rowCount(), 30'000); // held while exporting
    QVERIFY(done.wait(10000));
    QCOMPARE(done.first().at(1).toLongLong(), 30'000);
    QVERIFY(progress.count() >= 1);
    model.flush();
    QCOMPARE(model.rowCount(), 30'001);
}

void TstLogExport::unwritablePath()
{
    LogTableModel model;
    LogExporter exporter(&model);
    QString error;
    QVERIFY(!exporter.start(QStringLiteral("/nonexistent-dir/x.csv"), ExportFormat::Csv, &error));
    QVERIFY(error.contains(QLatin1String("/nonexistent-dir/x.csv")));
}

QTEST_GUILESS_MAIN(TstLogExport)
#include "tst_log_export.moc"
