// The Prometheus text reader and the label selector: every type, labels and escapes, special
// values, timestamps, and malformed input reported with its line and column.
#include "telemetry/prometheus_selector.h"
#include "telemetry/prometheus_text.h"

#include <QFile>
#include <QTest>

#include <cmath>

using namespace bb::telemetry::prom;

namespace {
Exposition parseOk(const std::string &text)
{
    auto r = parseText(text);
    if (auto *e = std::get_if<ParseError>(&r))
        qFatal("unexpected parse error: %s", e->toString().c_str());
    return std::get<Exposition>(std::move(r));
}

std::string specSample()
{
    QFile f(QStringLiteral(BB_SOURCE_DIR "/tests/unit/telemetry/data/exposition_spec.prom"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    return f.readAll().toStdString();
}
} // namespace

class tst_Prometheus : public QObject {
    Q_OBJECT
private slots:
    void everyType()
    {
        // The format's own example (prometheus/docs exposition_formats.md), in a file that the
        // engine test also hands to promtool.
        const Exposition e = parseOk(specSample());
        QCOMPARE(int(e.families.size()), 7);
        const MetricFamily *req = e.find("http_requests_total");
        QVERIFY(req);
        QCOMPARE(req->type, MetricType::Counter);
        QCOMPARE(req->help, std::string("The total number of HTTP requests."));
        QCOMPARE(int(req->samples.size()), 2);
        QCOMPARE(req->samples[1].value, 3.0);
        QCOMPARE(*req->samples[0].timestampMs, std::int64_t(1395066363000));
        QCOMPARE(*findLabel(req->samples[1].labels, "code"), std::string("400"));
        QCOMPARE(req->samples[1].line, 4);

        const MetricFamily *msdos = e.find("msdos_file_access_time_seconds");
        QCOMPARE(msdos->type, MetricType::Untyped);
        QCOMPARE(*findLabel(msdos->samples[0].labels, "path"), std::string("C:\\DIR\\FILE.TXT"));
        QCOMPARE(*findLabel(msdos->samples[0].labels, "error"),
                 std::string("Cannot find file:\n\"FILE.TXT\""));
        QCOMPARE(msdos->samples[0].value, 1.458255915e9);

        QVERIFY(!e.find("metric_without_timestamp_and_labels")->samples[0].timestampMs);
        const Sample &weird = e.find("something_weird")->samples[0];
        QVERIFY(std::isinf(weird.value) && weird.value > 0);
        QCOMPARE(*weird.timestampMs, std::int64_t(-3982045));

        const MetricFamily *temp = e.find("temperature");
        QCOMPARE(temp->type, MetricType::Gauge);
        QVERIFY(std::isinf(temp->samples[0].value) && temp->samples[0].value < 0);
        QVERIFY(std::isnan(temp->samples[1].value));

        const MetricFamily *hist = e.find("http_request_duration_seconds");
        QCOMPARE(hist->type, MetricType::Histogram);
        QCOMPARE(int(hist->samples.size()), 8); // six buckets, _sum and _count in one family
        QCOMPARE(hist->samples[5].name, std::string("http_request_duration_seconds_bucket"));
        QCOMPARE(*findLabel(hist->samples[5].labels, "le"), std::string("+Inf"));
        QCOMPARE(hist->samples[7].name, std::string("http_request_duration_seconds_count"));

        const MetricFamily *sum = e.find("rpc_duration_seconds");
        QCOMPARE(sum->type, MetricType::Summary);
        QCOMPARE(int(sum->samples.size()), 7);
        QCOMPARE(sum->samples[6].value, 2693.0);
        QCOMPARE(sum->samples[5].value, 1.7560473e+07);
        QVERIFY(!e.find("http_request_duration_seconds_bucket"));
        QCOMPARE(int(e.sampleCount()), 2 + 1 + 1 + 1 + 2 + 8 + 7);
    }

    void helpEscapes()
    {
        const Exposition e = parseOk("# HELP m one\\\\two\\nthree \\t kept\n# TYPE m gauge\nm 1\n");
        QCOMPARE(e.find("m")->help, std::string("one\\two\nthree \\t kept"));
    }

    void lenientWherePrometheusIs()
    {
        // CRLF, a trailing comma in the labels, no final newline, tabs, free comments.
        const Exposition e =
            parseOk("# just a comment\r\nm{a=\"1\",}\t2\r\n\n  n{} 3 17\n# TYPE o counter\no 4");
        QCOMPARE(e.find("m")->samples[0].value, 2.0);
        QCOMPARE(*findLabel(e.find("m")->samples[0].labels, "a"), std::string("1"));
        QCOMPARE(*e.find("n")->samples[0].timestampMs, std::int64_t(17));
        QCOMPARE(e.find("o")->samples[0].value, 4.0);
    }

    void acceptedLikePromtool()
    {
        // promtool (2.42) accepts these; the quantile math copes (no +Inf bucket → NaN).
        for (const char *text :
             {"# TYPE h histogram\nh_bucket{x=\"1\"} 1\n", "# TYPE s summary\ns_sum 1\ns 2\n",
              "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n", "# HELP\n# TYPE\n"})
            QVERIFY2(std::holds_alternative<Exposition>(parseText(text)), text);
    }

    void values_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<double>("value");
        QTest::newRow("int") << "42" << 42.0;
        QTest::newRow("neg") << "-1.5" << -1.5;
        QTest::newRow("plus") << "+2" << 2.0;
        QTest::newRow("exp") << "1e-3" << 0.001;
        QTest::newRow("Exp") << "2.5E+2" << 250.0;
        QTest::newRow("+Inf") << "+Inf" << HUGE_VAL;
        QTest::newRow("-Inf") << "-Inf" << -HUGE_VAL;
        QTest::newRow("Inf") << "Inf" << HUGE_VAL;
    }
    void values()
    {
        QFETCH(QString, text);
        QFETCH(double, value);
        const auto v = parseValue(text.toStdString());
        QVERIFY(v);
        QCOMPARE(*v, value);
    }

    void nanValue()
    {
        QVERIFY(std::isnan(*parseValue("NaN")));
        QVERIFY(!parseValue("nope"));
        QVERIFY(!parseValue("1.0x"));
        QVERIFY(!parseValue(""));
    }

    void malformed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad value") << "a 1\nb{x=\"y\"} one\n" << 2 << 10 << "invalid value 'one'";
        QTest::newRow("no value") << "a 1\n\nb\n" << 3 << 2 << "expected a value";
        QTest::newRow("unterminated value") << "a{x=\"y} 1\n" << 1 << 10 << "unterminated";
        QTest::newRow("missing brace") << "a{x=\"y\" 1\n" << 1 << 9 << "expected ',' or '}'";
        QTest::newRow("bad escape") << "a{x=\"\\t\"} 1\n" << 1 << 6 << "invalid escape";
        QTest::newRow("label name") << "a{1x=\"y\"} 1\n" << 1 << 3 << "expected a label name";
        QTest::newRow("duplicate label") << "a{x=\"1\",x=\"2\"} 1\n"
                                         << 1 << 9 << "duplicate label name 'x'";
        QTest::newRow("no equals") << "a{x \"1\"} 1\n" << 1 << 5 << "expected '='";
        QTest::newRow("bad timestamp") << "a 1 12.5\n" << 1 << 5 << "invalid timestamp";
        QTest::newRow("trailing text") << "a 1 12 13\n" << 1 << 8 << "after the timestamp";
        QTest::newRow("bad type") << "# TYPE a countr\n" << 1 << 10 << "unknown metric type";
        QTest::newRow("second type") << "# TYPE a gauge\n# TYPE a gauge\n"
                                     << 2 << 8 << "second TYPE";
        QTest::newRow("second help") << "# HELP a x\n# HELP a y\n" << 2 << 8 << "second HELP";
        QTest::newRow("type after samples") << "a 1\n# TYPE a gauge\n" << 2 << 8 << "after its";
        QTest::newRow("bad name") << "3a 1\n" << 1 << 1 << "expected a metric name";
        QTest::newRow("help with a bad name") << "# HELP 9x y\n"
                                              << 1 << 8 << "expected a metric name";
        QTest::newRow("bad char in name") << "a.b 1\n" << 1 << 2 << "invalid character '.'";
        QTest::newRow("bucket bad le") << "# TYPE h histogram\nh_bucket{le=\"big\"} 1\n"
                                       << 2 << 1 << "not a number";
    }
    void malformed()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, message);
        const auto r = parseText(text.toStdString());
        const auto *e = std::get_if<ParseError>(&r);
        QVERIFY2(e, "expected a parse error");
        QVERIFY2(QString::fromStdString(e->message).contains(message), e->message.c_str());
        QCOMPARE(e->line, line);
        QCOMPARE(e->column, column);
        QVERIFY(QString::fromStdString(e->toString())
                    .startsWith(QStringLiteral("line %1, column %2: ").arg(line).arg(column)));
    }

    void samplesRejoinTheirFamily()
    {
        // A family interrupted by another one keeps its TYPE for its later samples.
        const Exposition e = parseOk("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nother 1\n"
                                     "h_sum 3\nh_count 2\n");
        QCOMPARE(int(e.families.size()), 2);
        QCOMPARE(int(e.find("h")->samples.size()), 3);
    }

    void aHeaderStartsItsFamily()
    {
        // h_bucket first forms an untyped family; after "# TYPE h histogram" the next
        // h_bucket belongs to h.
        const Exposition e = parseOk("h_bucket 1\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\n");
        QCOMPARE(int(e.find("h_bucket")->samples.size()), 1);
        QCOMPARE(int(e.find("h")->samples.size()), 1);
        QCOMPARE(e.find("h")->samples[0].value, 2.0);
    }

    void selector_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("getOk");
        QTest::addColumn<bool>("post500");
        QTest::addColumn<bool>("get200");
        QTest::newRow("empty") << "" << true << true << true;
        QTest::newRow("braces only") << "{}" << true << true << true;
        QTest::newRow("equal") << "{method=\"GET\"}" << true << false << true;
        QTest::newRow("no braces") << "method=\"GET\"" << true << false << true;
        QTest::newRow("not equal") << "{method!=\"GET\"}" << false << true << false;
        QTest::newRow("regex") << "{status=~\"5..\"}" << false << true << false;
        QTest::newRow("regex anchored") << "{status=~\"0\"}" << false << false << false;
        QTest::newRow("not regex") << "{status!~\"2..\"}" << false << true << false;
        QTest::newRow("two") << "{method=\"GET\", status=~\"2..\"}" << true << false << true;
        QTest::newRow("missing label is empty") << "{route=\"\"}" << true << true << true;
        QTest::newRow("single quotes") << "{method='POST'}" << false << true << false;
    }
    void selector()
    {
        QFETCH(QString, text);
        QFETCH(bool, getOk);
        QFETCH(bool, post500);
        QFETCH(bool, get200);
        const auto r = Selector::parse(text.toStdString());
        QVERIFY(std::holds_alternative<Selector>(r));
        const Selector &s = std::get<Selector>(r);
        QCOMPARE(s.matches({{"method", "GET"}, {"status", "200"}}), getOk);
        QCOMPARE(s.matches({{"method", "POST"}, {"status", "500"}}), post500);
        QCOMPARE(s.matches({{"method", "GET"}, {"status", "200"}, {"extra", "x"}}), get200);
    }

    void selectorErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("position");
        QTest::newRow("no op") << "{method \"GET\"}" << 8;
        QTest::newRow("unquoted") << "{method=GET}" << 8;
        QTest::newRow("unterminated") << "{a=\"x}" << 3;
        QTest::newRow("no closing brace") << "{a=\"x\"" << 6;
        QTest::newRow("bad regex") << "{a=~\"(\"}" << 5;
        QTest::newRow("junk") << "{a=\"x\" b=\"y\"}" << 7;
        QTest::newRow("bad name") << "{9=\"x\"}" << 1;
        QTest::newRow("deep regex") << "{a=~\"" + QString(20, '(') + QString(20, ')') + "\"}" << 5;
        QTest::newRow("long regex") << "{a=~\"" + QString(300, 'x') + "\"}" << 5;
    }
    void selectorErrors()
    {
        QFETCH(QString, text);
        QFETCH(int, position);
        const auto r = Selector::parse(text.toStdString());
        const auto *e = std::get_if<SelectorError>(&r);
        QVERIFY(e);
        QCOMPARE(e->position, position);
        QVERIFY(!e->message.empty());
    }
};

QTEST_GUILESS_MAIN(tst_Prometheus)
#include "tst_prometheus.moc"
