// The text/event-stream parser against the WHATWG rules, fed whole and split at every byte.
#include "client/sse_parser.h"

#include <QTest>

using namespace bb::client;

namespace {

struct Flat {
    QString type, data, id;
    bool operator==(const Flat &o) const { return type == o.type && data == o.data && id == o.id; }
};

QList<Flat> flatten(const QList<SseEvent> &events)
{
    QList<Flat> out;
    for (const SseEvent &e : events)
        out.append({e.type, e.data, e.lastEventId});
    return out;
}

QString show(const QList<Flat> &events)
{
    QStringList parts;
    for (const Flat &f : events)
        parts << QStringLiteral("[%1|%2|%3]").arg(f.type, f.data, f.id);
    return parts.join(' ');
}

// A stream exercising every rule: BOM, comments, multi-line data, custom type, id, retry,
// a field with no colon, a value with no space, CR, LF and CRLF endings, non-ASCII text.
const QByteArray kStream = "\xEF\xBB\xBF"
                           ": keep-alive\n"
                           "data: first\n\n"
                           "event: update\r\n"
                           "id: 7\r\n"
                           "data: line one\r\n"
                           "data:line two\r\n"
                           "\r\n"
                           "retry: 2500\r"
                           "data\r"
                           "\r"
                           "event: ignored-without-data\n\n"
                           "data:  two spaces keep one\n"
                           "unknown: field\n"
                           "id\n"
                           "\n"
                           "data: caf\xC3\xA9 \xE2\x9C\x93\n\n"
                           "retry: 12x\n"
                           "data: unfinished";

const QList<Flat> kExpected = {
    {"message", "first", ""},
    {"update", "line one\nline two", "7"},
    {"message", "", "7"},
    {"message", " two spaces keep one", ""},
    {"message", QString::fromUtf8("caf\xC3\xA9 \xE2\x9C\x93"), ""},
};

} // namespace

class tst_SseParser : public QObject {
    Q_OBJECT

private slots:
    void wholeStream()
    {
        SseParser p;
        const QList<Flat> got = flatten(p.feed(kStream));
        QVERIFY2(got == kExpected, qPrintable(show(got)));
        QCOMPARE(p.retryMs(), 2500); // "12x" is not all digits: ignored
        QCOMPARE(p.commentCount(), 1);
        QCOMPARE(p.lastEventId(), QString());
    }

    void splitAtEveryByteBoundary()
    {
        for (qsizetype cut = 0; cut <= kStream.size(); ++cut) {
            SseParser p;
            QList<SseEvent> events = p.feed(QByteArrayView(kStream).first(cut));
            events += p.feed(QByteArrayView(kStream).sliced(cut));
            const QList<Flat> got = flatten(events);
            QVERIFY2(got == kExpected,
                     qPrintable(QStringLiteral("cut %1: %2").arg(cut).arg(show(got))));
        }
    }

    void oneByteAtATime()
    {
        SseParser p;
        QList<SseEvent> events;
        for (char c : kStream)
            events += p.feed(QByteArrayView(&c, 1));
        QVERIFY2(flatten(events) == kExpected, qPrintable(show(flatten(events))));
        QCOMPARE(p.retryMs(), 2500);
    }

    void crlfSplitIsOneLineEnd()
    {
        // A CR ending one chunk and an LF starting the next are one line end, not two: a blank
        // line in between would dispatch too early.
        SseParser p;
        QVERIFY(p.feed("data: a\r").isEmpty());
        QVERIFY(p.feed("\ndata: b\r").isEmpty());
        const QList<SseEvent> events = p.feed("\n\r\n");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0].data, QString("a\nb"));
    }

    void idWithNulIsIgnoredAndIdPersists()
    {
        SseParser p;
        static const char stream[] = "id: 1\ndata: a\n\nid: x\0y\ndata: b\n\ndata: c\n\n";
        const QList<SseEvent> events = p.feed(QByteArray(stream, sizeof stream - 1));
        QCOMPARE(events.size(), 3);
        QCOMPARE(events[0].lastEventId, QString("1"));
        QCOMPARE(events[1].lastEventId, QString("1"));
        QCOMPARE(events[2].lastEventId, QString("1"));
        QVERIFY(events[0].received.isValid());
    }

    void garbageNeverCrashes()
    {
        SseParser p;
        QByteArray junk;
        for (int i = 0; i < 4096; ++i)
            junk.append(char((i * 131 + 7) % 256));
        for (qsizetype at = 0; at < junk.size(); at += 97)
            (void)p.feed(QByteArrayView(junk).sliced(at, qMin<qsizetype>(97, junk.size() - at)));
        // Not crashing is half of it; the parser must also still read a well-formed event once
        // a blank line has ended whatever the garbage left open.
        (void)p.feed("\n\n");
        const QList<SseEvent> after = p.feed("data: ok\n\n");
        QCOMPARE(after.size(), 1);
        QCOMPARE(after[0].data, QString("ok"));
    }
};

QTEST_GUILESS_MAIN(tst_SseParser)
#include "tst_sse_parser.moc"
