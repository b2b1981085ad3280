#include "telemetry/log_query.h"

#include <QTest>

#include <map>

using namespace bb::telemetry;

Q_DECLARE_METATYPE(std::string)

namespace {

LogRecord requestRecord()
{
    LogRecord r;
    r.seq = 42;
    r.tsUs = 1'704'164'645'678'000; // 2024-01-02T03:04:05.678Z
    r.level = Level::Warn;
    r.msg = "Request TIMEOUT upstream";
    r.traceId = "abc123";
    r.method = "GET";
    r.path = "/api/v1/posts";
    r.status = 504;
    r.durationMs = 1250.5;
    r.userId = "u7";
    r.ip = "127.0.0.1";
    r.fields = {{"region", "eu-west"}, {"attempt", "3"}};
    return r;
}

LogQuery parsed(const char *text)
{
    auto q = LogQuery::parse(text);
    if (auto *e = std::get_if<LogQueryError>(&q))
        qFatal("parse failed: %s at %d", e->message.c_str(), e->position);
    return std::get<LogQuery>(std::move(q));
}

} // namespace

class tst_LogQuery : public QObject {
    Q_OBJECT
private slots:
    void matchesRecord_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<bool>("expected");
        QTest::newRow("empty") << "" << true;
        QTest::newRow("blank") << "   " << true;
        QTest::newRow("level ge warn") << "level >= 'warn'" << true;
        QTest::newRow("level ge error") << "level >= 'error'" << false;
        QTest::newRow("level gt info") << "level > 'INFO'" << true;
        QTest::newRow("level eq warning") << "level = 'warning'" << true;
        QTest::newRow("level lt warn") << "level < 'warn'" << false;
        QTest::newRow("level contains") << "level ~ 'WA'" << true;
        QTest::newRow("status numeric") << "status >= 500" << true;
        QTest::newRow("status vs text number") << "status = '504'" << true;
        QTest::newRow("status lt") << "status < 500" << false;
        QTest::newRow("status contains spelling") << "status ~ '50'" << true;
        QTest::newRow("duration") << "durationMs > 1000.25" << true;
        QTest::newRow("duration le") << "durationMs <= 1250.5" << true;
        QTest::newRow("msg contains any case") << "msg ~ 'timeout'" << true;
        QTest::newRow("msg not contains") << "msg !~ 'timeout'" << false;
        QTest::newRow("msg eq is case sensitive") << "msg = 'request timeout upstream'" << false;
        QTest::newRow("path eq") << "path = \"/api/v1/posts\"" << true;
        QTest::newRow("seq") << "seq > 41 && seq < 43" << true;
        QTest::newRow("ts text") << "ts >= '2024-01-02T03:04' && ts < '2024-01-03'" << true;
        QTest::newRow("ts ms") << "ts = 1704164645678" << true;
        QTest::newRow("extra field") << "region = 'eu-west'" << true;
        QTest::newRow("extra field dotted") << "fields.region ~ 'EU'" << true;
        QTest::newRow("extra field numeric text") << "attempt >= 3" << true;
        QTest::newRow("missing eq") << "nosuch = 'x'" << false;
        QTest::newRow("missing ne") << "nosuch != 'x'" << true;
        QTest::newRow("missing gt") << "nosuch > 1" << false;
        QTest::newRow("missing contains") << "nosuch ~ 'x'" << false;
        QTest::newRow("missing not contains") << "nosuch !~ 'x'" << true;
        QTest::newRow("missing eq null") << "nosuch = null" << true;
        QTest::newRow("present ne null") << "traceId != null" << true;
        QTest::newRow("present eq null") << "traceId = NULL" << false;
        QTest::newRow("text vs number") << "method = 5" << false;
        QTest::newRow("text vs number ne") << "method != 5" << true;
        QTest::newRow("text vs number gt") << "method > 5" << false;
        QTest::newRow("and binds tighter")
            << "status = 200 && method = 'POST' || level = 'warn'" << true;
        QTest::newRow("parens change it")
            << "status = 200 && (method = 'POST' || level = 'warn')" << false;
        QTest::newRow("or chain") << "ip = 'x' || ip = 'y' || ip = '127.0.0.1'" << true;
        QTest::newRow("nested") << "((status = 504) && (userId = 'u7'))" << true;
        QTest::newRow("escaped quote") << "msg !~ 'it\\'s'" << true;
    }

    void matchesRecord()
    {
        QFETCH(QString, query);
        QFETCH(bool, expected);
        const LogQuery q = parsed(query.toUtf8().constData());
        QCOMPARE(q.matches(requestRecord()), expected);
    }

    void recordsWithoutRequestHaveNoStatus()
    {
        LogRecord r;
        r.msg = "engine started";
        QVERIFY(!parsed("status >= 0").matches(r));
        QVERIFY(parsed("status = null").matches(r));
        QVERIFY(parsed("traceId = null").matches(r));
        QVERIFY(!parsed("durationMs < 1").matches(r));
    }

    void matchesLookup()
    {
        // A JSON-lines record: null, booleans, numbers as text, an unknown level.
        std::map<std::string, LogFieldValue, std::less<>> values;
        LogFieldValue nullValue;
        nullValue.kind = LogFieldValue::Null;
        values["traceId"] = nullValue;
        LogFieldValue cached;
        cached.kind = LogFieldValue::Bool;
        cached.boolean = true;
        values["cached"] = cached;
        LogFieldValue status;
        status.kind = LogFieldValue::Text;
        status.text = "404";
        values["status"] = status;
        LogFieldValue level;
        level.kind = LogFieldValue::Text;
        level.text = "NOTICE";
        values["level"] = level;
        const LogFieldLookup lookup = [&values](std::string_view f) -> LogFieldValue {
            auto it = values.find(f);
            return it == values.end() ? LogFieldValue{} : it->second;
        };
        QVERIFY(parsed("traceId = null").matches(lookup));
        QVERIFY(!parsed("traceId ~ 'a'").matches(lookup));
        QVERIFY(parsed("traceId != 'a'").matches(lookup));
        QVERIFY(!parsed("traceId > 1").matches(lookup));
        QVERIFY(parsed("cached = true").matches(lookup));
        QVERIFY(parsed("cached = 'true'").matches(lookup));
        QVERIFY(!parsed("cached = false").matches(lookup));
        QVERIFY(!parsed("cached > false").matches(lookup));
        QVERIFY(parsed("cached ~ 'tru'").matches(lookup));
        QVERIFY(parsed("status >= 400 && status < 500").matches(lookup));
        QVERIFY(parsed("status = '404'").matches(lookup));
        QVERIFY(!parsed("status > '5'").matches(lookup)); // text against text: byte order
        QVERIFY(!parsed("level >= 'debug'").matches(lookup));
        QVERIFY(parsed("level != 'error'").matches(lookup));
        QVERIFY(parsed("level ~ 'notice'").matches(lookup));
        QVERIFY(!parsed("nosuch = 1").matches(lookup));
    }

    void errors_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("position");
        QTest::addColumn<QString>("message");
        QTest::newRow("unexpected char") << "status = 5 # x" << 11 << "unexpected character";
        QTest::newRow("single amp") << "a = 1 & b = 2" << 6 << "unexpected character";
        QTest::newRow("unterminated") << "msg ~ 'abc" << 6 << "unterminated string";
        QTest::newRow("malformed number") << "status = 12ab" << 9 << "malformed number";
        QTest::newRow("number dot") << "status = 1.2.3" << 9 << "malformed number";
        QTest::newRow("no field") << "= 5" << 0 << "expected a field name";
        QTest::newRow("keyword as field") << "true = 5" << 0 << "expected a field name";
        QTest::newRow("string as field") << "'a' = 5" << 0 << "expected a field name";
        QTest::newRow("no operator") << "status 5" << 7 << "expected an operator";
        QTest::newRow("bare word") << "timeout" << 7 << "expected an operator";
        QTest::newRow("no value") << "status =" << 8 << "expected a value";
        QTest::newRow("ident value") << "status = abc" << 9 << "expected a value";
        QTest::newRow("null op") << "traceId ~ null" << 8 << "null can only";
        QTest::newRow("null gt") << "traceId > null" << 8 << "null can only";
        QTest::newRow("unknown level") << "level >= 'loud'" << 9 << "unknown level";
        QTest::newRow("level number") << "level >= 3" << 9 << "unknown level";
        QTest::newRow("unclosed paren") << "(status = 5" << 11 << "expected ')'";
        QTest::newRow("stray close") << "status = 5)" << 10 << "unexpected ')'";
        QTest::newRow("trailing and") << "status = 5 &&" << 13 << "expected a field name";
        QTest::newRow("empty parens") << "()" << 1 << "expected a field name";
        QTest::newRow("two comparisons") << "a = 1 b = 2" << 6 << "unexpected 'b'";
        QTest::newRow("utf16 position")
            << QString::fromUtf8("msg ~ '\u00e9\U0001F600' #") << 12 << "unexpected character";
    }

    void errors()
    {
        QFETCH(QString, query);
        QFETCH(int, position);
        QFETCH(QString, message);
        auto q = LogQuery::parse(query.toUtf8().toStdString());
        auto *e = std::get_if<LogQueryError>(&q);
        QVERIFY2(e, qPrintable(query));
        QCOMPARE(e->position, position);
        QVERIFY2(QString::fromStdString(e->message).contains(message), e->message.c_str());
        // The position points into the text the user typed (a QString index).
        QVERIFY(position <= query.size());
    }

    void brokenUtf8CountsOneUnitPerByte()
    {
        // As QString::fromUtf8 turns each byte of a broken sequence into one U+FFFD, the
        // position still points at the same character in the panel's text.
        const std::string text = "msg ~ '\xe2\x82' \xff #";
        auto q = LogQuery::parse(text);
        auto *e = std::get_if<LogQueryError>(&q);
        QVERIFY(e);
        const QString shown = QString::fromUtf8(text.data(), qsizetype(text.size()));
        QCOMPARE(e->position, 11);
        QCOMPARE(shown.at(e->position), QChar(QChar::ReplacementCharacter));
        QCOMPARE(shown.at(12), QLatin1Char(' '));
    }

    void lengthAndNestingBounds()
    {
        std::string longText = "msg ~ '" + std::string(2100, 'x') + "'";
        auto q = LogQuery::parse(longText);
        QVERIFY(std::holds_alternative<LogQueryError>(q));
        QCOMPARE(std::get<LogQueryError>(q).position, 2000);

        std::string deep = std::string(65, '(') + "a = 1" + std::string(65, ')');
        auto d = LogQuery::parse(deep);
        QVERIFY(std::holds_alternative<LogQueryError>(d));
        QCOMPARE(std::get<LogQueryError>(d).position, 64);
        std::string ok = std::string(64, '(') + "a = 1" + std::string(64, ')');
        QVERIFY(std::holds_alternative<LogQuery>(LogQuery::parse(ok)));
    }

    void fieldsAndTerms()
    {
        const LogQuery q =
            parsed("msg ~ 'time' && (status >= 500 || msg ~ 'Fail') && path !~ 'health'");
        QCOMPARE(q.fieldNames(), (std::vector<std::string>{"msg", "status", "path"}));
        QCOMPARE(q.containsTerms(), (std::vector<std::string>{"time", "Fail"}));
        QVERIFY(!q.isEmpty());
        QVERIFY(parsed("").isEmpty());
        QVERIFY(parsed("").fieldNames().empty());
    }

    void copiesAreIndependent()
    {
        LogQuery a = parsed("status = 504");
        LogQuery b = a;
        a = parsed("status = 200");
        QVERIFY(b.matches(requestRecord()));
        QVERIFY(!a.matches(requestRecord()));
    }
};

QTEST_GUILESS_MAIN(tst_LogQuery)
#include "tst_log_query.moc"
