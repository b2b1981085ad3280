#include "telemetry/log_ring.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>

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
    void fileKeepsNumberedGenerations()
    {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/engine.jsonl").toStdString();
        auto file = std::make_shared<JsonLinesFile>(path, 300, 3);
        LogRing ring(10);
        ring.setFile(file);
        for (int i = 0; i < 60; ++i)
            ring.append(rec("a fairly long message to fill the file quickly " + std::to_string(i)));
        file->flush();
        for (const char *suffix : {"", ".1", ".2", ".3"}) {
            QFile f(QString::fromStdString(path + suffix));
            QVERIFY2(f.exists(), suffix);
            QVERIFY(f.size() <= 300);
        }
        QVERIFY(!QFile::exists(QString::fromStdString(path + ".4")));
        // The newest generation ends with the newest record, the older ones hold older seqs.
        QCOMPARE(JsonLinesFile::lastSeqIn(path), std::optional<std::uint64_t>(60));
        QVERIFY(*JsonLinesFile::lastSeqIn(path + ".1") < 60);
        QVERIFY(*JsonLinesFile::lastSeqIn(path + ".2") < *JsonLinesFile::lastSeqIn(path + ".1"));
    }

    void lastSeqSkipsATornLine()
    {
        QTemporaryDir dir;
        const QString path = dir.path() + "/engine.jsonl";
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"seq\":7,\"msg\":\"a\"}\n{\"seq\":8,\"msg\":\"b\"}\n{\"seq\":9,\"ms");
        f.close();
        QCOMPARE(JsonLinesFile::lastSeqIn(path.toStdString()), std::optional<std::uint64_t>(8));
        QCOMPARE(JsonLinesFile::lastSeqIn((dir.path() + "/none").toStdString()),
                 std::optional<std::uint64_t>());
    }

    void continueAfterKeepsSeqsIncreasing()
    {
        LogRing ring(10);
        ring.append(rec("a"));
        ring.continueAfter(1000);
        QCOMPARE(ring.append(rec("b")), 1001u);
        ring.continueAfter(5); // never goes back
        QCOMPARE(ring.append(rec("c")), 1002u);
        // Slices find records across the jump.
        const auto s = ring.slice(1, 0, 10, true, {});
        QCOMPARE(s.records.size(), 2u);
        QCOMPARE(s.records.front().seq, 1001u);
    }

    void sliceFromOldestAndNewest()
    {
        LogRing ring(2000);
        for (int i = 1; i <= 1500; ++i)
            ring.append(rec("m" + std::to_string(i), i % 3 == 0 ? Level::Error : Level::Info));
        const auto errors = [](const LogRecord &r) { return r.level == Level::Error; };
        // Forward from seq 100: the oldest 10 errors after it.
        auto fwd = ring.slice(100, 0, 10, true, errors);
        QCOMPARE(fwd.records.size(), 10u);
        QCOMPARE(fwd.records.front().seq, 102u);
        QCOMPARE(fwd.records.back().seq, 129u);
        QVERIFY(fwd.more);
        QCOMPARE(fwd.scannedTo, 129u);
        // Backward before seq 1000: the newest 10 errors below it, oldest first.
        auto back = ring.slice(0, 1000, 10, false, errors);
        QCOMPARE(back.records.size(), 10u);
        QCOMPARE(back.records.front().seq, 972u);
        QCOMPARE(back.records.back().seq, 999u);
        QVERIFY(back.more);
        // A window that holds fewer than max: no more, scanned to its end.
        auto window = ring.slice(1490, 0, 100, true, errors);
        QCOMPARE(window.records.size(), 4u);
        QVERIFY(!window.more);
        QCOMPARE(window.scannedTo, 1500u);
        auto between = ring.slice(10, 20, 100, true, {});
        QCOMPARE(between.records.size(), 9u);
        QCOMPARE(between.records.back().seq, 19u);
        QVERIFY(ring.slice(10, 11, 100, true, {}).records.empty());
        // Past the newest: nothing, scanned to the last seq.
        auto none = ring.slice(1500, 0, 5, true, {});
        QVERIFY(none.records.empty());
        QCOMPARE(none.scannedTo, 1500u);
    }

    void sliceAfterRecordsFellOff()
    {
        LogRing ring(100);
        for (int i = 1; i <= 1000; ++i)
            ring.append(rec("m"));
        auto s = ring.slice(5, 0, 1000, true, {});
        QCOMPARE(s.records.size(), 100u);
        QCOMPARE(s.records.front().seq, 901u);
    }

    void subscribersSeeEveryRecordInOrder()
    {
        LogRing ring(100);
        ring.append(rec("before"));
        std::mutex mutex;
        std::vector<std::uint64_t> seen;
        const auto id = ring.subscribe([&](const LogRecord &r) {
            std::lock_guard lock(mutex);
            seen.push_back(r.seq);
        });
        QCOMPARE(ring.subscriberCount(), 1u);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&ring] {
                for (int i = 0; i < 2000; ++i)
                    ring.append(rec("x"));
            });
        for (auto &t : threads)
            t.join();
        QCOMPARE(seen.size(), 8000u);
        for (std::size_t i = 0; i < seen.size(); ++i)
            QCOMPARE(seen[i], std::uint64_t(i + 2));
        ring.unsubscribe(id);
        ring.append(rec("after"));
        QCOMPARE(seen.size(), 8000u);
        QCOMPARE(ring.subscriberCount(), 0u);
    }

    void subscriberMayAppend()
    {
        LogRing ring(100);
        std::vector<std::string> seen;
        ring.subscribe([&](const LogRecord &r) {
            seen.push_back(r.msg);
            if (r.msg == "first")
                ring.append(rec("from inside"));
        });
        ring.append(rec("first"));
        QCOMPARE(seen, (std::vector<std::string>{"first", "from inside"}));
    }

    void subscriberMayAppendToAnotherRing()
    {
        LogRing a(10), b(10);
        std::vector<std::string> seenByB;
        b.subscribe([&seenByB](const LogRecord &r) { seenByB.push_back(r.msg); });
        a.subscribe([&b](const LogRecord &r) { b.append(rec("copied " + r.msg)); });
        a.append(rec("x"));
        QCOMPARE(seenByB, (std::vector<std::string>{"copied x"}));
    }

    void throwingSubscriberDoesNotStopOthers()
    {
        LogRing ring(100);
        int calls = 0;
        ring.subscribe([](const LogRecord &) { throw std::runtime_error("boom"); });
        ring.subscribe([&calls](const LogRecord &) { ++calls; });
        ring.append(rec("a"));
        QCOMPARE(calls, 1);
    }
};

QTEST_GUILESS_MAIN(tst_LogRing)
#include "tst_log_ring.moc"
