#include "telemetry/log_ring.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace bb::telemetry;

namespace {
LogRecord rec(const std::string &msg, Level level = Level::Info)
{
    LogRecord r;
    r.msg = msg;
    r.level = level;
    return r;
}
} // namespace

class tst_LogRing : public QObject {
    Q_OBJECT
private slots:
    void keepsNewestWithinCapacity()
    {
        LogRing ring(3);
        for (int i = 1; i <= 5; ++i)
            QCOMPARE(ring.append(rec("m" + std::to_string(i))), std::uint64_t(i));
        QCOMPARE(ring.size(), 3u);
        const auto all = ring.since(0, 100);
        QCOMPARE(all.size(), 3u);
        QCOMPARE(all.front().msg, std::string("m3"));
        QCOMPARE(all.back().msg, std::string("m5"));
    }

    void sinceHonoursSeqMaxAndFilter()
    {
        LogRing ring(100);
        for (int i = 1; i <= 10; ++i)
            ring.append(rec("m" + std::to_string(i), i % 2 ? Level::Error : Level::Info));
        auto after = ring.since(7, 100);
        QCOMPARE(after.size(), 3u);
        QCOMPARE(after.front().seq, 8u);
        auto newest = ring.since(0, 2);
        QCOMPARE(newest.size(), 2u);
        QCOMPARE(newest.front().seq, 9u);
        auto errors =
            ring.since(0, 100, [](const LogRecord &r) { return r.level == Level::Error; });
        QCOMPARE(errors.size(), 5u);
    }

    void shrinkingKeepsNewest()
    {
        LogRing ring(10);
        for (int i = 1; i <= 10; ++i)
            ring.append(rec(std::to_string(i)));
        ring.setCapacity(4);
        const auto all = ring.since(0, 100);
        QCOMPARE(all.size(), 4u);
        QCOMPARE(all.front().seq, 7u);
        ring.append(rec("11"));
        QCOMPARE(ring.since(0, 100).back().seq, 11u);
    }

    void jsonLineIsValidJson()
    {
        LogRecord r = rec("say \"hi\"\n");
        r.seq = 4;
        r.tsUs = 1'700'000'000'123'000;
        r.method = "GET";
        r.path = "/x";
        r.status = 200;
        r.durationMs = 1.5;
        r.fields = {{"k", "v\t"}};
        QJsonParseError err{};
        const auto doc = QJsonDocument::fromJson(QByteArray::fromStdString(r.toJsonLine()), &err);
        QCOMPARE(err.error, QJsonParseError::NoError);
        const QJsonObject o = doc.object();
        QCOMPARE(o["msg"].toString(), QString("say \"hi\"\n"));
        QCOMPARE(o["ts"].toString(), QString("2023-11-14T22:13:20.123Z"));
        QCOMPARE(o["status"].toInt(), 200);
        QCOMPARE(o["fields"].toObject()["k"].toString(), QString("v\t"));
    }

    void fileRotatesBySize()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/logs/engine.jsonl").toStdString();
        auto file = std::make_shared<JsonLinesFile>(path, 400);
        QVERIFY(file->isOpen());
        LogRing ring(10);
        ring.setFile(file);
        for (int i = 0; i < 20; ++i)
            ring.append(rec("a fairly long message to fill the file quickly " + std::to_string(i)));
        file->flush();
        QVERIFY(QFile::exists(QString::fromStdString(path + ".1")));
        QFile current(QString::fromStdString(path));
        QVERIFY(current.size() <= 400);
        QVERIFY(current.open(QIODevice::ReadOnly));
        const auto lines = current.readAll().split('\n');
        QVERIFY(lines.size() > 1);
        QVERIFY(QJsonDocument::fromJson(lines.first()).isObject());
    }
};

QTEST_GUILESS_MAIN(tst_LogRing)
#include "tst_log_ring.moc"
