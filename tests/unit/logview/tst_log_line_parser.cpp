// JSON lines of several backends into compact LogLines: key mapping, times, levels, nesting.
#include "logview/field_table.h"
#include "logview/log_filter.h"
#include "logview/log_line_parser.h"

#include <QTest>

using namespace bb::logview;

class TstLogLineParser : public QObject {
    Q_OBJECT
private slots:
    void mapsCommonKeys_data();
    void mapsCommonKeys();
    void isoTimes_data();
    void isoTimes();
    void epochNumbers();
    void fieldsKeepTheirTypes();
    void engineFieldsAreFlattened();
    void notJsonIsKeptAsText();
    void unknownLevelStaysAField();
    void roundTripsThroughJson();
    void queryLookup();
    void malformedLinesSayWhere_data();
    void malformedLinesSayWhere();
    void escapesAndUnicode();
};

void TstLogLineParser::mapsCommonKeys_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("level");
    QTest::addColumn<QString>("msg");
    QTest::addColumn<QString>("trace");
    QTest::addColumn<qint64>("ts");
    QTest::newRow("engine")
        << QByteArray(
               R"({"seq":7,"ts":"2026-11-21T06:00:00.123Z","level":"warn","msg":"slow","traceId":"ab12"})")
        << int(Severity::Warn) << "slow"
        << "ab12" << qint64(1795240800123);
    QTest::newRow("pino")
        << QByteArray(R"({"level":50,"time":1795154400123,"msg":"boom","trace_id":"cd"})")
        << int(Severity::Error) << "boom"
        << "cd" << qint64(1795154400123);
    QTest::newRow("logstash")
        << QByteArray(
               R"({"@timestamp":"2026-11-21T07:00:00+01:00","severity":"CRITICAL","message":"down"})")
        << int(Severity::Fatal) << "down"
        << "" << qint64(1795240800000);
    QTest::newRow("zap seconds") << QByteArray(R"({"lvl":"debug","ts":1795154400.5,"msg":"x"})")
                                 << int(Severity::Debug) << "x"
                                 << "" << qint64(1795154400500);
}

void TstLogLineParser::mapsCommonKeys()
{
    QFETCH(QByteArray, line);
    QFETCH(int, level);
    QFETCH(QString, msg);
    QFETCH(QString, trace);
    QFETCH(qint64, ts);
    FieldTable fields;
    ParseProblem problem{-1, {}};
    const LogLine l = parseLogLine(line, fields, 1, &problem);
    QCOMPARE(problem.offset, -1);
    QCOMPARE(int(l.level), level);
    QCOMPARE(QString::fromUtf8(l.msg().data(), l.msg().size()), msg);
    QCOMPARE(QString::fromUtf8(l.traceId().data(), l.traceId().size()), trace);
    QCOMPARE(qint64(l.tsMs), ts);
    QCOMPARE(l.fieldCount(), 0); // every key was a known one
}

void TstLogLineParser::isoTimes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms");
    QTest::newRow("Z") << "1970-01-01T00:00:01Z" << qint64(1000);
    QTest::newRow("frac us") << "1970-01-01T00:00:01.123456Z" << qint64(1123);
    QTest::newRow("offset") << "1970-01-01T02:00:00+02:00" << qint64(0);
    QTest::newRow("space") << "1970-01-02 00:00:00" << qint64(86400000);
    QTest::newRow("date only") << "2000-03-01" << qint64(951868800000);
}

void TstLogLineParser::isoTimes()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    std::int64_t out = -1;
    const QByteArray t = text.toLatin1();
    QVERIFY(parseIsoTime(std::string_view(t.constData(), t.size()), out));
    QCOMPARE(qint64(out), ms);
    QVERIFY(!parseIsoTime("yesterday", out));
    QVERIFY(!parseIsoTime("2026-13-01T00:00:00Z", out));
}

void TstLogLineParser::epochNumbers()
{
    QCOMPARE(qint64(epochNumberToMs(1795154400)), qint64(1795154400000));
    QCOMPARE(qint64(epochNumberToMs(1795154400123.0)), qint64(1795154400123));
    QCOMPARE(qint64(epochNumberToMs(1795154400123456.0)), qint64(1795154400123));
    QCOMPARE(qint64(epochNumberToMs(1795154400123456789.0)) / 1000, qint64(1795154400));
}

void TstLogLineParser::fieldsKeepTheirTypes()
{
    FieldTable fields;
    const LogLine l = parseLogLine(
        R"({"msg":"m","status":503,"ok":false,"user":null,"tags":["a","b"],"req":{"path":"/x","ms":1.5}})",
        fields, 0);
    QCOMPARE(l.fieldCount(), 6);
    FieldRef ref;
    QVERIFY(l.field(fields.find("status"), &ref));
    QCOMPARE(ref.kind, FieldKind::Number);
    QCOMPARE(ref.value, std::string_view("503"));
    QVERIFY(l.field(fields.find("ok"), &ref));
    QCOMPARE(ref.kind, FieldKind::Bool);
    QVERIFY(l.field(fields.find("user"), &ref));
    QCOMPARE(ref.kind, FieldKind::Null);
    QVERIFY(l.field(fields.find("tags"), &ref));
    QCOMPARE(ref.kind, FieldKind::Json);
    QCOMPARE(ref.value, std::string_view(R"(["a","b"])"));
    QVERIFY(l.field(fields.find("req.path"), &ref));
    QCOMPARE(ref.value, std::string_view("/x"));
    QVERIFY(l.field(fields.find("req.ms"), &ref));
    QCOMPARE(ref.value, std::string_view("1.5"));
}

void TstLogLineParser::engineFieldsAreFlattened()
{
    FieldTable fields;
    const LogLine l =
        parseLogLine(R"({"msg":"m","fields":{"job":"mail","attempt":"2"}})", fields, 0);
    FieldRef ref;
    QVERIFY(l.field(fields.find("job"), &ref));
    QCOMPARE(ref.value, std::string_view("mail"));
    QCOMPARE(fields.find("fields.job"), FieldTable::kNone);
}

void TstLogLineParser::notJsonIsKeptAsText()
{
    FieldTable fields;
    ParseProblem problem{-1, {}};
    const LogLine l = parseLogLine("plain text {oops", fields, 42, &problem);
    QVERIFY(problem.offset >= 0);
    QVERIFY(!problem.message.isEmpty());
    QCOMPARE(l.msg(), std::string_view("plain text {oops"));
    QCOMPARE(qint64(l.tsMs), qint64(42));
    QCOMPARE(l.level, Severity::Info);
}

void TstLogLineParser::unknownLevelStaysAField()
{
    FieldTable fields;
    const LogLine l = parseLogLine(R"({"level":"chatty","msg":"m"})", fields, 0);
    QCOMPARE(l.level, Severity::Info);
    FieldRef ref;
    QVERIFY(l.field(fields.find("level"), &ref));
    QCOMPARE(ref.value, std::string_view("chatty"));
}

void TstLogLineParser::roundTripsThroughJson()
{
    FieldTable fields;
    const QByteArray in =
        R"({"ts":"2026-11-21T06:00:00.123Z","level":"error","msg":"q\"uote\n","traceId":"t1","n":3,"b":true})";
    const LogLine a = parseLogLine(in, fields, 0);
    const std::string out = toJsonLine(a, fields);
    const LogLine b = parseLogLine(QByteArray::fromStdString(out), fields, 0);
    QCOMPARE(b.msg(), a.msg());
    QCOMPARE(b.traceId(), a.traceId());
    QCOMPARE(b.tsMs, a.tsMs);
    QCOMPARE(b.level, a.level);
    QCOMPARE(b.fieldCount(), 2);
    QCOMPARE(
        QByteArray::fromStdString(out),
        QByteArray(
            R"({"ts":"2026-11-21T06:00:00.123Z","level":"error","msg":"q\"uote\n","traceId":"t1","n":3,"b":true})"));
}

void TstLogLineParser::queryLookup()
{
    FieldTable fields;
    const LogLine l = parseLogLine(
        R"({"level":"warn","msg":"GET /posts","status":503,"path":"/posts/1","fields":{"job":"x"}})",
        fields, 0);
    auto match = [&](const char *q) {
        auto parsed = bb::telemetry::LogQuery::parse(q);
        if (!std::holds_alternative<bb::telemetry::LogQuery>(parsed))
            return false;
        LogFilter filter(&fields);
        filter.setQuery(std::get<bb::telemetry::LogQuery>(std::move(parsed)));
        return filter.matches(l);
    };
    QVERIFY(match("status>=500"));
    QVERIFY(!match("status<500"));
    QVERIFY(match("level>='warn'"));
    QVERIFY(!match("level>='error'"));
    QVERIFY(match("path~'/POSTS' && msg~'get'"));
    QVERIFY(match("job='x' && fields.job='x'"));
    QVERIFY(match("missing!='a'"));
    QVERIFY(!match("missing='a'"));
}

void TstLogLineParser::malformedLinesSayWhere_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("offset");
    QTest::newRow("array") << QByteArray("[1,2]") << 0;
    QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << 5;
    QTest::newRow("bad literal") << QByteArray(R"({"a":tru})") << 5;
    QTest::newRow("trailing") << QByteArray(R"({"a":1} x)") << 8;
    QTest::newRow("unterminated") << QByteArray(R"({"a":"b)") << 7;
    QTest::newRow("mismatched") << QByteArray(R"({"a":[1,}]})") << 8;
    QTest::newRow("bad escape") << QByteArray(R"({"a":"\q"})") << 7;
    QTest::newRow("bad number") << QByteArray(R"({"a":1.})") << 7;
}

void TstLogLineParser::malformedLinesSayWhere()
{
    QFETCH(QByteArray, line);
    QFETCH(int, offset);
    FieldTable fields;
    ParseProblem problem{-1, {}};
    const LogLine l = parseLogLine(line, fields, 9, &problem);
    QCOMPARE(problem.offset, offset);
    QVERIFY(!problem.message.isEmpty());
    QCOMPARE(l.msg(), std::string_view(line.constData(), line.size())); // kept as text
}

void TstLogLineParser::escapesAndUnicode()
{
    FieldTable fields;
    const LogLine l = parseLogLine(
        R"({"msg":"a\tb \u00e9 \ud83d\ude00 \/ \\","k":{"a":{"b":{"c":{"d":1}}}}})", fields, 0);
    // Tab, e-acute, U+1F600 (a surrogate pair), slash, backslash.
    QCOMPARE(l.msg(), std::string_view("a\tb \xc3\xa9 \xf0\x9f\x98\x80 / \\"));
    // Nested objects become dotted names; past the depth bound the rest is kept as JSON.
    FieldRef ref;
    QVERIFY(l.field(fields.find("k.a.b.c"), &ref));
    QCOMPARE(ref.kind, FieldKind::Json);
    QCOMPARE(ref.value, std::string_view(R"({"d":1})"));
}

QTEST_GUILESS_MAIN(TstLogLineParser)
#include "tst_log_line_parser.moc"
